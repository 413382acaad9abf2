/* Test-rootfs: mark a boot good in flashboot's on-flash environment, as fw_setenv would. */
#ifndef FWENV_H
#define FWENV_H

/*
 * When the environment in the MTD partition "env" has upgrade_available or a
 * bootcount set, write bootcount=0 and upgrade_available=0 to the other copy
 * and make it the active one. Reports through say(); 0 when done or nothing to do.
 */
int fwenv_mark_good(void (*say)(const char *fmt, ...));

#endif
