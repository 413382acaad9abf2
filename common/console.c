/* Console: routes character I/O to the board's serial device. */
#include "console.h"

static const struct console_dev *con;
static int pending = -1; /* a character read by ctrlc()/tstc() and not yet consumed */

void console_init(const struct console_dev *dev)
{
	con = dev;
	if (con->ops->init)
		con->ops->init(con);
}

void console_putc(char c)
{
	if (!con)
		return;
	if (c == '\n')
		con->ops->putc(con, '\r');
	con->ops->putc(con, c);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

int console_tstc(void)
{
	if (pending < 0 && con)
		pending = con->ops->getc(con);
	return pending >= 0;
}

int console_getc(void)
{
	int c;

	while (!console_tstc())
		;
	c = pending;
	pending = -1;
	return c;
}

bool ctrlc(void)
{
	/* as U-Boot: any other waiting character is dropped */
	if (console_tstc()) {
		int c = pending;
		pending = -1;
		return c == 0x03;
	}
	return false;
}
