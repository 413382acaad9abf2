/* Host tests: factory bad blocks, Linux's on-flash BBT, markbad, and bad-block-skipping read/write/erase. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include "mtd_io.h"
#include "test_nand_rig.h"

#define PSZ 2048
#define PPB 64
#define BLK (PPB * PSZ)
#define NBLK 1024

static int setup(void **state)
{
	(void)state;
	rig_models(&nand_model_k9f1g08, MINI2440_HCLK);
	return 0;
}

static int teardown(void **state)
{
	return rig_teardown(state);
}

static uint64_t skipped[8];
static int skipcode[8];
static unsigned int nskipped, nsteps, stop_at;

static void on_skip(void *ctx, uint64_t ofs, int code)
{
	(void)ctx;
	if (nskipped < ARRAY_SIZE(skipped)) {
		skipcode[nskipped] = code;
		skipped[nskipped++] = ofs;
	}
}

static int on_step(void *ctx, uint64_t done, uint64_t at)
{
	(void)ctx;
	(void)done;
	(void)at;
	return stop_at && ++nsteps >= stop_at;
}

static const struct mtd_io_cb cb = { on_step, on_skip, NULL };

/* The engine over [off, off + len) of mtd; the flash span it used in *actual. */
static int io_rw(struct mtd_info *mtd, bool wr, uint64_t off, size_t len, uint64_t limit, void *buf,
		 uint64_t *actual)
{
	// clang-format off
	struct mtd_io io = { .mtd = mtd, .off = off, .len = len, .limit = limit, .flags = MTD_IO_SKIP_BAD };
	// clang-format on
	int r = wr ? mtd_io_write(&io, buf) : mtd_io_read(&io, buf);

	*actual = io.pos - off;
	return r ? r : (int)io.corrected;
}

/* A factory marker in page 0 (block 2) and in page 1 only (block 5). */
static void factory_bad_2_5(void)
{
	nand_model_mark_bad(&rig.chip, 2, 0);
	nand_model_page(&rig.chip, 5 * PPB + 1)[PSZ] = 0x00;
}

static void test_factory_markers(void **state)
{
	struct mtd_info *mtd;
	(void)state;

	factory_bad_2_5();
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd_block_isbad(mtd, 2 * BLK), 1);
	assert_int_equal(mtd_block_isbad(mtd, 5 * BLK + 7), 1);
	assert_int_equal(mtd_block_isbad(mtd, 3 * BLK), 0);
	assert_int_equal(mtd->ecc_stats.badblocks, 2);
	assert_int_equal(mtd_erase(mtd, 1 * BLK, 3 * BLK), -EIO);
	nskipped = 0;
	{
		struct mtd_io io = { .mtd = mtd, .len = 8 * BLK, .flags = MTD_IO_SKIP_BAD, .cb = &cb };

		assert_int_equal(mtd_io_erase(&io), 0);
		assert_int_equal(io.skipped, 2);
		assert_true(io.done == 6 * BLK);
	}
	assert_int_equal(nskipped, 2);
	assert_true(skipped[0] == 2 * BLK && skipped[1] == 5 * BLK);
	assert_int_equal(skipcode[0], MTD_BLOCK_BAD);
}

static void test_skip_bad_io(void **state)
{
	size_t len = 3 * BLK + 100;
	uint8_t *w = malloc(len), *r = malloc(len);
	struct mtd_info *mtd, *part;
	uint64_t actual;
	const uint8_t *raw;
	unsigned int i;
	(void)state;

	factory_bad_2_5();
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	rig_pattern(w, len, 60);

	/* blocks 1 and 3 only before the limit: does not fit, nothing written */
	assert_int_equal(io_rw(mtd, true, 1 * BLK, len, 4 * BLK, w, &actual), -ENOSPC);
	raw = nand_model_page(&rig.chip, 1 * PPB);
	for (i = 0; i < PSZ; i++)
		assert_int_equal(raw[i], 0xff);

	/* blocks 1, 3, 4 and 100 bytes in 6 (2 and 5 skipped); last page padded */
	assert_int_equal(io_rw(mtd, true, 1 * BLK, len, 8 * BLK, w, &actual), 0);
	assert_true(actual == 5 * BLK + PSZ);
	assert_memory_equal(nand_model_page(&rig.chip, 3 * PPB), w + BLK, PSZ);
	raw = nand_model_page(&rig.chip, 6 * PPB);
	assert_memory_equal(raw, w + 3 * BLK, 100);
	for (i = 100; i < PSZ; i++)
		assert_int_equal(raw[i], 0xff);
	assert_int_equal(nand_model_page(&rig.chip, 2 * PPB)[0], 0xff); /* bad block untouched */

	memset(r, 0, len);
	assert_int_equal(io_rw(mtd, false, 1 * BLK, len, 8 * BLK, r, &actual), 0);
	assert_memory_equal(r, w, len);
	assert_true(actual == 5 * BLK + 100);

	/* a corrected bitflip is success with a positive count */
	nand_model_inject_flip(&rig.chip, 4 * PPB + 3, 10, 1);
	memset(r, 0, len);
	assert_int_equal(io_rw(mtd, false, 1 * BLK, len, 0, r, &actual), 1);
	assert_memory_equal(r, w, len);
	/* an uncorrectable one stops the read */
	nand_model_inject_flip(&rig.chip, 4 * PPB + 3, 11, 1);
	assert_int_equal(io_rw(mtd, false, 1 * BLK, len, 0, r, &actual), -EBADMSG);
	nand_model_clear_flips(&rig.chip);

	/* through a partition: offsets and limit are the partition's */
	part = mtd_add_partition(mtd, "kernel", 1 * BLK, 7 * BLK, 0);
	assert_non_null(part);
	memset(r, 0, len);
	assert_int_equal(io_rw(part, false, 0, len, 0, r, &actual), 0);
	assert_memory_equal(r, w, len);
	assert_int_equal(io_rw(part, false, 0, len, 4 * BLK, r, &actual), -ENOSPC);
	mtd_del_partitions(mtd);
	free(w);
	free(r);
}

/* Scrub, spread, a failing block that does not stop the erase, and a stop (Ctrl-C) half-way. */
static void test_engine_erase_modes(void **state)
{
	struct mtd_info *mtd;
	struct mtd_io io;
	(void)state;

	factory_bad_2_5();
	rig.pd.options = NAND_OPT_BBT_FLASH | NAND_OPT_BBT_CREATE; /* the table kept on flash */
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	/* spread: 4 good blocks from block 1 are 1, 3, 4, 6 */
	nand_model_page(&rig.chip, 6 * PPB)[0] = 0x12;
	nand_model_page(&rig.chip, 7 * PPB)[0] = 0x34;
	io = (struct mtd_io){
		.mtd = mtd, .off = BLK, .len = 4 * BLK, .flags = MTD_IO_SKIP_BAD | MTD_IO_SPREAD
	};
	assert_int_equal(mtd_io_erase(&io), 0);
	assert_true(io.pos == 7 * BLK && io.skipped == 2);
	assert_int_equal(nand_model_page(&rig.chip, 6 * PPB)[0], 0xff);
	assert_int_equal(nand_model_page(&rig.chip, 7 * PPB)[0], 0x34);
	/* a block that fails to erase is reported and the erase goes on */
	nand_model_fail_erase(&rig.chip, 3);
	nskipped = 0;
	io = (struct mtd_io){
		.mtd = mtd, .off = 0, .len = 8 * BLK, .cb = &cb, .flags = MTD_IO_SKIP_BAD | MTD_IO_GO_ON
	};
	assert_int_equal(mtd_io_erase(&io), 0);
	assert_int_equal(io.failed, 1);
	assert_int_equal(nskipped, 3);
	assert_true(skipped[1] == 3 * BLK && skipcode[1] == -EIO);
	assert_int_equal(nand_model_page(&rig.chip, 7 * PPB)[0], 0xff);
	rig.chip.nfail_erase = 0;
	/* stopped after two blocks: -EINTR, where it stopped, the rest untouched */
	nand_model_page(&rig.chip, 4 * PPB)[0] = 0x56;
	nsteps = 0;
	stop_at = 2;
	io = (struct mtd_io){ .mtd = mtd, .off = 0, .len = 8 * BLK, .cb = &cb, .flags = MTD_IO_SKIP_BAD };
	assert_int_equal(mtd_io_erase(&io), -EINTR);
	stop_at = 0;
	assert_true(io.pos == 2 * BLK && io.done == 2 * BLK);
	assert_int_equal(nand_model_page(&rig.chip, 4 * PPB)[0], 0x56);
	/* scrub: the bad blocks are erased and good again, in the table on flash too */
	io = (struct mtd_io){
		.mtd = mtd, .off = 0, .len = 8 * BLK, .flags = MTD_IO_SKIP_BAD | MTD_IO_SCRUB
	};
	assert_int_equal(mtd_io_erase(&io), 0);
	assert_int_equal(io.skipped, 0);
	assert_int_equal(mtd_block_isbad(mtd, 2 * BLK), 0);
	assert_int_equal(mtd_block_isbad(mtd, 5 * BLK), 0);
	rig_detach();
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 2 * BLK), 0);
	/* the blocks holding the table are never scrubbed: skipped as reserved */
	assert_int_equal(mtd_block_isreserved(rig_mtd(), (uint64_t)(NBLK - 1) * BLK), 1);
	assert_int_equal(mtd_block_isreserved(rig_mtd(), 3 * BLK), 0);
	io = (struct mtd_io){ .mtd = rig_mtd(),
			      .off = (uint64_t)(NBLK - 2) * BLK,
			      .len = 2 * BLK,
			      .flags = MTD_IO_SKIP_BAD | MTD_IO_SCRUB };
	assert_int_equal(mtd_io_erase(&io), 0);
	assert_int_equal(io.skipped, 2);
	assert_int_equal(mtd_block_isreserved(rig_mtd(), (uint64_t)(NBLK - 1) * BLK), 1);
}

static void test_markbad_persists(void **state)
{
	struct mtd_info *mtd;
	(void)state;

	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd_block_isbad(mtd, 9 * BLK), 0);
	assert_int_equal(mtd_block_markbad(mtd, 9 * BLK), 0);
	assert_int_equal(mtd_block_isbad(mtd, 9 * BLK), 1);
	assert_int_equal(nand_model_page(&rig.chip, 9 * PPB)[PSZ], 0x00);
	rig_detach();
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 9 * BLK), 1);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 10 * BLK), 0);
}

/* Write a Linux-format table into the model: 2 bits per block, 11 good,
 * 00 factory bad, 10 worn; pattern at OOB 8, version at 12, Hamming ECC at 40. */
static void put_linux_bbt(uint32_t block, const char *pattern, uint8_t version, const uint8_t *codes)
{
	uint8_t *p = nand_model_page(&rig.chip, block * PPB);
	unsigned int i;

	memset(p, 0xff, PSZ + 64);
	for (i = 0; i < NBLK; i++)
		p[i / 4] &= (uint8_t) ~((3u & ~codes[i]) << ((i % 4) * 2));
	memcpy(p + PSZ + 8, pattern, 4);
	p[PSZ + 12] = version;
	for (i = 0; i < 8; i++)
		nand_hamming_calc(p + 256 * i, 256, p + PSZ + 40 + 3 * i);
	rig.chip.progs[block * PPB] = 1;
}

static unsigned int flash_code(const uint8_t *page, unsigned int block)
{
	return (page[block / 4] >> ((block % 4) * 2)) & 3;
}

static void test_linux_bbt_honoured(void **state)
{
	static uint8_t codes[NBLK];
	struct mtd_info *mtd;
	uint8_t r[PSZ];
	(void)state;

	memset(codes, 3, sizeof(codes));
	codes[3] = 0; /* factory bad, no marker on the chip: only the table knows */
	codes[4] = 2; /* worn */
	put_linux_bbt(NBLK - 1, "Bbt0", 5, codes);
	put_linux_bbt(NBLK - 2, "1tbB", 5, codes);
	rig.pd.options = NAND_OPT_BBT_FLASH;
	assert_int_equal(rig_attach(), 0);
	mtd = rig_mtd();
	assert_int_equal(mtd_block_isbad(mtd, 3 * BLK), 1);
	assert_int_equal(mtd_block_isbad(mtd, 4 * BLK), 1);
	assert_int_equal(mtd_block_isbad(mtd, 5 * BLK), 0);
	assert_int_equal(mtd_block_isbad(mtd, (uint64_t)(NBLK - 1) * BLK), 2);
	assert_int_equal(mtd_block_isbad(mtd, (uint64_t)(NBLK - 2) * BLK), 2);
	assert_int_equal(mtd_block_isbad(mtd, (uint64_t)(NBLK - 3) * BLK), 0);
	assert_int_equal(mtd->ecc_stats.badblocks, 2);
	assert_int_equal(mtd->ecc_stats.bbtblocks, 2);
	/* the table is never erased or overwritten through the mtd */
	assert_int_equal(mtd_erase(mtd, (uint64_t)(NBLK - 1) * BLK, BLK), -EIO);
	memset(r, 0, sizeof(r));
	assert_int_equal(mtd_write(mtd, (uint64_t)(NBLK - 2) * BLK + PSZ, PSZ, r), -EIO);
	assert_memory_equal(nand_model_page(&rig.chip, (NBLK - 1) * PPB) + PSZ + 8, "Bbt0", 4);

	/* markbad: new version 6 in both copies, block 7 stored as worn (10) */
	assert_int_equal(mtd_block_markbad(mtd, 7 * BLK), 0);
	{
		const uint8_t *m = nand_model_page(&rig.chip, (NBLK - 1) * PPB);
		const uint8_t *mm = nand_model_page(&rig.chip, (NBLK - 2) * PPB);

		assert_memory_equal(m + PSZ + 8, "Bbt0", 4);
		assert_memory_equal(mm + PSZ + 8, "1tbB", 4);
		assert_int_equal(m[PSZ + 12], 6);
		assert_int_equal(mm[PSZ + 12], 6);
		assert_int_equal(flash_code(m, 7), 2);
		assert_int_equal(flash_code(m, 3), 0);
		assert_int_equal(flash_code(m, 4), 2);
		assert_int_equal(flash_code(m, NBLK - 1), 3); /* reserved blocks stored as good */
		assert_int_equal(flash_code(m, 8), 3);
	}
	rig_detach();
	/* clear block 7's marker: after re-init only the table can say it is bad */
	nand_model_page(&rig.chip, 7 * PPB)[PSZ] = 0xff;
	nand_model_page(&rig.chip, 7 * PPB + 1)[PSZ] = 0xff;
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 7 * BLK), 1);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 3 * BLK), 1);
}

static void test_newer_mirror_wins(void **state)
{
	static uint8_t codes[NBLK];
	(void)state;

	memset(codes, 3, sizeof(codes));
	put_linux_bbt(NBLK - 1, "Bbt0", 5, codes);
	codes[8] = 2;
	put_linux_bbt(NBLK - 2, "1tbB", 7, codes);
	rig.pd.options = NAND_OPT_BBT_FLASH;
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 8 * BLK), 1);
	/* the stale main copy was brought up to version 7, as Linux does */
	assert_int_equal(nand_model_page(&rig.chip, (NBLK - 1) * PPB)[PSZ + 12], 7);
	assert_int_equal(flash_code(nand_model_page(&rig.chip, (NBLK - 1) * PPB), 8), 2);
}

static void test_bbt_created(void **state)
{
	const uint8_t *m;
	(void)state;

	nand_model_mark_bad(&rig.chip, 2, 0);
	nand_model_mark_bad(&rig.chip, NBLK - 1, 0); /* last block bad: table goes below */
	rig.pd.options = NAND_OPT_BBT_FLASH | NAND_OPT_BBT_CREATE;
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 2 * BLK), 1);
	assert_int_equal(mtd_block_isbad(rig_mtd(), (uint64_t)(NBLK - 1) * BLK), 1);
	assert_int_equal(mtd_block_isbad(rig_mtd(), (uint64_t)(NBLK - 2) * BLK), 2);
	assert_int_equal(mtd_block_isbad(rig_mtd(), (uint64_t)(NBLK - 3) * BLK), 2);
	m = nand_model_page(&rig.chip, (NBLK - 2) * PPB);
	assert_memory_equal(m + PSZ + 8, "Bbt0", 4);
	assert_int_equal(m[PSZ + 12], 1);
	assert_int_equal(flash_code(m, 2), 0);
	assert_int_equal(flash_code(m, NBLK - 1), 0);
	assert_memory_equal(nand_model_page(&rig.chip, (NBLK - 3) * PPB) + PSZ + 8, "1tbB", 4);
	rig_detach();

	/* the table, not the markers, decides now */
	nand_model_page(&rig.chip, 2 * PPB)[PSZ] = 0xff;
	rig.pd.options = NAND_OPT_BBT_FLASH;
	assert_int_equal(rig_attach(), 0);
	assert_int_equal(mtd_block_isbad(rig_mtd(), 2 * BLK), 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	// clang-format off
	const struct CMUnitTest tests[] = {
		T(test_factory_markers),
		T(test_skip_bad_io),
		T(test_engine_erase_modes),
		T(test_markbad_persists),
		T(test_linux_bbt_honoured),
		T(test_newer_mirror_wins),
		T(test_bbt_created),
	};
	// clang-format on
	return cmocka_run_group_tests(tests, NULL, NULL);
}
