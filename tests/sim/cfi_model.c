/* Register-level parallel NOR models (Intel 0001, AMD/SST 0002, JEDEC-only, QEMU pflash legacy) on the sim bus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cfi_model.h"
#include "sim_bus.h"

#define BUSY_FOREVER UINT64_MAX

static uint32_t lane_mask(const struct cfi_model *m)
{
	return m->p.chipwidth >= 4 ? 0xffffffffu : (1u << (8 * m->p.chipwidth)) - 1;
}

/* ---- storage as seen by one chip: address a in its current-mode units ---- */

static size_t lane_ofs(const struct cfi_model *m, int k, uint32_t a)
{
	return (size_t)a * m->bankwidth + (size_t)k * m->p.chipwidth;
}

static uint32_t lane_get(const struct cfi_model *m, int k, uint32_t a)
{
	size_t o = lane_ofs(m, k, a);
	uint32_t v = 0;

	for (unsigned int i = 0; i < m->p.chipwidth; i++)
		v |= (uint32_t)m->mem[o + i] << (8 * i);
	return v;
}

static void lane_set(struct cfi_model *m, int k, uint32_t a, uint32_t v)
{
	size_t o = lane_ofs(m, k, a);

	for (unsigned int i = 0; i < m->p.chipwidth; i++)
		m->mem[o + i] = (uint8_t)(v >> (8 * i));
}

/* Physical erase layout of one chip (chip byte addresses). */
static const struct cfi_model_region *phys_region(const struct cfi_model *m, unsigned int i)
{
	unsigned int n = m->p.sst_block ? 1 : m->p.nregions;

	if (i >= n)
		return NULL;
	return &m->p.regions[m->p.top_boot ? n - 1 - i : i];
}

/* Block holding chip byte address b: its start, size and index. */
static uint32_t phys_block(const struct cfi_model *m, uint32_t b, uint32_t *start, unsigned int *idx)
{
	const struct cfi_model_region *r;
	uint32_t ofs = 0;
	unsigned int i, n = 0;

	for (i = 0; (r = phys_region(m, i)); i++) {
		if (b < ofs + r->size * r->count) {
			uint32_t j = (b - ofs) / r->size;

			*start = ofs + j * r->size;
			*idx = n + j;
			return r->size;
		}
		ofs += r->size * r->count;
		n += r->count;
	}
	abort();
}

static uint32_t chip_bytes(const struct cfi_model *m, uint32_t a)
{
	return a * m->p.chipwidth;
}

/* Query / ID index from a chip address: wide chips in byte mode gain A-1 as LSB. */
static uint32_t chip_index(const struct cfi_model *m, uint32_t a)
{
	return m->p.chipwidth < m->p.chiptype ? a >> 1 : a;
}

static void fill_ff(struct cfi_model *m, int k, uint32_t start, uint32_t len)
{
	for (uint32_t b = start; b < start + len; b++) {
		size_t o = (size_t)(b / m->p.chipwidth) * m->bankwidth + (size_t)k * m->p.chipwidth +
			   b % m->p.chipwidth;
		m->mem[o] = 0xff;
	}
}

static bool chip_busy(const struct cfi_model *m, const struct cfi_model_chip *c)
{
	return m->hung || sim_time_ns < c->busy_until || c->failed || c->wb_abort;
}

static void start_op(struct cfi_model *m, struct cfi_model_chip *c, uint32_t ns)
{
	c->busy_until = m->stuck_busy ? BUSY_FOREVER : sim_time_ns + ns;
}

static bool is_locked(const struct cfi_model *m, int k, uint32_t a)
{
	uint32_t start;
	unsigned int idx;

	phys_block(m, chip_bytes(m, a), &start, &idx);
	return m->locked[(size_t)k * m->nblocks + idx];
}

/*
 * One data cycle of a buffered write (both command sets): keep the word, flag
 * an address outside the buffer-aligned window the first word opened. True
 * once the announced count is in.
 */
static bool wb_data(struct cfi_model *m, struct cfi_model_chip *c, uint32_t a, uint32_t v)
{
	uint32_t b = chip_bytes(m, a);

	if (c->wb_window < 0)
		c->wb_window = b & ~(m->p.wbuf - 1);
	if (b < c->wb_window || b + m->p.chipwidth > c->wb_window + m->p.wbuf) {
		c->wb_bad = true;
		m->window_violations++;
	}
	if (c->wb_n < CFI_MODEL_MAX_WB) {
		c->wb_addr[c->wb_n] = a;
		c->wb_data[c->wb_n] = v & lane_mask(m);
	}
	return ++c->wb_n >= c->wb_total;
}

/* A read while the chip is not busy (both command sets): ID words 0 and 1, query table or array. */
static uint32_t idle_read(const struct cfi_model *m, int k, const struct cfi_model_chip *c, uint32_t a)
{
	uint32_t idx = chip_index(m, a);

	switch (c->mode) {
	case CM_ID:
		// clang-format off
		switch (idx & 0xff) {
		case 0: return m->p.manuf;
		case 1: return m->p.chipwidth == 1 ? (m->p.device & 0xff) : m->p.device;
		default: return 0;
		}
		// clang-format on
	case CM_QUERY:
		return idx < sizeof(m->cfi) ? m->cfi[idx] : 0;
	default:
		return lane_get(m, k, a);
	}
}

/* ---- Intel 0001 ---- */

enum { I_IDLE, I_PROG, I_ERASE, I_LOCK, I_WB_COUNT, I_WB_DATA, I_WB_CONFIRM };

static void intel_program(struct cfi_model *m, int k, struct cfi_model_chip *c, uint32_t a, uint32_t v)
{
	uint32_t old = lane_get(m, k, a);

	if (is_locked(m, k, a))
		c->status |= 0x12;
	else if (m->fail_program)
		c->status |= 0x10;
	else
		lane_set(m, k, a, m->p.overwrite ? v : old & v);
}

static void intel_write(struct cfi_model *m, int k, uint32_t a, uint32_t v)
{
	struct cfi_model_chip *c = &m->chip[k];
	uint8_t cmd = (uint8_t)v;
	uint32_t start;
	unsigned int idx;

	if (chip_busy(m, c)) {
		/* a stuck state machine gives up on a read-array command */
		if (c->busy_until == BUSY_FOREVER && cmd == 0xff) {
			c->busy_until = 0;
			c->mode = CM_ARRAY;
			c->cycle = I_IDLE;
		}
		return;
	}
	switch (c->cycle) {
	case I_IDLE:
		// clang-format off
		switch (cmd) {
		case 0xff: c->mode = CM_ARRAY; break;
		case 0x70: c->mode = CM_STATUS; break;
		case 0x50: c->status = 0; break;
		case 0x90: c->mode = CM_ID; break;
		case 0x98:
			c->mode = m->p.no_cfi ? CM_STATUS : CM_QUERY;
			if (m->p.no_cfi)
				c->status |= 0x30;
			break;
		case 0x10: case 0x40: c->cycle = I_PROG; c->mode = CM_STATUS; break;
		case 0x20: c->cycle = I_ERASE; c->mode = CM_STATUS; break;
		case 0x60: c->cycle = I_LOCK; c->mode = CM_STATUS; break;
		case 0xe8:
			c->mode = CM_STATUS;
			if (m->p.wbuf)
				c->cycle = I_WB_COUNT;
			else
				c->status |= 0x30;
			break;
		default: /* command sequence error */
			c->status |= 0x30;
			c->mode = CM_STATUS;
			break;
		}
		// clang-format on
		break;
	case I_PROG:
		c->cycle = I_IDLE;
		m->programs++;
		intel_program(m, k, c, a, v);
		start_op(m, c, m->p.program_ns);
		break;
	case I_ERASE:
		c->cycle = I_IDLE;
		if (cmd != 0xd0) {
			c->status |= 0x30;
			break;
		}
		m->erases++;
		if (is_locked(m, k, a)) {
			c->status |= 0x22;
		} else if (m->fail_erase) {
			c->status |= 0x20;
		} else {
			uint32_t len = phys_block(m, chip_bytes(m, a), &start, &idx);
			fill_ff(m, k, start, len);
		}
		start_op(m, c, m->p.erase_ns);
		break;
	case I_LOCK:
		c->cycle = I_IDLE;
		if (cmd != 0x01 && cmd != 0xd0) {
			c->status |= 0x30;
			break;
		}
		phys_block(m, chip_bytes(m, a), &start, &idx);
		m->locked[(size_t)k * m->nblocks + idx] = cmd == 0x01;
		start_op(m, c, m->p.program_ns);
		break;
	case I_WB_COUNT:
		c->wb_total = (v & lane_mask(m)) + 1;
		if (c->wb_total > m->p.wbuf / m->p.chipwidth) {
			c->status |= 0x30;
			c->cycle = I_IDLE;
			break;
		}
		c->wb_n = 0;
		c->wb_window = -1;
		c->wb_bad = false;
		c->cycle = I_WB_DATA;
		break;
	case I_WB_DATA:
		if (wb_data(m, c, a, v))
			c->cycle = I_WB_CONFIRM;
		break;
	case I_WB_CONFIRM:
		c->cycle = I_IDLE;
		if (cmd != 0xd0) {
			c->status |= 0x30;
			break;
		}
		m->buffers++;
		if (c->wb_bad)
			c->status |= 0x10;
		else
			for (uint32_t i = 0; i < c->wb_n; i++)
				intel_program(m, k, c, c->wb_addr[i], c->wb_data[i]);
		start_op(m, c, m->p.buffer_ns);
		break;
	}
}

static uint32_t intel_read(struct cfi_model *m, int k, uint32_t a)
{
	struct cfi_model_chip *c = &m->chip[k];

	if (chip_busy(m, c) || c->mode == CM_STATUS)
		return c->status | (chip_busy(m, c) ? 0 : 0x80);
	if (c->mode == CM_ID && (chip_index(m, a) & 0xff) == 2)
		return is_locked(m, k, a) ? 1 : 0; /* the block's lock bit */
	return idle_read(m, k, c, a);
}

/* ---- AMD 0002 / SST ---- */

enum {
	A_IDLE,
	A_UNLOCK1,
	A_UNLOCK2,
	A_ERASE1,
	A_ERASE2,
	A_ERASE3,
	A_PROG,
	A_WB_COUNT,
	A_WB_DATA,
	A_WB_CONFIRM
};

static bool amd_at(const struct cfi_model *m, uint32_t a, uint32_t ofs)
{
	if (m->p.chipwidth < m->p.chiptype) {
		/* byte mode: A-1 is the LSB; 0x555 -> 0xAAA, 0x2AA -> 0x555 */
		uint32_t want = (ofs << 1) | ((ofs & 1) ? 0 : 1);
		return (a & ((m->p.addr_mask << 1) | 1)) == want;
	}
	return (a & m->p.addr_mask) == ofs;
}

static void amd_program(struct cfi_model *m, int k, struct cfi_model_chip *c, uint32_t a, uint32_t v)
{
	uint32_t old = lane_get(m, k, a);

	/* programming a 0 back to 1 fails on real chips (DQ5) */
	if (m->fail_program || (!m->p.overwrite && (v & ~old)))
		c->failed = true;
	lane_set(m, k, a, m->p.overwrite ? v : old & v);
}

static void amd_erase(struct cfi_model *m, int k, struct cfi_model_chip *c, uint32_t a, uint32_t len)
{
	uint32_t b = chip_bytes(m, a), start = b & ~(len - 1);
	unsigned int idx;

	if (!len)
		len = phys_block(m, b, &start, &idx);
	m->erases++;
	c->busy_erase = true;
	c->busy_data = 0;
	if (m->fail_erase)
		c->failed = true;
	else
		fill_ff(m, k, start, len);
	start_op(m, c, m->p.erase_ns);
}

static void amd_write(struct cfi_model *m, int k, uint32_t a, uint32_t v)
{
	struct cfi_model_chip *c = &m->chip[k];
	uint8_t cmd = (uint8_t)v;

	if (chip_busy(m, c)) {
		if (c->wb_abort) { /* only AA/55/F0 leaves a write-buffer abort */
			if (c->cycle == A_IDLE && cmd == 0xaa && amd_at(m, a, m->p.unlock1))
				c->cycle = A_UNLOCK1;
			else if (c->cycle == A_UNLOCK1 && cmd == 0x55 && amd_at(m, a, m->p.unlock2))
				c->cycle = A_UNLOCK2;
			else if (c->cycle == A_UNLOCK2 && cmd == 0xf0)
				c->wb_abort = false, c->cycle = A_IDLE, c->mode = CM_ARRAY;
			else
				c->cycle = A_IDLE;
		} else if (cmd == 0xf0 && (c->failed || c->busy_until == BUSY_FOREVER)) {
			c->failed = false;
			c->busy_until = 0;
			c->cycle = A_IDLE;
			c->mode = CM_ARRAY;
		}
		return;
	}
	// clang-format off
	switch (c->cycle) {
	case A_IDLE:
		if (cmd == 0xf0)
			c->mode = CM_ARRAY;
		else if (cmd == 0x98 && !m->p.no_cfi && !m->p.sst_cfi_entry &&
			 amd_at(m, a, 0x55))
			c->mode = CM_QUERY;
		else if (cmd == 0xaa && amd_at(m, a, m->p.unlock1))
			c->cycle = A_UNLOCK1;
		break;
	case A_UNLOCK1:
		c->cycle = (cmd == 0x55 && amd_at(m, a, m->p.unlock2)) ? A_UNLOCK2 : A_IDLE;
		break;
	case A_UNLOCK2:
		c->cycle = A_IDLE;
		if (cmd == 0x25 && m->p.wbuf) {
			c->wb_sector = a;
			c->cycle = A_WB_COUNT;
			break;
		}
		if (!amd_at(m, a, m->p.unlock1))
			break;
		switch (cmd) {
		case 0xa0: c->cycle = A_PROG; break;
		case 0x80: c->cycle = A_ERASE1; break;
		case 0x90: c->mode = CM_ID; break;
		case 0x98:
			if (m->p.sst_cfi_entry)
				c->mode = CM_QUERY;
			break;
		case 0xf0: c->mode = CM_ARRAY; break;
		}
		break;
	case A_ERASE1:
		c->cycle = (cmd == 0xaa && amd_at(m, a, m->p.unlock1)) ? A_ERASE2 : A_IDLE;
		break;
	case A_ERASE2:
		c->cycle = (cmd == 0x55 && amd_at(m, a, m->p.unlock2)) ? A_ERASE3 : A_IDLE;
		break;
	case A_ERASE3:
		c->cycle = A_IDLE;
		c->mode = CM_ARRAY;
		if (cmd == 0x30) {
			amd_erase(m, k, c, a, 0);
		} else if (cmd == 0x50 && m->p.sst_block) {
			amd_erase(m, k, c, a, m->p.sst_block);
		} else if (cmd == 0x10 && amd_at(m, a, m->p.unlock1)) {
			m->chip_erases++;
			c->busy_erase = true;
			if (m->fail_erase)
				c->failed = true;
			else
				fill_ff(m, k, 0, m->p.chipsize);
			start_op(m, c, m->p.chip_erase_ns);
		}
		break;
	case A_PROG:
		c->cycle = A_IDLE;
		c->mode = CM_ARRAY;
		m->programs++;
		c->busy_erase = false;
		c->busy_data = (uint8_t)v;
		amd_program(m, k, c, a, v);
		start_op(m, c, m->p.program_ns);
		break;
	case A_WB_COUNT:
		c->wb_total = (v & lane_mask(m)) + 1;
		c->wb_n = 0;
		c->wb_window = -1;
		c->wb_bad = c->wb_total > m->p.wbuf / m->p.chipwidth;
		c->cycle = A_WB_DATA;
		break;
	case A_WB_DATA:
		if (wb_data(m, c, a, v))
			c->cycle = A_WB_CONFIRM;
		break;
	case A_WB_CONFIRM:
		c->cycle = A_IDLE;
		c->mode = CM_ARRAY;
		c->busy_erase = false;
		c->busy_data = (uint8_t)c->wb_data[c->wb_n - 1];
		if (cmd != 0x29 || c->wb_bad) {
			c->wb_abort = true;
			break;
		}
		m->buffers++;
		for (uint32_t i = 0; i < c->wb_n; i++)
			amd_program(m, k, c, c->wb_addr[i], c->wb_data[i]);
		start_op(m, c, m->p.buffer_ns);
		break;
	}
	// clang-format on
}

static uint32_t amd_read(struct cfi_model *m, int k, uint32_t a)
{
	struct cfi_model_chip *c = &m->chip[k];

	if (chip_busy(m, c)) {
		uint32_t st = c->busy_erase ? 0 : (~c->busy_data & 0x80);

		c->toggle ^= 0x40;
		st |= c->toggle;
		if (c->failed)
			st |= 0x20;
		if (c->wb_abort)
			st |= 0x02;
		return st;
	}
	return idle_read(m, k, c, a);
}

/* ---- QEMU 7.2 pflash_cfi01, device-width 0, bank width 4 ---- */

#define Q_SECTOR 0x40000u
#define Q_WBLOCK 2048u

static void q_data_write(struct cfi_model *m, uint32_t off, uint32_t v, int w)
{
	uint8_t *p;

	if (m->q_blk_offset >= 0) {
		if (off < m->q_blk_offset || off + w > m->q_blk_offset + Q_WBLOCK) {
			m->q_status |= 0x10;
			m->window_violations++;
			return;
		}
		p = m->q_blk + (off - m->q_blk_offset);
	} else {
		p = m->mem + off;
	}
	for (int i = 0; i < w; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void q_read_array(struct cfi_model *m)
{
	m->q_wcycle = 0;
	m->q_cmd = 0;
}

static void qemu_write(struct cfi_model *m, uint32_t off, uint32_t v, int w)
{
	uint8_t cmd = (uint8_t)v;

	switch (m->q_wcycle) {
	case 0:
		// clang-format off
		switch (cmd) {
		case 0x10: case 0x40: case 0x60: case 0x98:
			break;
		case 0x20:
			m->erases++;
			memset(m->mem + (off & ~(Q_SECTOR - 1)), 0xff, Q_SECTOR);
			m->q_status |= 0x80;
			break;
		case 0x50:
			m->q_status = 0;
			q_read_array(m);
			return;
		case 0x70: case 0x90:
			m->q_cmd = cmd;
			return;
		case 0xe8:
			m->q_status |= 0x80;
			break;
		default: /* 0x00, 0xf0, 0xff and anything unknown */
			q_read_array(m);
			return;
		}
		// clang-format on
		m->q_wcycle++;
		m->q_cmd = cmd;
		break;
	case 1:
		// clang-format off
		switch (m->q_cmd) {
		case 0x10: case 0x40:
			m->programs++;
			q_data_write(m, off, v, w);
			m->q_status |= 0x80;
			m->q_wcycle = 0;
			break;
		case 0x20:
			if (cmd == 0xd0) {
				m->q_wcycle = 0;
				m->q_status |= 0x80;
			} else {
				q_read_array(m);
			}
			break;
		case 0xe8:
			m->q_counter = v; /* the whole bus word: no device width */
			m->q_wcycle++;
			break;
		case 0x60:
			if (cmd == 0xd0 || cmd == 0x01) {
				m->q_wcycle = 0;
				m->q_status |= 0x80;
			} else {
				q_read_array(m);
			}
			break;
		case 0x98:
			if (cmd == 0xff)
				q_read_array(m);
			break;
		default:
			q_read_array(m);
		}
		// clang-format on
		break;
	case 2: /* 0xe8 data */
		if (m->q_blk_offset < 0 && m->q_counter) {
			m->q_blk_offset = off & ~(Q_WBLOCK - 1);
			memcpy(m->q_blk, m->mem + m->q_blk_offset, Q_WBLOCK);
		}
		if (m->q_blk_offset >= 0)
			q_data_write(m, off, v, w);
		else
			m->q_status |= 0x10;
		m->q_status |= 0x80;
		if (!m->q_counter) {
			m->q_wcycle++;
			break;
		}
		m->q_counter--;
		break;
	case 3:
		if (cmd == 0xd0 && !(m->q_status & 0x10)) {
			m->buffers++;
			memcpy(m->mem + m->q_blk_offset, m->q_blk, Q_WBLOCK);
			m->q_blk_offset = -1;
			m->q_wcycle = 0;
			m->q_status |= 0x80;
		} else {
			m->q_blk_offset = -1;
			q_read_array(m);
		}
		break;
	}
}

static uint32_t qemu_read(struct cfi_model *m, uint32_t off, int w)
{
	uint32_t v = 0, boff;

	switch (m->q_cmd) {
	case 0x00:
		for (int i = 0; i < w; i++)
			v |= (uint32_t)m->mem[off + i] << (8 * i);
		return v;
	case 0x90:
		boff = (off & 0xff) >> 2;
		if (boff == 0)
			return (uint32_t)m->p.manuf << 8 | (m->p.device & 0xff);
		return 0;
	case 0x98:
		boff = (off & 0xff) >> 2;
		return boff < 0x52 ? m->cfi[boff] : 0;
	default: /* every other command state reads the status "of two chips" */
		v = m->q_status;
		if (w > 2)
			v |= (uint32_t)m->q_status << 16;
		return v;
	}
}

/* ---- bus glue ---- */

static uint32_t model_read(void *ctx, uintptr_t off, int width)
{
	struct cfi_model *m = ctx;
	uint32_t wi, bus = 0, shift;

	if (m->p.family == CFI_MODEL_QEMU)
		return qemu_read(m, (uint32_t)off, width);
	wi = (uint32_t)(off / m->bankwidth);
	shift = (uint32_t)(off % m->bankwidth);
	if (shift + (unsigned int)width > m->bankwidth) {
		/* wider than the bus: the memory controller makes several bus cycles */
		uint32_t v = 0;

		for (int i = 0; i < width; i++)
			v |= model_read(ctx, off + i, 1) << (8 * i);
		return v;
	}
	for (unsigned int k = 0; k < m->p.interleave; k++) {
		uint32_t lane = m->p.family == CFI_MODEL_INTEL ? intel_read(m, k, wi)
							       : amd_read(m, k, wi);
		bus |= (lane & lane_mask(m)) << (8 * m->p.chipwidth * k);
	}
	bus >>= 8 * shift;
	return width == 4 ? bus : bus & ((1u << (8 * width)) - 1);
}

static void model_write(void *ctx, uintptr_t off, uint32_t val, int width)
{
	struct cfi_model *m = ctx;
	uint32_t wi;

	if (m->p.family == CFI_MODEL_QEMU) {
		qemu_write(m, (uint32_t)off, val, width);
		return;
	}
	if ((unsigned int)width != m->bankwidth || off % m->bankwidth) {
		m->bad_writes++;
		return;
	}
	wi = (uint32_t)(off / m->bankwidth);
	for (unsigned int k = 0; k < m->p.interleave; k++) {
		uint32_t lane = (val >> (8 * m->p.chipwidth * k)) & lane_mask(m);

		if (m->p.family == CFI_MODEL_INTEL)
			intel_write(m, k, wi, lane);
		else
			amd_write(m, k, wi, lane);
	}
}

static unsigned int log2u(uint32_t v)
{
	unsigned int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

static void build_cfi(struct cfi_model *m)
{
	const struct cfi_model_params *p = &m->p;
	uint8_t *q = m->cfi;
	unsigned int i, pri;

	memset(q, 0, sizeof(m->cfi));
	q[0x10] = 'Q';
	q[0x11] = 'R';
	q[0x12] = 'Y';
	q[0x13] = (uint8_t)p->cmdset;
	q[0x14] = (uint8_t)(p->cmdset >> 8);
	/* Intel puts PRI right after the regions, AMD at 0x40 */
	pri = p->family == CFI_MODEL_AMD ? 0x40 : 0x2d + 4 * p->nregions;
	if (p->pri_major) {
		q[0x15] = (uint8_t)pri;
		q[0x16] = 0;
	}
	q[0x1b] = 0x27;
	q[0x1c] = 0x36;
	memcpy(&q[0x1f], p->timing, 8);
	q[0x27] = (uint8_t)log2u(p->chipsize);
	q[0x28] = (uint8_t)p->interface;
	q[0x29] = (uint8_t)(p->interface >> 8);
	q[0x2a] = p->wbuf ? (uint8_t)log2u(p->wbuf) : 0;
	q[0x2c] = (uint8_t)p->nregions;
	for (i = 0; i < p->nregions; i++) {
		uint32_t y = p->regions[i].count - 1, z = p->regions[i].size / 256;

		q[0x2d + 4 * i] = (uint8_t)y;
		q[0x2e + 4 * i] = (uint8_t)(y >> 8);
		q[0x2f + 4 * i] = (uint8_t)z;
		q[0x30 + 4 * i] = (uint8_t)(z >> 8);
	}
	if (!p->pri_major)
		return;
	q[pri] = 'P';
	q[pri + 1] = 'R';
	q[pri + 2] = 'I';
	q[pri + 3] = (uint8_t)p->pri_major;
	q[pri + 4] = (uint8_t)p->pri_minor;
	if (p->family == CFI_MODEL_AMD) {
		q[pri + 6] = 2; /* erase suspend: read and program */
		q[pri + 7] = 1; /* sector protect */
		q[pri + 9] = 4; /* protection scheme */
		q[pri + 0xf] = p->boot_flag;
	} else {
		q[pri + 5] = 0x20; /* instant individual block locking */
		q[pri + 9] = 1;    /* program after erase suspend */
	}
}

/* QEMU's own table for versatilepb (bank width 4, no device width). */
static void build_qemu_cfi(struct cfi_model *m)
{
	// clang-format off
	static const uint8_t t[][2] = {
		{ 0x10, 'Q' }, { 0x11, 'R' }, { 0x12, 'Y' }, { 0x13, 0x01 }, { 0x15, 0x31 },
		{ 0x1b, 0x45 }, { 0x1c, 0x55 }, { 0x1f, 0x07 }, { 0x20, 0x07 }, { 0x21, 0x0a },
		{ 0x23, 0x04 }, { 0x24, 0x04 }, { 0x25, 0x04 }, { 0x27, 26 }, { 0x28, 0x02 },
		{ 0x2a, 0x0b }, { 0x2c, 0x01 }, { 0x2d, 0xff }, { 0x2e, 0x00 }, { 0x2f, 0x00 },
		{ 0x30, 0x04 }, { 0x31, 'P' }, { 0x32, 'R' }, { 0x33, 'I' }, { 0x34, '1' },
		{ 0x35, '0' }, { 0x3f, 0x01 },
	};
	// clang-format on

	memset(m->cfi, 0, sizeof(m->cfi));
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		m->cfi[t[i][0]] = t[i][1];
}

struct cfi_model *cfi_model_create(uintptr_t base, const struct cfi_model_params *p)
{
	struct cfi_model *m = calloc(1, sizeof(*m));
	const struct cfi_model_region *r;
	struct sim_region reg;

	if (!m)
		abort();
	m->p = *p;
	m->base = base;
	m->bankwidth = p->family == CFI_MODEL_QEMU ? 4 : p->interleave * p->chipwidth;
	m->size = (size_t)p->chipsize * (p->family == CFI_MODEL_QEMU ? 1 : p->interleave);
	m->mem = malloc(m->size);
	if (!m->mem)
		abort();
	memset(m->mem, 0xff, m->size);
	for (unsigned int i = 0; (r = phys_region(m, i)); i++)
		m->nblocks += r->count;
	m->locked = calloc((size_t)m->nblocks * CFI_MODEL_MAX_CHIPS, 1);
	if (p->family == CFI_MODEL_QEMU) {
		build_qemu_cfi(m);
		m->q_status = 0x80;
		m->q_blk_offset = -1;
	} else {
		build_cfi(m);
	}
	reg.base = base;
	reg.size = m->size;
	reg.read = model_read;
	reg.write = model_write;
	reg.ctx = m;
	sim_bus_add(&reg);
	return m;
}

void cfi_model_destroy(struct cfi_model *m)
{
	free(m->locked);
	free(m->mem);
	free(m);
}

static uint32_t bank_to_chip_addr(const struct cfi_model *m, uint32_t ofs)
{
	return ofs / m->bankwidth;
}

void cfi_model_set_lock(struct cfi_model *m, uint32_t ofs, bool lock)
{
	uint32_t start;
	unsigned int idx;

	phys_block(m, chip_bytes(m, bank_to_chip_addr(m, ofs)), &start, &idx);
	for (unsigned int k = 0; k < m->p.interleave; k++)
		m->locked[(size_t)k * m->nblocks + idx] = lock;
}

bool cfi_model_locked(const struct cfi_model *m, uint32_t ofs)
{
	return is_locked(m, 0, bank_to_chip_addr(m, ofs));
}

bool cfi_model_in_read_array(const struct cfi_model *m)
{
	if (m->p.family == CFI_MODEL_QEMU)
		return m->q_cmd == 0 && m->q_wcycle == 0;
	for (unsigned int k = 0; k < m->p.interleave; k++) {
		const struct cfi_model_chip *c = &m->chip[k];

		if (chip_busy(m, c) || c->mode != CM_ARRAY || c->cycle != 0)
			return false;
	}
	return true;
}
