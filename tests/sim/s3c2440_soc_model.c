/* S3C2440 UART and watchdog register models (datasheet ch. 11 and 18) for the mini2440 host tests. */
#include <string.h>
#include "s3c2440_soc_model.h"
#include "sim_bus.h"

/* ---- UART ---- */

#define UFCON_FIFO_ON 1u

static bool uart_fifo(const struct uart_model *u)
{
	return u->ufcon & UFCON_FIFO_ON;
}

void uart_model_receive(struct uart_model *u, uint8_t byte)
{
	unsigned int cap = uart_fifo(u) ? UART_MODEL_FIFO : 1;

	if (u->rx_n == cap) { /* overrun: the new byte is lost (FIFO) or overwrites (holding register) */
		u->overruns++;
		if (!uart_fifo(u))
			u->rx[0] = byte;
		return;
	}
	u->rx[u->rx_n++] = byte;
}

static uint32_t uart_read(void *ctx, uintptr_t off, int width)
{
	struct uart_model *u = ctx;
	uint32_t v;

	(void)width;
	// clang-format off
	switch (off) {
	case 0x00: return u->ulcon;
	case 0x04: return u->ucon;
	case 0x08: return u->ufcon;
	case 0x0c: return u->umcon;
	case 0x10: /* UTRSTAT: RX data ready, TX buffer (FIFO) empty, transmitter empty */
		return (u->rx_n ? 1u : 0) | 6u;
	case 0x18: /* UFSTAT: RX count [5:0], RX full [6]; TX always drained */
		if (!uart_fifo(u))
			return 0;
		return u->rx_n == UART_MODEL_FIFO ? 0x40u : u->rx_n;
	case 0x24: /* URXH */
		if (!u->rx_n)
			return 0;
		v = u->rx[0];
		memmove(u->rx, u->rx + 1, --u->rx_n);
		return v;
	case 0x28: return u->ubrdiv;
	default: return 0;
	}
	// clang-format on
}

static void uart_write(void *ctx, uintptr_t off, uint32_t v, int width)
{
	struct uart_model *u = ctx;

	(void)width;
	// clang-format off
	switch (off) {
	case 0x00: u->ulcon = v; break;
	case 0x04: u->ucon = v; break;
	case 0x08:
		if (v & 2u) /* RX FIFO reset (the bit clears itself) */
			u->rx_n = 0;
		u->ufcon = v & ~6u;
		break;
	case 0x0c: u->umcon = v; break;
	case 0x20:
		if (u->tx_n < sizeof(u->tx))
			u->tx[u->tx_n++] = (char)v;
		break;
	case 0x28: u->ubrdiv = v; break;
	}
	// clang-format on
}

void uart_model_init(struct uart_model *u, uintptr_t base)
{
	// clang-format off
	struct sim_region r = { .base = base, .size = 0x4000, .read = uart_read, .write = uart_write, .ctx = u };
	// clang-format on

	memset(u, 0, sizeof(*u));
	sim_bus_add(&r);
}

/* ---- watchdog ---- */

static uint64_t wdt_period_ns(const struct wdt_model *w)
{
	uint32_t prescaler = (w->wtcon >> 8) & 0xff, div = 16u << ((w->wtcon >> 3) & 3);

	return (uint64_t)(prescaler + 1) * div * 1000000000ull / w->pclk_hz;
}

/* WTCNT now, counting down from its value at enabled_ns */
static uint32_t wdt_count(const struct wdt_model *w)
{
	uint64_t ticks;

	if (!(w->wtcon & (1u << 5)))
		return w->wtcnt;
	ticks = (sim_time_ns - w->enabled_ns) / wdt_period_ns(w);
	return ticks >= w->wtcnt ? 0 : w->wtcnt - (uint32_t)ticks;
}

void wdt_model_update(struct wdt_model *w)
{
	if (!w->fired && (w->wtcon & (1u << 5)) && (w->wtcon & 1u) && !wdt_count(w)) {
		w->fired = true;
		w->fired_ns = w->enabled_ns + (uint64_t)w->wtcnt * wdt_period_ns(w);
	}
}

static uint32_t wdt_read(void *ctx, uintptr_t off, int width)
{
	struct wdt_model *w = ctx;

	(void)width;
	wdt_model_update(w);
	// clang-format off
	switch (off) {
	case 0x0: return w->wtcon;
	case 0x4: return w->wtdat;
	case 0x8: return wdt_count(w);
	default: return 0;
	}
	// clang-format on
}

static void wdt_write(void *ctx, uintptr_t off, uint32_t v, int width)
{
	struct wdt_model *w = ctx;

	(void)width;
	wdt_model_update(w);
	// clang-format off
	switch (off) {
	case 0x0:
		w->wtcnt = wdt_count(w); /* freeze or restart the count where it is */
		w->wtcon = v;
		w->enabled_ns = sim_time_ns;
		break;
	case 0x4: w->wtdat = v; break;
	case 0x8:
		w->wtcnt = v;
		w->enabled_ns = sim_time_ns;
		break;
	}
	// clang-format on
}

void wdt_model_init(struct wdt_model *w, uint32_t pclk_hz)
{
	// clang-format off
	struct sim_region r = { .base = 0x53000000, .size = 0x10, .read = wdt_read, .write = wdt_write, .ctx = w };
	// clang-format on

	memset(w, 0, sizeof(*w));
	w->pclk_hz = pclk_hz;
	w->wtcon = 0x8021;
	w->wtdat = w->wtcnt = 0x8000;
	w->enabled_ns = sim_time_ns;
	sim_bus_add(&r);
}
