/* S3C2440 watchdog: stopped at start-up, or used to reset the SoC (U-Boot's s3c24x0 reset_cpu). */
#include "common.h"
#include "io.h"
#include "timer.h"
#include "s3c2440_timer.h"

#define WTCON 0x53000000u
#define WTDAT 0x53000004u
#define WTCNT 0x53000008u
#define WTCON_RESET (1u << 0)
#define WTCON_ENABLE (1u << 5)
#define WDT_RESET_WAIT_US 100000u /* the reset comes after 16 PCLK cycles; 100 ms is "never" */

void s3c2440_wdt_stop(void)
{
	writel(0, WTCON);
}

void s3c2440_wdt_reset(void)
{
	uint64_t t0;

	writel(0, WTCON);
	writel(1, WTDAT);
	writel(1, WTCNT);
	/* prescaler 0, PCLK/16, reset output on: the count of 1 runs out at once */
	writel(WTCON_ENABLE | WTCON_RESET, WTCON);
	/* wait for it: returning would make the caller say the reset failed while it happens */
	t0 = timer_us();
	while (timer_us() - t0 < WDT_RESET_WAIT_US)
		udelay(100);
}
