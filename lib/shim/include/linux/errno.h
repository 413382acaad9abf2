/* see kernel.h; on the host the C library includes the system's linux/errno.h itself: that one first */
#if defined(__has_include_next)
#if __has_include_next(<linux/errno.h>)
#include_next <linux/errno.h>
#endif
#endif
#include <linux/kernel.h>
