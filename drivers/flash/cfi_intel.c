/* Intel/Sharp command set (CFI 0001/0003): status polling, block erase, word and buffered program, locking. */
#include "cfi_priv.h"

#define ERASE_TICK_US 100

/*
 * Wait until every chip's SR.7 is set and return all chips' status bits
 * ORed together, or -ETIMEDOUT. Each chip answers in its own lane
 * (0x00800080 for two x16 chips), so one busy chip keeps the bank busy.
 */
static __ramfunc int intel_wait(struct cfi_flash *f, uint32_t ofs, uint64_t tmo_us, uint32_t tick_us)
{
	uint64_t start = timer_us();
	bool late = false;

	for (;;) {
		uint32_t v = cfi_read_bus(f, f->base + ofs);

		if (cfi_lanes_and(f, v) & SR_READY)
			return cfi_lanes_or(f, v);
		/* one more look after the deadline, in case we were preempted */
		if (late)
			return -ETIMEDOUT;
		late = cfi_timed_out(start, tmo_us);
		if (tick_us)
			udelay(tick_us);
	}
}

cfi_inline int intel_status_errno(int st)
{
	if (st & SR_LOCKED)
		return -EROFS;
	if (st & (SR_VPP_ERR | SR_PROG_ERR | SR_ERASE_ERR))
		return -EIO;
	return 0;
}

/*
 * Map the status of a finished operation to an errno and leave the chip in
 * read-array mode; errors are cleared so the next operation starts clean.
 * Nothing waits for SR.7 after 0x50: QEMU's pflash clears SR.7 with it.
 */
static __ramfunc int intel_finish(struct cfi_flash *f, uint32_t ofs, int st)
{
	int ret;

	if (st < 0) {
		cfi_cmd_at(f, ofs, 0xff);
		return st;
	}
	ret = intel_status_errno(st);
	if (ret)
		cfi_cmd_at(f, ofs, 0x50);
	cfi_cmd_at(f, ofs, 0xff);
	return ret;
}

static __ramfunc void intel_reset(struct cfi_flash *f)
{
	cfi_cmd_at(f, 0, 0xff);
}

static __ramfunc void intel_setup(struct cfi_flash *f)
{
	/* the probe's AMD-style cycles may have left error bits behind */
	cfi_cmd_at(f, 0, 0x50);
	cfi_cmd_at(f, 0, 0xff);
}

/* One command, out of line: the recovery's many would each inline cfi_replicate() and the bus switch. */
static __ramfunc void intel_cmd(struct cfi_flash *f, uint32_t ofs, uint32_t cmd)
{
	cfi_cmd_at(f, ofs, cmd);
}

/* 0xFF n times: harmless in every state (see intel_recover). */
static __ramfunc void intel_flush(struct cfi_flash *f, uint32_t ofs, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		cfi_write_bus(f, f->base + ofs, cfi_flush_word(f));
}

/*
 * A stray bus write (`mw` to the flash) may have left the chip in any state.
 * The flush word (cfi_flush_word) is harmless in each: as program data it
 * changes nothing, as a buffer count or buffer data it is taken and then
 * refused at the confirm cycle, as a command it is read array.
 *
 * Quick look first: one flush word, then the CFI query (0x98) and the status.
 * A chip that shows 'Q' at query index 0x10 (every lane, DQ0-7) took the
 * command, so it is idle and in no sequence: clear any error, done. A busy
 * chip (an erase a stray 0x20/0xD0 began), or one still inside a buffer
 * sequence, shows status there instead, and no status reads 'Q' (SR.6
 * without SR.7). The query is read in ofs's block (ofs rounded down to 4 KiB,
 * below any CFI block size). Comparing status with array data instead was
 * ambiguous wherever the data looks like status: any zero word on QEMU, whose
 * pflash reads status 0 after a clear status. Otherwise the count, a full
 * buffer and the confirm cycle's worth of flush words end any sequence, a
 * write-to-buffer ended the same way sets the ready bit a clear status dropped
 * on QEMU, and the chip gets tmo_ready_us to be ready.
 */
static __ramfunc int intel_recover(struct cfi_flash *f, uint32_t ofs)
{
	uint32_t n = 2 + (f->wbufsize >> (f->bankwidth >> 1)), st, q, blk;
	int ret;

	ofs &= ~(uint32_t)(f->bankwidth - 1);
	blk = ofs & ~0xfffu;
	intel_flush(f, ofs, 1);
	intel_cmd(f, blk, 0x98);
	q = cfi_read_bus(f, f->base + blk + 0x10 * f->chiptype * f->interleave);
	intel_cmd(f, ofs, 0x70);
	st = cfi_read_bus(f, f->base + ofs);
	if (q == cfi_replicate(f, 'Q')) {
		ret = 0;
		if (intel_status_errno(cfi_lanes_or(f, st)))
			intel_cmd(f, ofs, 0x50);
	} else {
		intel_flush(f, ofs, n);
		intel_cmd(f, ofs, 0xe8);
		intel_flush(f, ofs, n);
		intel_cmd(f, ofs, 0x70);
		ret = intel_wait(f, ofs, f->tmo_ready_us, ERASE_TICK_US);
		if (ret < 0 || intel_status_errno(ret))
			intel_cmd(f, ofs, 0x50);
	}
	intel_cmd(f, ofs, 0xff);
	return ret < 0 ? ret : 0;
}

static __ramfunc int intel_erase_block(struct cfi_flash *f, uint32_t ofs)
{
	cfi_cmd_at(f, ofs, 0x20);
	cfi_cmd_at(f, ofs, 0xd0);
	return intel_finish(f, ofs, intel_wait(f, ofs, f->tmo_erase_us, ERASE_TICK_US));
}

static __ramfunc int intel_write_word(struct cfi_flash *f, uint32_t ofs, uint32_t val)
{
	cfi_cmd_at(f, ofs, 0x40);
	cfi_write_bus(f, f->base + ofs, val);
	return intel_finish(f, ofs, intel_wait(f, ofs, f->tmo_word_us, 0));
}

/*
 * Write to buffer: 0xE8 until the buffer is free (XSR.7), the word count
 * minus one (per chip, so replicated into every lane), the data, 0xD0.
 * The caller keeps [ofs, ofs + len) inside one buffer-aligned window.
 */
static __ramfunc int intel_write_buffer(struct cfi_flash *f, uint32_t ofs, const uint8_t *buf,
					uint32_t len)
{
	uint32_t words = len >> (f->bankwidth >> 1); /* bankwidth is 1, 2 or 4: shift 0, 1, 2 */
	uint64_t start = timer_us();
	int st;

	for (;;) {
		cfi_cmd_at(f, ofs, 0xe8);
		if (cfi_lanes_and(f, cfi_read_bus(f, f->base + ofs)) & SR_READY)
			break;
		if (cfi_timed_out(start, f->tmo_buf_us))
			return intel_finish(f, ofs, -ETIMEDOUT);
	}
	cfi_write_bus(f, f->base + ofs, cfi_replicate(f, words - 1));
	cfi_write_words(f, ofs, buf, words);
	cfi_cmd_at(f, ofs, 0xd0);
	st = intel_wait(f, ofs, f->tmo_buf_us, 0);
	return intel_finish(f, ofs, st);
}

static __ramfunc int intel_lock(struct cfi_flash *f, uint32_t ofs, bool lock)
{
	cfi_cmd_at(f, ofs, 0x60);
	cfi_cmd_at(f, ofs, lock ? 0x01 : 0xd0);
	return intel_finish(f, ofs, intel_wait(f, ofs, f->tmo_erase_us, ERASE_TICK_US));
}

/* Read-ID mode shows a block's lock bit at its chip word 2 (bit 0). */
static __ramfunc int intel_is_locked(struct cfi_flash *f, uint32_t ofs)
{
	uint32_t v;

	cfi_cmd_at(f, ofs, 0x90);
	v = cfi_read_bus(f, f->base + ofs + 2 * f->chiptype * f->interleave);
	cfi_cmd_at(f, ofs, 0xff);
	return cfi_lanes_or(f, v) & 1;
}

const struct cfi_cmdset_ops cfi_intel_ops = {
	.name = "Intel",
	.reset = intel_reset,
	.erase_block = intel_erase_block,
	.erase_chip = NULL,
	.write_word = intel_write_word,
	.write_buffer = intel_write_buffer,
	.lock = intel_lock,
	.is_locked = intel_is_locked,
	.setup = intel_setup,
	.recover = intel_recover,
};
