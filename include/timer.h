/* Board timer: a free-running microsecond clock and delays (time-outs are measured with it). */
#ifndef FB_TIMER_H
#define FB_TIMER_H
#include <stdint.h>

uint64_t timer_us(void); /* microseconds since timer_init(), monotonic */
void udelay(uint32_t us);
void mdelay(uint32_t ms);

#endif

/* Nanoseconds since the SoC left reset where the board has such a counter (versatilepb:
 * the 24 MHz system counter), else since timer init. Under QEMU -icount shift=0 one
 * nanosecond is one guest instruction, which `make bench` relies on. */
uint64_t timer_since_reset_ns(void);
