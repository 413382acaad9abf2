/* flashboot's stand-in for the kernel headers the Linux decompressors include (lib/zlib_inflate,
 * lib/decompress_unlzma.c, lib/lz4, lib/zstd, lib/xxhash.c, built from Debian's linux-source-6.1 at
 * build time: tools/fetch-linux-lib.sh). Only what those files use; no kernel code is here. */
#ifndef FB_SHIM_LINUX_KERNEL_H
#define FB_SHIM_LINUX_KERNEL_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <limits.h>
#include <errno.h>

/* both boards and the host are little-endian; the decoders test the kernel's macro */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the decompressor shim assumes a little-endian CPU"
#endif
#ifndef __LITTLE_ENDIAN
#define __LITTLE_ENDIAN 1234
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef noinline
#define noinline __attribute__((noinline))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif
#ifndef __force
#define __force
#endif
#ifndef __init
#define __init
#endif
#ifndef __initdata
#define __initdata
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define fallthrough __attribute__((__fallthrough__))
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)
/* the Kconfig options the decoders test are all off (ARMv5: no efficient unaligned access) */
// clang-format off
#define IS_ENABLED(option) 0
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define WARN_ON(c) (!!(c))
#define barrier() __asm__ __volatile__("" ::: "memory")
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define pr_debug(...) do { } while (0)
#define pr_err(...) do { } while (0)
#define pr_warn(...) do { } while (0)
// clang-format on

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))

#define BITS_PER_LONG (__SIZEOF_LONG__ * 8)
#define __ffs(x) ((unsigned long)__builtin_ctzl(x))
#define __fls(x) ((unsigned long)(BITS_PER_LONG - 1 - __builtin_clzl(x)))

static inline uint64_t div_u64(uint64_t a, uint32_t b)
{
	return a / b;
}

#define __swab32(x) __builtin_bswap32(x)
#define __swab64(x) __builtin_bswap64(x)
#define swab32(x) __builtin_bswap32(x)
#define swab64(x) __builtin_bswap64(x)
#define cpu_to_le16(x) ((uint16_t)(x))
#define cpu_to_le32(x) ((uint32_t)(x))
#define cpu_to_le64(x) ((uint64_t)(x))
#define le16_to_cpu(x) ((uint16_t)(x))
#define le32_to_cpu(x) ((uint32_t)(x))
#define le64_to_cpu(x) ((uint64_t)(x))

/* unaligned access (asm/unaligned.h) */
// clang-format off
#define FB_SHIM_GET(t, p) ({ t _v; memcpy(&_v, (p), sizeof(_v)); _v; })
#define FB_SHIM_PUT(t, v, p) ({ t _v = (v); memcpy((p), &_v, sizeof(_v)); (void)0; })
#define get_unaligned(p) \
	({ const struct __attribute__((packed)) { __typeof__(*(p)) v; } *_gu = (const void *)(p); _gu->v; })
#define put_unaligned(val, p) \
	({ struct __attribute__((packed)) { __typeof__(*(p)) v; } *_pu = (void *)(p); _pu->v = (val); (void)0; })
#define get_unaligned_le16(p) FB_SHIM_GET(uint16_t, p)
#define get_unaligned_le32(p) FB_SHIM_GET(uint32_t, p)
#define get_unaligned_le64(p) FB_SHIM_GET(uint64_t, p)
#define put_unaligned_le16(v, p) FB_SHIM_PUT(uint16_t, v, p)
#define put_unaligned_le32(v, p) FB_SHIM_PUT(uint32_t, v, p)
#define put_unaligned_le64(v, p) FB_SHIM_PUT(uint64_t, v, p)
#define get_unaligned_be32(p) __builtin_bswap32(FB_SHIM_GET(uint32_t, p))
#define get_unaligned_be64(p) __builtin_bswap64(FB_SHIM_GET(uint64_t, p))
#define put_unaligned_be32(v, p) FB_SHIM_PUT(uint32_t, __builtin_bswap32(v), p)
#define put_unaligned_be64(v, p) FB_SHIM_PUT(uint64_t, __builtin_bswap64(v), p)
// clang-format on

/* lib/zstd's zstd_deps.h asks for these when ZSTD_DEPS_NEED_MALLOC/MATH64 is defined */
#endif
