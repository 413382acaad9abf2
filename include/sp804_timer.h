/* The SP804 timer driver (drivers/timer/sp804.c): versatilepb starts it as its timer_init (the S3C2440 one is in s3c2440_timer.h). */
#ifndef FB_SP804_TIMER_H
#define FB_SP804_TIMER_H
#include <stdint.h>

void sp804_timer_init(void);

#endif
