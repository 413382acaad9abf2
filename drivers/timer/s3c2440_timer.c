/* S3C2440 PWM timer 4 as a free-running microsecond clock (PCLK/2/16 prescaled, no output pin). */
#include "common.h"
#include "io.h"
#include "timer.h"
#include "s3c2440_timer.h"

#define TIMER_BASE 0x51000000u
#define TCFG0 0x00
#define TCFG1 0x04
#define TCON 0x08
#define TCNTB4 0x3c
#define TCNTO4 0x40

static uint32_t tick_hz, last;
static uint64_t ticks;

void s3c2440_timer_init(uint32_t pclk)
{
	uint32_t prescaler = 1; /* timer4 input = PCLK / (prescaler+1) / 16 */

	writel((readl(TIMER_BASE + TCFG0) & ~0xff00u) | (prescaler << 8), TIMER_BASE + TCFG0);
	writel((readl(TIMER_BASE + TCFG1) & ~0xf0000u) | (3u << 16), TIMER_BASE + TCFG1);
	tick_hz = pclk / (prescaler + 1) / 16;
	writel(0xffff, TIMER_BASE + TCNTB4);
	writel((readl(TIMER_BASE + TCON) & ~(7u << 20)) | (1u << 21),
	       TIMER_BASE + TCON); /* manual update */
	writel((readl(TIMER_BASE + TCON) & ~(7u << 20)) | (5u << 20),
	       TIMER_BASE + TCON); /* start, auto reload */
	last = readl(TIMER_BASE + TCNTO4) & 0xffff;
	ticks = 0;
}

uint64_t timer_us(void)
{
	uint32_t now = readl(TIMER_BASE + TCNTO4) & 0xffff;

	ticks += (last - now) & 0xffff; /* 16-bit down-counter; polled often enough (~41 ms wrap) */
	last = now;
	return ticks * 1000000u / tick_hz;
}

uint64_t timer_since_reset_ns(void)
{
	return timer_us() * 1000;
}
