/* Common definitions shared by every layer of flashboot. */
#ifndef FB_COMMON_H
#define FB_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>

/* newlib lacks the MTD-specific codes Linux uses; keep Linux's values. */
#ifndef EUCLEAN
#define EUCLEAN 117
#endif
#ifndef EBADMSG
#define EBADMSG 74
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT 116
#endif
#ifndef EREMOTEIO
#define EREMOTEIO 121 /* the peer reported an error (a TFTP error packet) */
#endif

// clang-format off
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
// clang-format on

#define SZ_1K 0x400u
#define SZ_4K 0x1000u
#define SZ_64K 0x10000u
#define SZ_128K 0x20000u
#define SZ_256K 0x40000u
#define SZ_1M 0x100000u

#ifndef __unused
#define __unused __attribute__((unused))
#endif
#define __noreturn __attribute__((noreturn))
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif

#ifdef HOST_SIM
#define __ramfunc
#else
/* Flash command code must not run from the flash it drives. */
#define __ramfunc __attribute__((section(".ramfunc"), noinline))
#endif

/* printf and friends: the firmware's own small implementation on target,
 * the C library's on the host. */
#include <stdio.h>
#include <stdarg.h>

const char *errno_str(int err); /* "I/O error" etc. for a negative errno */

#endif
