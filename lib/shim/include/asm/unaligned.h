/* see linux/kernel.h */
#include <linux/kernel.h>
