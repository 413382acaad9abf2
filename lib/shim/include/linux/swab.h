/* see kernel.h; on the host the C library includes the system's linux/swab.h itself: that one first */
#if defined(__has_include_next)
#if __has_include_next(<linux/swab.h>)
#include_next <linux/swab.h>
#endif
#endif
#include <linux/kernel.h>
