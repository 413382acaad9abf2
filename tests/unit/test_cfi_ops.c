/* Host tests for NOR erase/program/lock through the MTD layer against the chip models, faults included. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "io.h"
#include "mtd_io.h"
#include "test_cfi_rig.h"

static void bring_up(const struct cfi_model_params *p, unsigned int bw)
{
	rig_model(p);
	assert_int_equal(cfi_probe(&flash, BASE, bw, 64 * M), 0);
	assert_int_equal(cfi_register_mtd(&flash, "nor0"), 0);
}

static void fill_pattern(uint8_t *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i * 131 + seed * 7 + (i >> 8)) ^ 0x5a);
}

/*
 * Erase the first blocks, write an unaligned pattern that spans several
 * write-buffer windows, read it back through the MTD and check the model's
 * array byte for byte, including the untouched bytes around it.
 */
static void erase_write_readback(const struct cfi_model_params *p, unsigned int bw)
{
	struct mtd_info *mtd;
	uint32_t blk0, start, len = 3000 + 13, ofs = 5;
	uint8_t *data = malloc(len), *back = malloc(len + 64);

	print_message("erase/program/read on %s\n", p->name);
	bring_up(p, bw);
	mtd = &flash.mtd;
	/* dirty the first 16 KiB with a known pattern the driver must erase */
	memset(model->mem, 0x00, 16 * K);
	blk0 = cfi_block_at(&flash, 0, NULL);
	assert_int_equal(mtd_erase(mtd, 0, blk0 >= 16 * K ? blk0 : ALIGN_UP(16 * K, blk0)), 0);
	for (start = 0; start < 16 * K; start++)
		assert_int_equal(model->mem[start], 0xff);
	if (flash.wbufsize)
		ofs = flash.wbufsize - 3; /* first buffer straddles a window edge */
	fill_pattern(data, len, (unsigned int)bw);
	assert_int_equal(mtd_write(mtd, ofs, len, data), 0);
	assert_int_equal(mtd_read(mtd, ofs - 4, len + 8, back), 0);
	assert_memory_equal(back + 4, data, len);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(back[i], 0xff);
		assert_int_equal(back[len + 4 + i], 0xff);
	}
	assert_memory_equal(model->mem + ofs, data, len);
	/* reads run in place */
	assert_ptr_equal(mtd_point(mtd, ofs, len), (const void *)(uintptr_t)(BASE + ofs));
	assert_int_equal(model->window_violations, 0);
	assert_int_equal(model->bad_writes, 0);
	if (flash.wbufsize)
		assert_true(model->buffers > 0);
	else
		assert_int_equal(model->buffers, 0);
	assert_true(cfi_model_in_read_array(model));
	rig_free();
	free(data);
	free(back);
}

static void test_erase_program_all_models(void **state)
{
	(void)state;
	erase_write_readback(&cfi_model_28f128j3_x16, 2);
	erase_write_readback(&cfi_model_28f640j3_2x16, 4);
	erase_write_readback(&cfi_model_28f128j3_x8, 1);
	erase_write_readback(&cfi_model_am29lv040b_x8, 1);
	erase_write_readback(&cfi_model_am29lv160db, 2);
	erase_write_readback(&cfi_model_am29lv160dt, 2);
	erase_write_readback(&cfi_model_am29lv160db_x8, 1);
	erase_write_readback(&cfi_model_s29gl_wb, 2);
	erase_write_readback(&cfi_model_sst39vf1601, 2);
	erase_write_readback(&cfi_model_am29lv800bb_jedec, 2);
	erase_write_readback(&cfi_model_sst39vf800a_jedec, 2);
	erase_write_readback(&cfi_model_qemu_versatile, 4);
}

/* Single bytes at every position of a 32-bit bus word keep their neighbours. */
static void test_unaligned_bytes(void **state)
{
	uint8_t b, back[8];
	(void)state;

	bring_up(&cfi_model_28f640j3_2x16, 4);
	assert_int_equal(mtd_erase(&flash.mtd, 0, flash.mtd.erasesize), 0);
	for (unsigned int i = 0; i < 8; i++) {
		b = (uint8_t)(0x11 * (i + 1));
		assert_int_equal(mtd_write(&flash.mtd, 100 + i, 1, &b), 0);
	}
	assert_int_equal(mtd_read(&flash.mtd, 100, 8, back), 0);
	for (unsigned int i = 0; i < 8; i++)
		assert_int_equal(back[i], 0x11 * (i + 1));
	/* three bytes across a word edge on an AND-programming chip */
	b = 0xa5;
	assert_int_equal(mtd_write(&flash.mtd, 203, 1, &b), 0);
	assert_int_equal(model->mem[203], 0xa5);
	assert_int_equal(model->mem[202], 0xff);
	assert_int_equal(model->mem[204], 0xff);
}

/* QEMU: buffers split at 2 KiB windows; one crossing write never leaves a window. */
static void test_qemu_buffer_windows(void **state)
{
	size_t len = 2 * 2048 + 13;
	uint8_t *data = malloc(len);
	(void)state;

	bring_up(&cfi_model_qemu_versatile, 4);
	assert_int_equal(mtd_erase(&flash.mtd, 0, SZ_256K), 0);
	fill_pattern(data, len, 3);
	assert_int_equal(mtd_write(&flash.mtd, 2048 - 6, len, data), 0);
	assert_memory_equal(model->mem + 2048 - 6, data, len);
	assert_int_equal(model->window_violations, 0);
	/* [2042,2048) word by word, buffers [2048,4096) and [4096,6144), tail by words */
	assert_int_equal(model->buffers, 2);
	/* QEMU programs overwrite, so the driver refuses what a real chip could not do */
	memset(data, 0xff, 16);
	assert_int_equal(mtd_write(&flash.mtd, 4096, 16, data), -ENOTEMPTY);
	assert_int_equal(model->mem[4096], (uint8_t)(((4096 - 2042) * 131 + 21 + (2054 >> 8)) ^ 0x5a));
	free(data);
}

/* The measured quirks of QEMU's pflash, driven by hand on the model. */
static void test_qemu_model_quirks(void **state)
{
	(void)state;
	model = cfi_model_create(BASE, &cfi_model_qemu_versatile);
	writel(0x90, BASE);
	assert_int_equal(readl(BASE), 0x00008918);
	writel(0x98, BASE + 0x55 * 4);
	assert_int_equal(readl(BASE + 0x10 * 4), 0x00000051);
	assert_int_equal(readl(BASE + 0x11 * 4), 'R');
	/* query mode ignores everything but 0xFF */
	writel(0x70, BASE);
	assert_int_equal(readl(BASE + 0x10 * 4), 'Q');
	writel(0xff, BASE);
	writel(0x70, BASE);
	assert_int_equal(readl(BASE), 0x00800080);
	/* after a program, reads return status until 0xFF */
	writel(0x40, BASE + 8);
	writel(0x12345678, BASE + 8);
	assert_int_equal(readl(BASE + 8), 0x00800080);
	writel(0xff, BASE);
	assert_int_equal(readl(BASE + 8), 0x12345678);
	/* 0x50 clears SR.7 too */
	writel(0x50, BASE);
	writel(0x70, BASE);
	assert_int_equal(readl(BASE), 0);
	/* a buffer leaving its 2 KiB window: nothing written, read array, SR.4 */
	writel(0xe8, BASE + 2048 - 8);
	writel(3, BASE + 2048 - 8);
	writel(0x11111111, BASE + 2048 - 8);
	writel(0x22222222, BASE + 2048 - 4);
	writel(0x33333333, BASE + 2048);
	writel(0x44444444, BASE + 2048 + 4);
	writel(0xd0, BASE + 2048 - 8);
	assert_int_equal(readl(BASE + 2048 - 8), 0xffffffff);
	assert_int_equal(readl(BASE + 2048), 0xffffffff);
	writel(0x70, BASE);
	assert_int_equal(readl(BASE), 0x00900090);
	assert_int_equal(model->window_violations, 2);
}

static void test_timeout_intel(void **state)
{
	uint8_t data[64];
	uint64_t t0;
	(void)state;

	bring_up(&cfi_model_28f128j3_x16, 2);
	model->stuck_busy = true;
	memset(data, 0x3c, sizeof(data));
	t0 = sim_time_ns;
	assert_int_equal(mtd_write(&flash.mtd, 0, 2, data), -ETIMEDOUT);
	assert_true((sim_time_ns - t0) / 1000 >= flash.tmo_word_us);
	assert_true(cfi_model_in_read_array(model));
	/* buffered write and erase time out the same way */
	assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), -ETIMEDOUT);
	assert_true(cfi_model_in_read_array(model));
	t0 = sim_time_ns;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 128 * K), -ETIMEDOUT);
	assert_true((sim_time_ns - t0) / 1000 >= flash.tmo_erase_us);
	assert_true(cfi_model_in_read_array(model));
	/* the chip works again once it stops hanging */
	model->stuck_busy = false;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 128 * K), 0);
	assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), 0);
	assert_memory_equal(model->mem, data, sizeof(data));
}

static void test_timeout_amd(void **state)
{
	uint8_t data[4] = { 1, 2, 3, 4 };
	uint64_t t0;
	(void)state;

	bring_up(&cfi_model_sst39vf1601, 2);
	model->stuck_busy = true;
	t0 = sim_time_ns;
	assert_int_equal(mtd_write(&flash.mtd, 0, 4, data), -ETIMEDOUT);
	assert_true((sim_time_ns - t0) / 1000 >= flash.tmo_word_us);
	assert_true(cfi_model_in_read_array(model));
	t0 = sim_time_ns;
	assert_int_equal(mtd_erase(&flash.mtd, 4 * K, 4 * K), -ETIMEDOUT);
	assert_true((sim_time_ns - t0) / 1000 >= flash.tmo_erase_us);
	assert_true(cfi_model_in_read_array(model));
	model->stuck_busy = false;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 4 * K), 0);
	assert_int_equal(mtd_write(&flash.mtd, 0, 4, data), 0);
	assert_memory_equal(model->mem, data, 4);
}

static void test_program_erase_failures(void **state)
{
	uint8_t data[64];
	(void)state;

	memset(data, 0x42, sizeof(data));
	bring_up(&cfi_model_28f128j3_x16, 2);
	model->fail_program = true;
	assert_int_equal(mtd_write(&flash.mtd, 0, 2, data), -EIO);
	assert_true(cfi_model_in_read_array(model));
	assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), -EIO);
	assert_true(cfi_model_in_read_array(model));
	model->fail_program = false;
	model->fail_erase = true;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 128 * K), -EIO);
	model->fail_erase = false;
	/* status was cleared after each error: the next operations succeed */
	assert_int_equal(mtd_erase(&flash.mtd, 0, 128 * K), 0);
	assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), 0);
	assert_int_equal(model->chip[0].status, 0);

	/* AMD: DQ5 with DQ7 still inverted */
	bring_up(&cfi_model_am29lv160db, 2);
	model->fail_program = true;
	assert_int_equal(mtd_write(&flash.mtd, 0, 2, data), -EIO);
	assert_true(cfi_model_in_read_array(model));
	model->fail_program = false;
	model->fail_erase = true;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 16 * K), -EIO);
	assert_true(cfi_model_in_read_array(model));
	model->fail_erase = false;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 16 * K), 0);
	assert_int_equal(mtd_write(&flash.mtd, 0, 2, data), 0);
	/* a 0 back to 1 is refused before the chip sees it (a real AMD chip would fail it) */
	data[0] = 0xff;
	assert_int_equal(mtd_write(&flash.mtd, 0, 1, data), -ENOTEMPTY);
	assert_int_equal(model->mem[0], 0x42);
	assert_true(cfi_model_in_read_array(model));
}

static void test_write_buffer_amd_failure(void **state)
{
	uint8_t data[64];
	(void)state;

	bring_up(&cfi_model_s29gl_wb, 2);
	memset(data, 0x0f, sizeof(data));
	model->fail_program = true;
	assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), -EIO);
	assert_true(cfi_model_in_read_array(model));
	model->fail_program = false;
	assert_int_equal(mtd_erase(&flash.mtd, 0, 64 * K), 0);
	assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), 0);
	assert_int_equal(model->buffers, 2 + 1); /* one failed buffer, then two windows */
	assert_memory_equal(model->mem, data, sizeof(data));
}

static void test_locking(void **state)
{
	uint8_t data[32];
	(void)state;

	bring_up(&cfi_model_28f640j3_2x16, 4);
	memset(data, 0x99, sizeof(data));
	cfi_model_set_lock(model, 256 * K, true);
	assert_int_equal(mtd_is_locked(&flash.mtd, 0, 256 * K), 0);
	assert_int_equal(mtd_is_locked(&flash.mtd, 0, 512 * K), 1);
	assert_int_equal(mtd_erase(&flash.mtd, 256 * K, 256 * K), -EROFS);
	assert_true(cfi_model_in_read_array(model));
	assert_int_equal(mtd_write(&flash.mtd, 256 * K, 4, data), -EROFS);
	assert_int_equal(mtd_write(&flash.mtd, 256 * K, sizeof(data), data), -EROFS);
	assert_int_equal(model->mem[256 * K], 0xff);
	assert_int_equal(mtd_unlock(&flash.mtd, 256 * K, 256 * K), 0);
	assert_false(cfi_model_locked(model, 256 * K));
	assert_int_equal(mtd_write(&flash.mtd, 256 * K, sizeof(data), data), 0);
	assert_int_equal(mtd_lock(&flash.mtd, 0, 512 * K), 0);
	assert_true(cfi_model_locked(model, 0));
	assert_true(cfi_model_locked(model, 256 * K));
	assert_false(cfi_model_locked(model, 512 * K));
	assert_int_equal(mtd_is_locked(&flash.mtd, 512 * K, 256 * K), 0);
	assert_int_equal(mtd_erase(&flash.mtd, 0, 256 * K), -EROFS);
}

static void test_locking_not_on_amd(void **state)
{
	(void)state;
	bring_up(&cfi_model_am29lv160db, 2);
	assert_int_equal(mtd_lock(&flash.mtd, 0, 16 * K), -EOPNOTSUPP);
	assert_int_equal(mtd_is_locked(&flash.mtd, 0, 16 * K), 0);
}

/* SST39VF1601: 0x30 erases one 4 KiB sector and nothing else. */
static void test_sst_sector_erase(void **state)
{
	(void)state;
	bring_up(&cfi_model_sst39vf1601, 2);
	memset(model->mem, 0x00, 64 * K);
	assert_int_equal(mtd_erase(&flash.mtd, 4 * K, 4 * K), 0);
	assert_int_equal(model->mem[4 * K - 1], 0x00);
	assert_int_equal(model->mem[4 * K], 0xff);
	assert_int_equal(model->mem[8 * K - 1], 0xff);
	assert_int_equal(model->mem[8 * K], 0x00);
	assert_int_equal(mtd_erase(&flash.mtd, 2 * K, 4 * K), -EINVAL);
}

/* Boot sectors: each erase covers exactly its own region's block. */
static void test_boot_block_erase(void **state)
{
	(void)state;
	bring_up(&cfi_model_am29lv160dt, 2);
	memset(model->mem + 2 * M - 128 * K, 0x00, 128 * K);
	/* top boot: 64K x31, 32K, 8K, 8K, 16K */
	assert_int_equal(mtd_erase(&flash.mtd, 2 * M - 24 * K, 8 * K), 0);
	assert_int_equal(model->mem[2 * M - 24 * K - 1], 0x00);
	assert_int_equal(model->mem[2 * M - 24 * K], 0xff);
	assert_int_equal(model->mem[2 * M - 16 * K - 1], 0xff);
	assert_int_equal(model->mem[2 * M - 16 * K], 0x00);
	assert_int_equal(mtd_erase(&flash.mtd, 2 * M - 16 * K, 16 * K), 0);
	assert_int_equal(model->mem[2 * M - 1], 0xff);
	assert_int_equal(model->erases, 2);
}

static void test_chip_erase(void **state)
{
	(void)state;
	bring_up(&cfi_model_am29lv040b_x8, 1);
	memset(model->mem, 0x12, model->size);
	assert_int_equal(cfi_erase_chip(&flash), 0);
	for (size_t i = 0; i < model->size; i += 4093)
		assert_int_equal(model->mem[i], 0xff);
	assert_int_equal(model->mem[model->size - 1], 0xff);
	assert_int_equal(model->chip_erases, 1);
	assert_true(cfi_model_in_read_array(model));
}

struct progress_log {
	unsigned int calls, stop_after;
	uint64_t last_done;
	bool monotonic;
};

static int progress_cb(void *arg, uint64_t done, uint64_t at)
{
	struct progress_log *l = arg;

	(void)at;
	if (done < l->last_done)
		l->monotonic = false;
	l->calls++;
	l->last_done = done;
	return l->stop_after && l->calls >= l->stop_after; /* Ctrl-C */
}

/* The bad-block engine on NOR: a callback per block / 64 KiB, and a stop that leaves the rest alone. */
static void test_progress_and_stop(void **state)
{
	struct progress_log er = { .monotonic = true }, wr = { .monotonic = true };
	struct mtd_io_cb cbe = { progress_cb, NULL, &er }, cbw = { progress_cb, NULL, &wr };
	struct mtd_io io = { .mtd = &flash.mtd, .off = 0, .len = 4 * SZ_256K, .cb = &cbe };
	static uint8_t data[200 * 1024];
	(void)state;

	bring_up(&cfi_model_qemu_versatile, 4);
	assert_int_equal(mtd_io_erase(&io), 0);
	assert_int_equal(er.calls, 4);
	assert_int_equal(er.last_done, 4 * SZ_256K);
	assert_true(er.monotonic);
	memset(data, 0x77, sizeof(data));
	io = (struct mtd_io){ .mtd = &flash.mtd, .len = sizeof(data), .cb = &cbw };
	assert_int_equal(mtd_io_write(&io, data), 0);
	assert_int_equal(wr.calls, 4); /* every 64 KiB and at the end */
	assert_int_equal(wr.last_done, sizeof(data));
	assert_true(wr.monotonic);
	/* stopped after the second block: -EINTR, the other blocks untouched */
	er = (struct progress_log){ .monotonic = true, .stop_after = 2 };
	io = (struct mtd_io){ .mtd = &flash.mtd, .off = 0, .len = 4 * SZ_256K, .cb = &cbe };
	memset(model->mem + 3 * SZ_256K, 0x11, 16);
	assert_int_equal(mtd_io_erase(&io), -EINTR);
	assert_int_equal(io.pos, 2 * SZ_256K);
	assert_int_equal(io.done, 2 * SZ_256K);
	assert_int_equal(model->mem[3 * SZ_256K], 0x11);
	assert_int_equal(model->mem[SZ_256K], 0xff);
}

static void test_partition_io(void **state)
{
	struct mtd_info *p;
	uint8_t data[10] = "partition", back[10];
	(void)state;

	bring_up(&cfi_model_qemu_versatile, 4);
	p = mtd_add_partition(&flash.mtd, "env", SZ_256K, SZ_256K, 0);
	assert_non_null(p);
	assert_int_equal(mtd_erase(p, 0, SZ_256K), 0);
	assert_int_equal(mtd_write(p, 1, sizeof(data), data), 0);
	assert_memory_equal(model->mem + SZ_256K + 1, data, sizeof(data));
	assert_int_equal(mtd_read(p, 1, sizeof(back), back), 0);
	assert_memory_equal(back, data, sizeof(data));
	assert_int_equal(mtd_erase(p, 100, SZ_256K), -EINVAL);
	mtd_del_partitions(&flash.mtd);
}

/* A bus write as `mw` does it: the bus width of the bank. */
static void stray(uint32_t ofs, uint32_t v)
{
	if (flash.bankwidth == 4)
		writel(v, BASE + ofs);
	else if (flash.bankwidth == 2)
		writew((uint16_t)v, BASE + ofs);
	else
		writeb((uint8_t)v, BASE + ofs);
}

struct stray_seq {
	const char *what;
	bool clobbers; /* QEMU programs the next bus write whatever the old data (no AND): only erase */
	unsigned int n;
	uint32_t ofs[4], val[4];
};

/*
 * Whatever a stray `mw` left the chip in (query, ID, status, a half-given
 * program, buffer or erase command), the next read, write and erase work,
 * at once, and lose nothing.
 */
static void stray_then_ops(const struct cfi_model_params *p, unsigned int bw,
			   const struct stray_seq *seqs, size_t nseq)
{
	uint8_t data[300], back[300];
	uint32_t blk;

	for (size_t i = 0; i < nseq; i++) {
		const struct stray_seq *q = &seqs[i];
		uint64_t t0;

		print_message("%s: stray %s\n", p->name, q->what);
		bring_up(p, bw);
		blk = cfi_block_at(&flash, 0, NULL);
		assert_int_equal(mtd_erase(&flash.mtd, 0, 2 * blk), 0);
		fill_pattern(data, sizeof(data), (unsigned int)i);
		assert_int_equal(mtd_write(&flash.mtd, 0x100, sizeof(data), data), 0);
		t0 = sim_time_ns;
		if (!q->clobbers) {
			for (unsigned int k = 0; k < q->n; k++)
				stray(q->ofs[k], q->val[k]);
			assert_int_equal(mtd_read(&flash.mtd, 0x100, sizeof(data), back), 0);
			assert_memory_equal(back, data, sizeof(data));
			/* in-place readers (phram load from NOR) get data, not status or query bytes */
			for (unsigned int k = 0; k < q->n; k++)
				stray(q->ofs[k], q->val[k]);
			assert_non_null(mtd_point(&flash.mtd, 0x100, sizeof(data)));
			assert_memory_equal(model->mem + 0x100, data, sizeof(data));
			for (size_t b = 0; b < sizeof(data); b++)
				assert_int_equal(readb(BASE + 0x100 + b), data[b]);
		}
		if (!q->clobbers) {
			for (unsigned int k = 0; k < q->n; k++)
				stray(q->ofs[k], q->val[k]);
			assert_int_equal(mtd_write(&flash.mtd, blk + 0x40, sizeof(data), data), 0);
			assert_memory_equal(model->mem + blk + 0x40, data, sizeof(data));
		}
		for (unsigned int k = 0; k < q->n; k++)
			stray(q->ofs[k], q->val[k]);
		assert_int_equal(mtd_erase(&flash.mtd, blk, blk), 0);
		for (uint32_t b = 0; b < blk; b++)
			assert_int_equal(model->mem[blk + b], 0xff);
		assert_memory_equal(model->mem + 0x100, data, sizeof(data));
		assert_true(cfi_model_in_read_array(model));
		/* no time-out was waited for */
		assert_true(sim_time_ns - t0 < 100000000ull);
	}
}

static void test_stray_commands_intel(void **state)
{
	static const struct stray_seq seqs[] = {
		{ "query 0x98", false, 1, { 0xaa }, { 0x98 } },
		{ "read ID 0x90", false, 1, { 0 }, { 0x90 } },
		{ "read status 0x70", false, 1, { 0 }, { 0x70 } },
		{ "clear status 0x50", false, 1, { 0 }, { 0x50 } },
		{ "program setup 0x40", false, 1, { 0x20000 }, { 0x40 } },
		{ "buffer 0xE8", false, 1, { 0x20000 }, { 0xe8 } },
		{ "buffer 0xE8 + count", false, 2, { 0x20000, 0x20000 }, { 0xe8, 0x0f } },
		{ "erase setup 0x20", false, 1, { 0x20000 }, { 0x20 } },
		{ "lock setup 0x60", false, 1, { 0x20000 }, { 0x60 } },
		{ "data 0x12345678", false, 1, { 0x40 }, { 0x5678 } },
	};
	(void)state;
	stray_then_ops(&cfi_model_28f128j3_x16, 2, seqs, ARRAY_SIZE(seqs));
	stray_then_ops(&cfi_model_28f640j3_2x16, 4, seqs, ARRAY_SIZE(seqs));
}

static void test_stray_commands_qemu(void **state)
{
	static const struct stray_seq seqs[] = {
		{ "query 0x98", false, 1, { 0x154 }, { 0x98 } },
		{ "read ID 0x90", false, 1, { 0 }, { 0x90 } },
		{ "read status 0x70", false, 1, { 0 }, { 0x70 } },
		{ "clear status 0x50", false, 1, { 0 }, { 0x50 } },
		{ "program setup 0x40", true, 1, { 0x40000 }, { 0x40 } },
		{ "buffer 0xE8", false, 1, { 0x40000 }, { 0xe8 } },
		{ "buffer 0xE8 + count", false, 2, { 0x40000, 0x40000 }, { 0xe8, 0x1ff } },
		{ "erase setup 0x20", false, 1, { 0x40000 }, { 0x20 } },
		{ "lock setup 0x60", false, 1, { 0x40000 }, { 0x60 } },
	};
	(void)state;
	stray_then_ops(&cfi_model_qemu_versatile, 4, seqs, ARRAY_SIZE(seqs));
}

/* A bus read as `md` does it: the bus width of the bank. */
static uint32_t bus_read(uint32_t ofs)
{
	if (flash.bankwidth == 4)
		return readl(BASE + ofs);
	return flash.bankwidth == 2 ? readw(BASE + ofs) : readb(BASE + ofs);
}

/*
 * A read whose first word reads like the idle chip's status (zeros on QEMU's
 * pflash, whose status is 0 after a clear status; 0x80 per chip on Intel's)
 * takes a few bus cycles, not the 2 x 514 flush words of a stuck chip, and
 * returns the data; after a stray command it still returns the data.
 */
static void test_status_lookalike_read(void **state)
{
	static const struct {
		const struct cfi_model_params *p;
		unsigned int bw;
		uint32_t rep; /* a command to every chip of the bank */
	} chips[] = { { &cfi_model_qemu_versatile, 4, 1 },
		      { &cfi_model_28f128j3_x16, 2, 1 },
		      { &cfi_model_28f640j3_2x16, 4, 0x10001 } };
	static const uint32_t strays[] = { 0x98, 0x90, 0x70, 0x50, 0xe8, 0x20, 0x60 };
	(void)state;
	for (size_t c = 0; c < ARRAY_SIZE(chips); c++) {
		uint32_t st, back = 0;
		uint64_t t0;

		bring_up(chips[c].p, chips[c].bw);
		stray(0, 0x50 * chips[c].rep);
		stray(0, 0x70 * chips[c].rep);
		st = bus_read(0);
		stray(0, 0xff * chips[c].rep);
		memcpy(model->mem + 0x100, &st, flash.bankwidth);
		t0 = sim_time_ns;
		assert_int_equal(mtd_read(&flash.mtd, 0x100, flash.bankwidth, &back), 0);
		assert_memory_equal(&back, &st, flash.bankwidth);
		print_message("%s: status 0x%x, a read of it: %llu bus cycles\n", chips[c].p->name, st,
			      (unsigned long long)(sim_time_ns - t0) / 10);
		assert_true(sim_time_ns - t0 < 20 * 10);
		for (size_t i = 0; i < ARRAY_SIZE(strays); i++) {
			stray(0x40000, strays[i]);
			back = ~st;
			assert_int_equal(mtd_read(&flash.mtd, 0x100, flash.bankwidth, &back), 0);
			assert_memory_equal(&back, &st, flash.bankwidth);
			assert_true(cfi_model_in_read_array(model));
		}
	}
}

static void test_stray_commands_amd(void **state)
{
	static const struct stray_seq sst[] = {
		{ "autoselect AA/55/90", false, 3, { 0xaaaa, 0x5554, 0xaaaa }, { 0xaa, 0x55, 0x90 } },
		{ "CFI entry AA/55/98", false, 3, { 0xaaaa, 0x5554, 0xaaaa }, { 0xaa, 0x55, 0x98 } },
		{ "program setup AA/55/A0", false, 3, { 0xaaaa, 0x5554, 0xaaaa }, { 0xaa, 0x55, 0xa0 } },
		{ "half an unlock AA", false, 1, { 0xaaaa }, { 0xaa } },
		{ "data 0x1234", false, 1, { 0x40 }, { 0x1234 } },
	};
	static const struct stray_seq amd[] = {
		{ "query 0x98", false, 1, { 0xaa }, { 0x98 } },
		{ "autoselect AA/55/90", false, 3, { 0xaaa, 0x554, 0xaaa }, { 0xaa, 0x55, 0x90 } },
		{ "program setup AA/55/A0", false, 3, { 0xaaa, 0x554, 0xaaa }, { 0xaa, 0x55, 0xa0 } },
	};
	(void)state;
	stray_then_ops(&cfi_model_sst39vf1601, 2, sst, ARRAY_SIZE(sst));
	stray_then_ops(&cfi_model_am29lv160db, 2, amd, ARRAY_SIZE(amd));
}

/* A chip that no longer answers fails within its typical erase time, not its 16 s maximum. */
static void test_dead_chip_fails_fast(void **state)
{
	uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	const struct cfi_model_params *models[] = { &cfi_model_28f128j3_x16, &cfi_model_sst39vf1601 };
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
		uint64_t t0;

		bring_up(models[i], 2);
		/* its tables give the time-outs: typical erase for a chip busy before we start */
		assert_int_equal(flash.tmo_ready_us,
				 MAX((uint64_t)flash.t_erase_ms.typ * 1000, 100000u));
		model->hung = true;
		t0 = sim_time_ns;
		assert_int_equal(mtd_erase(&flash.mtd, 0, cfi_block_at(&flash, 0, NULL)), -ETIMEDOUT);
		assert_true((sim_time_ns - t0) / 1000 >= flash.tmo_ready_us);
		assert_true((sim_time_ns - t0) / 1000 < flash.tmo_ready_us + 50000);
		t0 = sim_time_ns;
		assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), -ETIMEDOUT);
		assert_true((sim_time_ns - t0) / 1000 < flash.tmo_ready_us + 50000);
		model->hung = false;
		assert_int_equal(mtd_write(&flash.mtd, 0, sizeof(data), data), 0);
	}
	/* the 28F128J3: 1 s typical, 16 s maximum block erase (CFI 0x21 = 0x0a, 0x25 = 0x04) */
	bring_up(&cfi_model_28f128j3_x16, 2);
	assert_int_equal(flash.tmo_ready_us, 1024000);
	assert_int_equal(flash.tmo_erase_us, 16384000);
}

/* A second write of different data is refused whole, on every model, before anything is programmed. */
static void test_write_over_data_refused(void **state)
{
	// clang-format off
	const struct cfi_model_params *models[] = {
		&cfi_model_28f128j3_x16, &cfi_model_sst39vf1601, &cfi_model_am29lv160db,
		&cfi_model_qemu_versatile, &cfi_model_s29gl_wb,
	};
	// clang-format on
	const unsigned int bws[] = { 2, 2, 2, 4, 2 };
	uint8_t a[600], b[600], back[600];
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
		unsigned int programs;

		print_message("write over data on %s\n", models[i]->name);
		bring_up(models[i], bws[i]);
		assert_int_equal(mtd_erase(&flash.mtd, 0, cfi_block_at(&flash, 0, NULL)), 0);
		fill_pattern(a, sizeof(a), 1);
		memcpy(b, a, sizeof(b));
		b[sizeof(b) - 1] = (uint8_t)~a[sizeof(a) - 1]; /* only the last byte needs a 0 -> 1 */
		assert_int_equal(mtd_write(&flash.mtd, 3, sizeof(a), a), 0);
		programs = model->programs + model->buffers;
		assert_int_equal(mtd_write(&flash.mtd, 3, sizeof(b), b), -ENOTEMPTY);
		assert_int_equal(model->programs + model->buffers, programs);
		/* the check alone names the first byte that fails, whatever the alignment */
		for (size_t k = 0; k < 5; k++) {
			uint64_t bad = 0;

			assert_int_equal(cfi_programmable(&flash, 3 + k, sizeof(b) - k, b + k, &bad),
					 -ENOTEMPTY);
			assert_int_equal(bad, 3 + sizeof(b) - 1);
			assert_int_equal(cfi_programmable(&flash, 3 + k, sizeof(a) - k, a + k, &bad), 0);
		}
		assert_int_equal(mtd_read(&flash.mtd, 3, sizeof(back), back), 0);
		assert_memory_equal(back, a, sizeof(a));
		/* the same data again, or bits only cleared, is fine (U-Boot's rule) */
		assert_int_equal(mtd_write(&flash.mtd, 3, sizeof(a), a), 0);
		a[10] &= 0x0f;
		assert_int_equal(mtd_write(&flash.mtd, 3, sizeof(a), a), 0);
		assert_int_equal(mtd_read(&flash.mtd, 3, sizeof(back), back), 0);
		assert_memory_equal(back, a, sizeof(a));
		assert_true(cfi_model_in_read_array(model));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_erase_program_all_models, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_unaligned_bytes, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_qemu_buffer_windows, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_qemu_model_quirks, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_intel, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_amd, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_program_erase_failures, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_write_buffer_amd_failure, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_locking, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_locking_not_on_amd, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_sst_sector_erase, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_boot_block_erase, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_chip_erase, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_progress_and_stop, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_partition_io, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_stray_commands_intel, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_stray_commands_qemu, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_stray_commands_amd, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_status_lookalike_read, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_dead_chip_fails_fast, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_write_over_data_refused, rig_setup, rig_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
