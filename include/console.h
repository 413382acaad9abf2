/* The console: one serial device behind console_ops, plus the character I/O everyone uses. */
#ifndef FB_CONSOLE_H
#define FB_CONSOLE_H
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>

struct console_dev;
struct console_ops {
	void (*init)(const struct console_dev *dev);
	void (*putc)(const struct console_dev *dev, char c);
	int (*getc)(const struct console_dev *dev); /* -1 when nothing waits */
};
struct console_dev {
	const struct console_ops *ops;
	uintptr_t base;
	uint32_t clock_hz; /* UART input clock (PCLK) */
	uint32_t baud;
};

void console_init(const struct console_dev *dev);
void console_putc(char c);
void console_puts(const char *s);
/* vprintf to the console (common/printf.c): the host's <stdio.h> inlines vprintf into its own stdout */
int console_vprintf(const char *fmt, va_list ap);
int console_tstc(void); /* 1 when a character waits */
int console_getc(void); /* blocks */
bool ctrlc(void);       /* true when Ctrl-C was typed (consumes it and what was typed before it) */
bool had_ctrlc(void);   /* a ctrlc() said true since clear_ctrlc(): the command list stops */
void clear_ctrlc(void);

#endif
