/* see kernel.h; on the host the C library includes the system's linux/types.h itself: that one first */
#if defined(__has_include_next)
#if __has_include_next(<linux/types.h>)
#include_next <linux/types.h>
#endif
#endif
#include <linux/kernel.h>
