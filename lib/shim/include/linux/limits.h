/* see kernel.h; on the host the C library includes the system's linux/limits.h itself: that one first */
#if defined(__has_include_next)
#if __has_include_next(<linux/limits.h>)
#include_next <linux/limits.h>
#endif
#endif
#include <linux/kernel.h>
