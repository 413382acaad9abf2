/* ARM SP804 dual timer (Versatile PB, 1 MHz): timer 1 free-running down-counter as the microsecond clock. */
#include "common.h"
#include "io.h"
#include "timer.h"
#include "sp804_timer.h"

#define SP804_BASE 0x101e2000u
#define T_LOAD 0x00
#define T_VALUE 0x04
#define T_CTRL 0x08
#define CTRL_EN (1u << 7)
#define CTRL_32BIT (1u << 1)

static uint32_t last;
static uint64_t total;

void sp804_timer_init(void)
{
	writel(0, SP804_BASE + T_CTRL);
	writel(0xffffffffu, SP804_BASE + T_LOAD);
	writel(CTRL_EN | CTRL_32BIT, SP804_BASE + T_CTRL); /* free-running, prescale 1 */
	last = readl(SP804_BASE + T_VALUE);
	total = 0;
}

uint64_t timer_us(void)
{
	uint32_t now = readl(SP804_BASE + T_VALUE);

	total += (uint32_t)(last - now); /* counts down */
	last = now;
	return total;
}

#define SYS_24MHZ 0x1000005cu
static uint32_t last24;
static uint64_t total24;

uint64_t timer_since_reset_ns(void)
{
	uint32_t now = readl(SYS_24MHZ);

	total24 += (uint32_t)(now - last24);
	last24 = now;
	return total24 * 125 / 3; /* 41.67 ns per tick */
}
