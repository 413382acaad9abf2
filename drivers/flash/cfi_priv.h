/* Internals shared by the CFI core, the JEDEC table and the command sets: bus accessors and ops. */
#ifndef FB_CFI_PRIV_H
#define FB_CFI_PRIV_H

#include "cfi.h"
#include "io.h"
#include "timer.h"

/* Called from __ramfunc code while the flash is not readable: must be inlined. */
#define cfi_inline static inline __attribute__((always_inline))

/* Intel status register bits */
#define SR_READY 0x80
#define SR_ERASE_ERR 0x20
#define SR_PROG_ERR 0x10
#define SR_VPP_ERR 0x08
#define SR_LOCKED 0x02

/* AMD status bits on DQ */
#define DQ7 0x80
#define DQ6 0x40
#define DQ5 0x20
#define DQ1 0x02

/* Time-out floors: a chip's own maximum is used when larger. */
#define CFI_TMO_WORD_FLOOR_US 1000u
#define CFI_TMO_BUF_FLOOR_US 2000u
#define CFI_TMO_ERASE_FLOOR_US 1000000u
#define CFI_TMO_CHIP_FLOOR_US 10000000u
#define CFI_TMO_READY_FLOOR_US 100000u /* a busy chip at the start of an operation */

struct cfi_cmdset_ops {
	const char *name;
	void (*reset)(struct cfi_flash *f);
	int (*erase_block)(struct cfi_flash *f, uint32_t ofs);
	int (*erase_chip)(struct cfi_flash *f);
	/* one bus word at a bus-aligned offset */
	int (*write_word)(struct cfi_flash *f, uint32_t ofs, uint32_t val);
	/* len bytes, bus-aligned, inside one write-buffer window, at least two bus words */
	int (*write_buffer)(struct cfi_flash *f, uint32_t ofs, const uint8_t *buf, uint32_t len);
	int (*lock)(struct cfi_flash *f, uint32_t ofs, bool lock); /* NULL: no locking */
	int (*is_locked)(struct cfi_flash *f, uint32_t ofs);
	void (*setup)(struct cfi_flash *f); /* after probe: clear status etc. */
	/* before every operation: any half-given command ended, status clear, read
	 * array; waits up to f->tmo_ready_us for a chip still busy (-ETIMEDOUT) */
	int (*recover)(struct cfi_flash *f, uint32_t ofs);
};

extern const struct cfi_cmdset_ops cfi_intel_ops;
extern const struct cfi_cmdset_ops cfi_amd_ops;

cfi_inline uint32_t cfi_read_bus(const struct cfi_flash *f, uintptr_t addr)
{
	if (f->bankwidth == 1)
		return readb(addr);
	if (f->bankwidth == 2)
		return readw(addr);
	return readl(addr);
}

cfi_inline void cfi_write_bus(const struct cfi_flash *f, uintptr_t addr, uint32_t v)
{
	if (f->bankwidth == 1)
		writeb((uint8_t)v, addr);
	else if (f->bankwidth == 2)
		writew((uint16_t)v, addr);
	else
		writel(v, addr);
}

/* Bus word from bytes in memory order (little-endian CPU); no library call. */
cfi_inline uint32_t cfi_bus_word(const uint8_t *p, unsigned int bw)
{
	uint32_t v = p[0];

	if (bw > 1)
		v |= (uint32_t)p[1] << 8;
	if (bw > 2)
		v |= (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return v;
}

/* The data phase of a buffered write (both command sets): words bus words from buf at ofs. */
cfi_inline void cfi_write_words(const struct cfi_flash *f, uint32_t ofs, const uint8_t *buf,
				uint32_t words)
{
	unsigned int bw = f->bankwidth;
	uint32_t i;

	if (bw == 4 && !((uintptr_t)buf & 3)) {
		/* a 32-bit bus and aligned data: whole words, no per-byte assembly */
		const uint32_t *w = (const uint32_t *)buf;

		for (i = 0; i < words; i++)
			writel(w[i], f->base + ofs + 4 * i);
		return;
	}
	for (i = 0; i < words; i++)
		cfi_write_bus(f, f->base + ofs + i * bw, cfi_bus_word(buf + i * bw, bw));
}

/* Mask of one chip's lane on the bus. */
cfi_inline uint32_t cfi_lane_mask(const struct cfi_flash *f)
{
	return f->chipwidth >= 4 ? 0xffffffffu : (1u << (8 * f->chipwidth)) - 1;
}

/* v (one chip's value) copied into every chip's lane. */
cfi_inline uint32_t cfi_replicate(const struct cfi_flash *f, uint32_t v)
{
	uint32_t r = 0;
	unsigned int i;

	v &= cfi_lane_mask(f);
	for (i = 0; i < f->interleave; i++)
		r |= v << (8 * f->chipwidth * i);
	return r;
}

/* Bus address of chip address a, counted in the chip's native words. */
cfi_inline uintptr_t cfi_chip_addr(const struct cfi_flash *f, uint32_t a)
{
	return f->base + (uintptr_t)a * f->chiptype * f->interleave;
}

/*
 * Bus address of a command cycle at chip word offset ofs (0x55, 0x555, 0x2AA,
 * 0x5555, 0x2AAA). A wide chip in byte mode gains A-1 as its lowest address
 * line; its byte-mode command addresses are 0xAA, 0xAAA/0x555, 0xAAAA/0x5555,
 * i.e. the word offset shifted up with A-1 set for the even (0x2AA-style) ones.
 */
cfi_inline uintptr_t cfi_cmd_addr(const struct cfi_flash *f, uint32_t ofs)
{
	uint32_t a = ofs;

	if (f->chipwidth < f->chiptype)
		a = (ofs << 1) | (~ofs & 1);
	return f->base + (uintptr_t)a * f->bankwidth;
}

cfi_inline void cfi_cmd(const struct cfi_flash *f, uint32_t ofs, uint8_t cmd)
{
	cfi_write_bus(f, cfi_cmd_addr(f, ofs), cfi_replicate(f, cmd));
}

/* Command written at a bank offset (Intel: block address). */
cfi_inline void cfi_cmd_at(const struct cfi_flash *f, uint32_t bankofs, uint32_t cmd)
{
	cfi_write_bus(f, f->base + bankofs, cfi_replicate(f, cmd));
}

/*
 * What recovery writes first: all ones in every lane of x8/x16 chips (as the
 * data of a pending program it changes nothing), 0xFF for x32 ones (QEMU's
 * pflash takes the whole word as a buffer count: 0xFF keeps it small). As a
 * command it is 0xFF: read array (Intel), an invalid command (AMD).
 */
cfi_inline uint32_t cfi_flush_word(const struct cfi_flash *f)
{
	return cfi_replicate(f, f->chipwidth >= 4 ? 0xff : 0xffff);
}

/* Every chip's low byte of v ORed together / ANDed together. */
cfi_inline uint8_t cfi_lanes_or(const struct cfi_flash *f, uint32_t v)
{
	uint8_t r = 0;
	unsigned int i;

	for (i = 0; i < f->interleave; i++)
		r |= (uint8_t)(v >> (8 * f->chipwidth * i));
	return r;
}

cfi_inline uint8_t cfi_lanes_and(const struct cfi_flash *f, uint32_t v)
{
	uint8_t r = 0xff;
	unsigned int i;

	for (i = 0; i < f->interleave; i++)
		r &= (uint8_t)(v >> (8 * f->chipwidth * i));
	return r;
}

cfi_inline bool cfi_timed_out(uint64_t start, uint64_t tmo_us)
{
	return timer_us() - start > tmo_us;
}

/* JEDEC table (jedec.c) */
struct jedec_part {
	const char *name;
	uint8_t manuf;
	uint16_t device;
	uint16_t cmdset;
	uint8_t widths; /* bit 0: x8 mode, bit 1: x16 mode */
	uint16_t unlock1, unlock2;
	uint32_t size; /* per chip */
	uint16_t wbuf; /* per chip, 0: none */
	uint8_t nregions;
	struct {
		uint16_t kib; /* block size in KiB: 4-byte entries keep the table at 40 bytes a part */
		uint16_t count;
	} regions[4];
};

const struct jedec_part *jedec_lookup(uint32_t manuf, uint32_t device, unsigned int chipwidth);
int jedec_probe(struct cfi_flash *f, size_t maxsize);
void cfi_layout_set(struct cfi_flash *f, unsigned int interleave, unsigned int chiptype);
unsigned int cfi_layouts(unsigned int bankwidth, unsigned int out[][2]);
void cfi_reset_all(struct cfi_flash *f);
uint32_t cfi_read_lane0(const struct cfi_flash *f, uint32_t index, bool *consistent);
void cfi_finish_probe(struct cfi_flash *f);

#endif
