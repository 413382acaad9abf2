/* Register and memory-mapped flash accessors; the host build routes them to tests/sim models. */
#ifndef FB_IO_H
#define FB_IO_H

#include <stdint.h>
#include <stddef.h>

#ifdef HOST_SIM
uint8_t sim_read8(uintptr_t addr);
uint16_t sim_read16(uintptr_t addr);
uint32_t sim_read32(uintptr_t addr);
void sim_write8(uintptr_t addr, uint8_t v);
void sim_write16(uintptr_t addr, uint16_t v);
void sim_write32(uintptr_t addr, uint32_t v);

// clang-format off
static inline uint8_t readb(uintptr_t a) { return sim_read8(a); }
static inline uint16_t readw(uintptr_t a) { return sim_read16(a); }
static inline uint32_t readl(uintptr_t a) { return sim_read32(a); }
static inline void writeb(uint8_t v, uintptr_t a) { sim_write8(a, v); }
static inline void writew(uint16_t v, uintptr_t a) { sim_write16(a, v); }
static inline void writel(uint32_t v, uintptr_t a) { sim_write32(a, v); }
// clang-format on

static inline void memcpy_fromio(void *dst, uintptr_t src, size_t len)
{
	uint8_t *d = dst;
	while (len--)
		*d++ = sim_read8(src++);
}
#else
#include <string.h>
// clang-format off
static inline uint8_t readb(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline uint16_t readw(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint32_t readl(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void writeb(uint8_t v, uintptr_t a) { *(volatile uint8_t *)a = v; }
static inline void writew(uint16_t v, uintptr_t a) { *(volatile uint16_t *)a = v; }
static inline void writel(uint32_t v, uintptr_t a) { *(volatile uint32_t *)a = v; }
// clang-format on

/* Memory-mapped flash in read-array mode reads like RAM. */
static inline void memcpy_fromio(void *dst, uintptr_t src, size_t len)
{
	memcpy(dst, (const void *)src, len);
}
#endif

#endif
