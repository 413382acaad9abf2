/* Busy-wait delays on top of the board's microsecond clock. */
#include "timer.h"

void udelay(uint32_t us)
{
	uint64_t end = timer_us() + us;

	while (timer_us() < end)
		;
}

void mdelay(uint32_t ms)
{
	while (ms--)
		udelay(1000);
}
