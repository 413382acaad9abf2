/* Board timer: a free-running microsecond clock and delays (time-outs are measured with it). */
#ifndef FB_TIMER_H
#define FB_TIMER_H
#include <stdint.h>

uint64_t timer_us(void);          /* microseconds since timer_init(), monotonic */
void udelay(uint32_t us);
void mdelay(uint32_t ms);

#endif
