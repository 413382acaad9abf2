/* Samsung S3C2440 UART: 8N1 with the baud divisor from PCLK, polled I/O through the 64-byte FIFOs. */
#include "console.h"
#include "io.h"
#include "serial.h"

#define ULCON 0x00
#define UCON 0x04
#define UFCON 0x08
#define UMCON 0x0c
#define UTRSTAT 0x10
#define UTXH 0x20
#define URXH 0x24
#define UBRDIV 0x28
#define UFSTAT 0x18
#define UTRSTAT_TX_EMPTY (1u << 1)
#define UFCON_FIFO_ON (1u << 0)
#define UFCON_RX_RESET (1u << 1)
#define UFCON_TX_RESET (1u << 2)
#define UFSTAT_RX_COUNT 0x3fu    /* bytes in the RX FIFO ... */
#define UFSTAT_RX_FULL (1u << 6) /* ... 64 when this is set */

uint32_t s3c2440_uart_divisor(uint32_t pclk, uint32_t baud)
{
	/* UBRDIV = PCLK / (16 x baud) - 1, rounded to nearest */
	return (pclk + 8 * baud) / (16 * baud) - 1;
}

static void s3c_uart_init(const struct console_dev *d)
{
	writel(0x3, d->base + ULCON); /* 8N1, normal mode */
	writel(0x5, d->base + UCON);  /* polling TX and RX, PCLK */
	/*
	 * FIFOs on (and emptied): with the single holding register a second
	 * byte arriving while a command runs overwrote the first, so typed-ahead
	 * or pasted input was lost. The RX FIFO keeps 64 bytes, 5.5 ms at 115200.
	 */
	writel(UFCON_FIFO_ON | UFCON_RX_RESET | UFCON_TX_RESET, d->base + UFCON);
	writel(0x0, d->base + UMCON);
	writel(s3c2440_uart_divisor(d->clock_hz, d->baud), d->base + UBRDIV);
}

static void s3c_uart_putc(const struct console_dev *d, char c)
{
	while (!(readl(d->base + UTRSTAT) & UTRSTAT_TX_EMPTY))
		;
	writeb((uint8_t)c, d->base + UTXH);
}

static int s3c_uart_getc(const struct console_dev *d)
{
	/* FIFO mode: UFSTAT counts what waits (Linux's s3c24xx driver reads it the same way) */
	if (!(readl(d->base + UFSTAT) & (UFSTAT_RX_COUNT | UFSTAT_RX_FULL)))
		return -1;
	return readb(d->base + URXH);
}

const struct console_ops s3c2440_uart_ops = {
	.init = s3c_uart_init,
	.putc = s3c_uart_putc,
	.getc = s3c_uart_getc,
};
