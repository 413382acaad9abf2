/* AMD/Fujitsu/SST command set (CFI 0002, SST 0701): unlock cycles, DQ7/DQ6/DQ5 polling, erase, program, write buffer. */
#include "cfi_priv.h"

#define ERASE_TICK_US 100
#define CHIP_ERASE_TICK_US 1000

static __ramfunc void amd_unlock(struct cfi_flash *f)
{
	cfi_cmd(f, f->unlock1, 0xaa);
	cfi_cmd(f, f->unlock2, 0x55);
}

static __ramfunc void amd_reset(struct cfi_flash *f)
{
	cfi_cmd_at(f, 0, 0xf0);
}

cfi_inline uint32_t amd_bus_ones(const struct cfi_flash *f)
{
	return f->bankwidth == 4 ? 0xffffffffu : (1u << (8 * f->bankwidth)) - 1;
}

/*
 * DQ7 data polling: while a chip is busy its DQ7 reads the complement of
 * the bit being programmed. DQ5 set in a busy lane means the chip gave up
 * (exceeded its internal time limit): look once more, then fail. DQ1 in a
 * busy lane is a write-buffer abort. DQ0-6 become valid one read after DQ7,
 * hence the second read.
 */
static __ramfunc int amd_poll_dq7(struct cfi_flash *f, uint32_t ofs, uint32_t want, uint64_t tmo_us)
{
	uint32_t m7 = cfi_replicate(f, DQ7);
	uint64_t start = timer_us();
	bool late = false;

	for (;;) {
		uint32_t v = cfi_read_bus(f, f->base + ofs);
		uint32_t busy = (v ^ want) & m7; /* DQ7 of the lanes not done */

		if (!busy) {
			v = cfi_read_bus(f, f->base + ofs);
			return v == want ? 0 : -EIO;
		}
		if (((busy >> 2) & v) || ((busy >> 6) & v)) {
			v = cfi_read_bus(f, f->base + ofs);
			if ((v ^ want) & m7)
				return -EIO;
			v = cfi_read_bus(f, f->base + ofs);
			return v == want ? 0 : -EIO;
		}
		if (late)
			return -ETIMEDOUT;
		late = cfi_timed_out(start, tmo_us);
	}
}

/* DQ6 toggles on every read while a chip is busy; DQ5 in a toggling lane is a failure. */
static __ramfunc int amd_poll_toggle(struct cfi_flash *f, uint32_t ofs, uint64_t tmo_us,
				     uint32_t tick_us)
{
	uint32_t m6 = cfi_replicate(f, DQ6);
	uint64_t start = timer_us();
	bool late = false;

	for (;;) {
		uint32_t a = cfi_read_bus(f, f->base + ofs);
		uint32_t b = cfi_read_bus(f, f->base + ofs);
		uint32_t tog = (a ^ b) & m6;

		if (!tog)
			return 0;
		if ((tog >> 1) & b) {
			a = cfi_read_bus(f, f->base + ofs);
			b = cfi_read_bus(f, f->base + ofs);
			return ((a ^ b) & m6) ? -EIO : 0;
		}
		if (late)
			return -ETIMEDOUT;
		late = cfi_timed_out(start, tmo_us);
		if (tick_us)
			udelay(tick_us);
	}
}

/*
 * Before every operation, whatever a stray bus write left: 0xFF first (as the
 * data of a program setup it changes nothing, as a command it ends an unlock
 * sequence), the write-buffer-abort reset, a wait while an erase a stray
 * command began still runs, and the reset to read array.
 */
static __ramfunc int amd_recover(struct cfi_flash *f, uint32_t ofs)
{
	int ret;

	ofs &= ~(uint32_t)(f->bankwidth - 1);
	cfi_write_bus(f, f->base + ofs, cfi_flush_word(f));
	amd_unlock(f);
	cfi_cmd(f, f->unlock1, 0xf0);
	ret = amd_poll_toggle(f, ofs, f->tmo_ready_us, ERASE_TICK_US);
	amd_reset(f);
	return ret == -ETIMEDOUT ? ret : 0;
}

/* After an erase the polled word must read all ones. */
static __ramfunc int amd_erase_done(struct cfi_flash *f, uint32_t ofs, int ret)
{
	if (!ret && cfi_read_bus(f, f->base + ofs) != amd_bus_ones(f))
		ret = -EIO;
	if (ret)
		amd_reset(f);
	return ret;
}

static __ramfunc int amd_erase_block(struct cfi_flash *f, uint32_t ofs)
{
	amd_unlock(f);
	cfi_cmd(f, f->unlock1, 0x80);
	amd_unlock(f);
	cfi_cmd_at(f, ofs, f->erase_cmd);
	return amd_erase_done(f, ofs, amd_poll_toggle(f, ofs, f->tmo_erase_us, ERASE_TICK_US));
}

static __ramfunc int amd_erase_chip(struct cfi_flash *f)
{
	amd_unlock(f);
	cfi_cmd(f, f->unlock1, 0x80);
	amd_unlock(f);
	cfi_cmd(f, f->unlock1, 0x10);
	return amd_erase_done(f, 0, amd_poll_toggle(f, 0, f->tmo_chip_us, CHIP_ERASE_TICK_US));
}

static __ramfunc int amd_write_word(struct cfi_flash *f, uint32_t ofs, uint32_t val)
{
	int ret;

	amd_unlock(f);
	cfi_cmd(f, f->unlock1, 0xa0);
	cfi_write_bus(f, f->base + ofs, val);
	ret = amd_poll_dq7(f, ofs, val, f->tmo_word_us);
	if (ret)
		amd_reset(f);
	return ret;
}

/*
 * Write to buffer: unlock, 0x25 and the word count minus one at the sector,
 * the data, 0x29 at the sector, then DQ7 polling on the last word. A failed
 * or aborted buffer needs the write-buffer-abort reset (unlock + 0xF0).
 */
static __ramfunc int amd_write_buffer(struct cfi_flash *f, uint32_t ofs, const uint8_t *buf,
				      uint32_t len)
{
	unsigned int bw = f->bankwidth;
	uint32_t words = len >> (bw >> 1);
	uint32_t last = ofs + (words - 1) * bw;
	int ret;

	amd_unlock(f);
	cfi_cmd_at(f, ofs, 0x25);
	cfi_write_bus(f, f->base + ofs, cfi_replicate(f, words - 1));
	cfi_write_words(f, ofs, buf, words);
	cfi_cmd_at(f, ofs, 0x29);
	ret = amd_poll_dq7(f, last, cfi_bus_word(buf + (words - 1) * bw, bw), f->tmo_buf_us);
	if (ret) {
		amd_unlock(f);
		cfi_cmd(f, f->unlock1, 0xf0);
		amd_reset(f);
	}
	return ret;
}

const struct cfi_cmdset_ops cfi_amd_ops = {
	.name = "AMD",
	.reset = amd_reset,
	.erase_block = amd_erase_block,
	.erase_chip = amd_erase_chip,
	.write_word = amd_write_word,
	.write_buffer = amd_write_buffer,
	.lock = NULL,
	.is_locked = NULL,
	.setup = amd_reset,
	.recover = amd_recover,
};
