/* S3C2440 SoC timers: PWM timer 4 as the board clock, the watchdog (drivers/timer/s3c2440_*.c). */
#ifndef FB_S3C2440_TIMER_H
#define FB_S3C2440_TIMER_H
#include <stdint.h>

void s3c2440_timer_init(uint32_t pclk);
void s3c2440_wdt_stop(void);
void s3c2440_wdt_reset(void); /* returns only when the SoC did not reset within 100 ms */

#endif
