/* Boot counting for A/B fallback, as U-Boot's CONFIG_BOOTCOUNT_LIMIT with the environment backend. */
#ifndef FB_BOOTCOUNT_H
#define FB_BOOTCOUNT_H
#include "common.h"

/*
 * Called once per reset, before autoboot: counts this boot (saving the
 * environment while upgrade_available is set) and returns the variable
 * autoboot runs: "altbootcmd" once bootcount passes a non-zero bootlimit,
 * else "bootcmd".
 */
const char *bootcount_bootcmd(void);

#endif
