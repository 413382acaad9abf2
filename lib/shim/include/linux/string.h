/* see kernel.h */
#include <linux/kernel.h>
