/* ARM PL011 UART (Versatile PB UART0): polled transmit and receive. */
#include "console.h"
#include "io.h"
#include "serial.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_IBRD 0x24
#define UART_FBRD 0x28
#define UART_LCRH 0x2c
#define UART_CR 0x30
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)

static void pl011_init(const struct console_dev *d)
{
	/* divisor = clk / (16 * baud) in 16.6 fixed point */
	uint32_t div64 = (uint32_t)(((uint64_t)d->clock_hz * 4 + d->baud / 2) / d->baud);

	writel(0, d->base + UART_CR);
	writel(div64 >> 6, d->base + UART_IBRD);
	writel(div64 & 0x3f, d->base + UART_FBRD);
	writel(0x70, d->base + UART_LCRH); /* 8N1, FIFOs on */
	writel(0x301, d->base + UART_CR);  /* UART, TX, RX enabled */
}

static void pl011_putc(const struct console_dev *d, char c)
{
	while (readl(d->base + UART_FR) & FR_TXFF)
		;
	writel((uint8_t)c, d->base + UART_DR);
}

static int pl011_getc(const struct console_dev *d)
{
	if (readl(d->base + UART_FR) & FR_RXFE)
		return -1;
	return readl(d->base + UART_DR) & 0xff;
}

const struct console_ops pl011_ops = {
	.init = pl011_init,
	.putc = pl011_putc,
	.getc = pl011_getc,
};
