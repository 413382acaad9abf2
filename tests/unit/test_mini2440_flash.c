/* Host tests of the mini2440 board's flash: flash_init on the models, layout, tools/mkflash NAND images read back, environment power cuts. */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "mtd_io.h"
#include "nand_model.h"
#include "s3c2440_nfc_model.h"
#include "cfi_model.h"
#include "sim_bus.h"
#include "env.h"
#include "env_flash.h"
#include "mtdparts.h"
#include "board.h"
#include "s3c2440_nand.h"
#include "mini2440.h"
#include "defaults.h"
#include "s3c2440_timer.h"
#include "../../drivers/flash/nand_core.h" /* nand_read_page(): the raw page as stored */

/* the board under test is board/mini2440/board.c, linked from its archive and driven through
 * board_get(); its NAND controller is found through the MTD it registers */
static struct s3c2440_nand *nand0(void)
{
	struct mtd_info *m = mtd_find("nand0");

	assert_non_null(m);
	return (struct s3c2440_nand *)((char *)m - offsetof(struct s3c2440_nand, chip.mtd));
}

/* the board's NAND platform data, for a re-probe after a power cut */
static const struct s3c2440_nand_platdata nand_pd =
	MINI2440_NAND_PLATDATA(MINI2440_NFC_BASE, MINI2440_HCLK_HZ);

struct fw_layout fw;
const struct board_desc *board;
/* the board's table points at it; these tests drive env/env_flash.c directly (the real one in
 * env/env_board.c would pull in the whole firmware) */
const struct env_backend env_flash_backend;

void s3c2440_timer_init(uint32_t pclk)
{
	(void)pclk;
}

/* a string literal (embedded NULs included) inside n bytes of buf */
#define HAS(buf, n, lit) memmem(buf, n, lit, sizeof(lit) - 1)

#define BLK 0x20000u
#define PAGE 2048u
#define RAW (2048u + 64u)
#define PPB 64u

static struct nand_model chip;
static struct s3c2440_nfc_model nfc;
static struct cfi_model *nor;
static char tmpdir[64];

/* ------------------------------------------------------------ rig */

enum how { NAND_BOOT, NOR_BOOT, RAM_BOOT };

static void set_boot(enum how how)
{
	memset(&fw, 0, sizeof(fw));
	fw.start = 0x33e00000;
	switch (how) {
	case NAND_BOOT:
		fw.boot_r0 = MINI2440_NANDBOOT_MAGIC;
		fw.load_addr = fw.start;
		break;
	case NOR_BOOT:
		fw.load_addr = 0;
		break;
	case RAM_BOOT:
		fw.load_addr = 0x30008000;
		break;
	}
}

/* 4 KiB of SRAM at 0 (the Steppingstone on a NAND boot) */
static uint8_t sram[4096];

static uint32_t sram_read(void *ctx, uintptr_t off, int width)
{
	uint32_t v = 0;

	(void)ctx;
	memcpy(&v, sram + off, (size_t)width);
	return v;
}

static void sram_write(void *ctx, uintptr_t off, uint32_t val, int width)
{
	(void)ctx;
	memcpy(sram + off, &val, (size_t)width);
}

/* Models on the bus; at 0 the SST NOR, or SRAM when sram_at_zero. */
static void models_up(bool sram_at_zero)
{
	sim_bus_reset();
	assert_int_equal(nand_model_init(&chip, &nand_model_k9f1g08), 0);
	s3c2440_nfc_model_init(&nfc, MINI2440_NFC_BASE, MINI2440_HCLK_HZ, &chip);
	nor = NULL;
	if (sram_at_zero) {
		// clang-format off
		struct sim_region r = { .base = 0, .size = sizeof(sram), .read = sram_read, .write = sram_write };
		// clang-format on
		sim_bus_add(&r);
	} else {
		nor = cfi_model_create(0, &cfi_model_sst39vf1601);
		assert_non_null(nor);
	}
	board = board_get();
}

static void board_down(void)
{
	struct mtd_info *m;

	if ((m = mtd_find("nor0")))
		mtd_unregister(m);
	if (mtd_find("nand0"))
		s3c2440_nand_remove(nand0());
}

static void models_down(void)
{
	board_down();
	if (nor)
		cfi_model_destroy(nor);
	nor = NULL;
	nand_model_free(&chip);
	sim_bus_reset();
}

static void check_clean(void)
{
	if (nfc.violations)
		fail_msg("controller violation: %s", nfc.first_violation);
	if (chip.protocol_errors || chip.double_programs)
		fail_msg("NAND protocol error: %s", chip.last_error);
}

static int teardown(void **state)
{
	(void)state;
	models_down();
	return 0;
}

/* Load a 2048+64-byte-page image into the chip model as the sim board does. */
static void load_image(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *blk = malloc(PPB * RAW), ff[RAW];
	uint32_t b, p;

	assert_non_null(f);
	assert_non_null(blk);
	memset(ff, 0xff, sizeof(ff));
	for (b = 0; b < chip.cfg.nblocks; b++) {
		assert_int_equal(fread(blk, 1, PPB * RAW, f), PPB * RAW);
		for (p = 0; p < PPB; p++) {
			if (!memcmp(blk + p * RAW, ff, RAW))
				continue;
			memcpy(nand_model_page(&chip, b * PPB + p), blk + p * RAW, RAW);
			chip.progs[b * PPB + p] = 1;
		}
	}
	assert_int_equal(fgetc(f), EOF);
	fclose(f);
	free(blk);
}

/* ------------------------------------------------------------ flash_init */

static void test_flash_init_nor_boot(void **state)
{
	struct s3c2440_nand_timing t;
	struct mtd_info *n, *m;

	(void)state;
	models_up(false);
	set_boot(NOR_BOOT);
	board->flash_init();
	check_clean();
	n = mtd_find("nand0");
	m = mtd_find("nor0");
	assert_non_null(n);
	assert_non_null(m);
	assert_int_equal(n->type, MTD_NANDFLASH);
	assert_int_equal(n->size, 128u << 20);
	assert_int_equal(n->erasesize, BLK);
	assert_int_equal(n->writesize, PAGE);
	assert_int_equal(m->type, MTD_NORFLASH);
	assert_int_equal(m->size, 2u << 20);
	/* timing: derived from the chip's limits at 101.25 MHz, not Linux's fixed 0x210 */
	assert_int_equal(s3c2440_nand_calc_timing(&s3c2440_nfc_variant, MINI2440_HCLK_HZ,
						  nand0()->chip.geo.timings, &t),
			 0);
	assert_memory_equal(&t, &nand0()->timing, sizeof(t));
	assert_int_equal(nfc.nfconf & 0x3770, 0x0110);
	assert_int_equal(nand0()->chip.ecc.mode, NAND_ECC_S3C_LINUX); /* Linux mini2440: ON_HOST */
	assert_int_equal(nand0()->chip.ecc.size, 256);
	assert_int_equal(nand0()->chip.ecc.eccpos[0].offset, 40);
	assert_int_equal(nand0()->chip.ecc.eccpos[0].length, 24);
	/* Linux's flash BBT was created in the last blocks of an empty chip */
	assert_true(nand0()->chip.bbt_block[0] >= 1020);
	assert_true(nand0()->chip.bbt_block[1] >= 1020);
}

static void test_flash_init_nand_boot(void **state)
{
	(void)state;
	models_up(true);
	set_boot(NAND_BOOT);
	memset(sram, 0x5a, sizeof(sram));
	board->flash_init();
	check_clean();
	assert_non_null(mtd_find("nand0"));
	assert_null(mtd_find("nor0"));
	/* nothing probed the Steppingstone */
	for (size_t i = 0; i < sizeof(sram); i++)
		assert_int_equal(sram[i], 0x5a);
	assert_string_equal(board->boot_source(), "NAND (Steppingstone)");
}

/* Loaded into SDRAM by another loader: the write test tells NOR from SRAM. */
static void test_flash_init_ram_boot(void **state)
{
	(void)state;
	models_up(false);
	set_boot(RAM_BOOT);
	board->flash_init();
	assert_non_null(mtd_find("nor0"));
	assert_true(cfi_model_in_read_array(nor));
	assert_string_equal(board->boot_source(), "RAM (loaded by another bootloader)");
	models_down();

	models_up(true);
	set_boot(RAM_BOOT);
	memset(sram, 0xa5, sizeof(sram));
	board->flash_init();
	assert_non_null(mtd_find("nand0"));
	assert_null(mtd_find("nor0"));
	for (size_t i = 0; i < sizeof(sram); i++)
		assert_int_equal(sram[i], 0xa5); /* probe word restored */
}

/* ------------------------------------------------------------ layout */

static uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}


static void test_layout(void **state)
{
	static const char env[] = MINI2440_DEFAULT_ENV;
	struct mtdparts_table t;
	struct mtdparts_rtable r;
	// clang-format off
	struct mtd_info fake = { .name = "nand0", .type = MTD_NANDFLASH, .size = 128u << 20,
				 .erasesize = BLK, .writesize = PAGE };
	// clang-format on
	uint64_t envp_start = 0, envp_end = 0;
	size_t pos;
	int i, dev;

	(void)state;
	board = board_get();
	assert_int_equal(mtdparts_parse(MINI2440_MTDPARTS, strlen(MINI2440_MTDPARTS), &t, &pos), 0);
	dev = mtdparts_find_dev(&t, "nand", 4);
	assert_int_equal(dev, 0);
	assert_int_equal(mtdparts_resolve(&t, dev, &fake, &r), 0);
	assert_int_equal(r.nparts, MINI2440_NAND_PARTS);
	/* Linux's names and order: u-boot, u-boot-env, kernel (5 MiB), root */
	assert_string_equal(r.parts[0].name, "u-boot");
	assert_int_equal(r.parts[0].offset, 0);
	assert_int_equal(r.parts[0].size, 512u << 10);
	assert_int_equal(r.parts[0].size, MINI2440_UBOOT_SIZE); /* the stage-1 loader's bound */
	assert_string_equal(r.parts[1].name, "u-boot-env");
	assert_int_equal(r.parts[1].offset, 512u << 10);
	assert_int_equal(r.parts[1].size, 512u << 10);
	assert_int_equal(r.parts[2].offset, 1u << 20);
	assert_string_equal(r.parts[2].name, "kernel");
	assert_int_equal(r.parts[2].size, 5u << 20);
	assert_string_equal(r.parts[3].name, "root");
	assert_int_equal(r.parts[3].offset + r.parts[3].size, 128u << 20);
	for (i = 0; i < r.nparts; i++) {
		assert_int_equal(r.parts[i].offset % BLK, 0);
		if (!strcmp(r.parts[i].name, "u-boot-env")) {
			envp_start = r.parts[i].offset;
			envp_end = envp_start + r.parts[i].size;
		}
	}
	/* both copies and their ranges inside u-boot-env, apart, block aligned, with a spare block each */
	assert_true(board->env_redundant);
	assert_string_equal(board->env_dev, "nand0");
	assert_int_equal(board->env_offset % BLK, 0);
	assert_int_equal(board->env_offset_redund % BLK, 0);
	assert_true(board->env_range >= 2 * ((board->env_size + BLK - 1) / BLK) * BLK);
	assert_true(board->env_offset >= envp_start && board->env_offset + board->env_range <= envp_end);
	assert_true(board->env_offset_redund >= envp_start &&
		    board->env_offset_redund + board->env_range <= envp_end);
	assert_true(board->env_offset + board->env_range <= board->env_offset_redund ||
		    board->env_offset_redund + board->env_range <= board->env_offset);
	/* the firmware fits two blocks of u-boot, leaving two spare blocks for bad ones */
	{
		size_t n = 0;
		uint8_t *fwbin = read_whole("out/mini2440/flashboot.bin", &n);

		assert_non_null(fwbin);
		assert_true(n > 4096 && n <= 160u << 10 && n <= MINI2440_UBOOT_SIZE - 2 * BLK);
		free(fwbin);
	}
	/* the default environment: well formed and booting as documented */
	assert_memory_equal(board->default_env, env, sizeof(env));
	assert_non_null(HAS(env, sizeof(env),
			    "\0bootcmd=run setbootargs; nand read ${kernel_addr_r} kernel; "
			    "phram load root; bootz ${kernel_addr_r}\0"));
	assert_non_null(HAS(env, sizeof(env), "mtdparts=" MINI2440_MTDPARTS));
	assert_non_null(HAS(env, sizeof(env), "mtdids=nand0=nand"));
	assert_non_null(HAS(env, sizeof(env), "\0rootmtd=0\0"));
	assert_non_null(HAS(env, sizeof(env),
			    "\0setbootargs=setenv bootargs console=ttySAC0,115200 "
			    "root=/dev/mtdblock${rootmtd} rootfstype=squashfs ro ${mtdparts}\0"));
	assert_non_null(HAS(env, sizeof(env), "console=ttySAC0,115200"));
	assert_int_equal(board->machine_id, 1999);
	assert_int_equal(board->console->clock_hz, MINI2440_PCLK_HZ);
	assert_int_equal(board->console->baud, 115200);
}

/* ------------------------------------------------------------ mkflash images */

struct input {
	const char *part;
	char path[96];
	uint8_t *data;
	size_t len;
};

static struct input inputs[3] = { { .part = "u-boot" }, { .part = "kernel" }, { .part = "root" } };
static bool have_fw;
static char image[96], envtxt[96];

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void pattern(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 7;

	while (n--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*p++ = (uint8_t)x;
	}
}

/*
 * One image for the read-back tests: flashboot (or a stand-in), a 3 MB
 * kernel across a bad block (block 10, inside kernel), a root, and the
 * environment with copy 0's first block (block 4) bad.
 */
static int group_setup(void **state)
{
	char cmd[1024];
	static const char envtext[] = "bootcmd=echo from mkflash\nfoo=bar\nempty=\n";

	(void)state;
	strcpy(tmpdir, "/tmp/fb-mini2440-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	for (int i = 0; i < 3; i++)
		snprintf(inputs[i].path, sizeof(inputs[i].path), "%s/%s.bin", tmpdir, inputs[i].part);
	inputs[0].data = read_whole("out/mini2440/flashboot.bin", &inputs[0].len);
	have_fw = inputs[0].data != NULL;
	if (!have_fw) {
		inputs[0].len = 100000;
		inputs[0].data = malloc(inputs[0].len);
		pattern(inputs[0].data, inputs[0].len, 1);
	}
	inputs[1].len = 3000000 + 123;
	inputs[2].len = 1500000;
	for (int i = 1; i < 3; i++) {
		inputs[i].data = malloc(inputs[i].len);
		pattern(inputs[i].data, inputs[i].len, (uint32_t)i + 10);
	}
	for (int i = 0; i < 3; i++)
		write_file(inputs[i].path, inputs[i].data, inputs[i].len);
	snprintf(envtxt, sizeof(envtxt), "%s/env.txt", tmpdir);
	write_file(envtxt, envtext, strlen(envtext));
	snprintf(image, sizeof(image), "%s/nand.img", tmpdir);
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 tools/mkflash nand -o %s --bad-block 10 --bad-block 4 "
		 "u-boot=%s kernel=%s root=%s env=%s",
		 image, inputs[0].path, inputs[1].path, inputs[2].path, envtxt);
	return system(cmd) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	for (int i = 0; i < 3; i++)
		free(inputs[i].data);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void boot_image(void)
{
	models_up(true);
	load_image(image);
	set_boot(NAND_BOOT);
	board->flash_init();
	check_clean();
	assert_non_null(mtd_find("nand0"));
}

static void part_bounds(const char *name, uint64_t *ofs, uint64_t *size)
{
	struct mtdparts_table t;
	struct mtdparts_rtable r;
	size_t pos;

	assert_int_equal(mtdparts_parse(MINI2440_MTDPARTS, strlen(MINI2440_MTDPARTS), &t, &pos), 0);
	assert_int_equal(mtdparts_resolve(&t, 0, &nand0()->chip.mtd, &r), 0);
	for (int i = 0; i < r.nparts; i++)
		if (!strcmp(r.parts[i].name, name)) {
			*ofs = r.parts[i].offset;
			*size = r.parts[i].size;
			return;
		}
	fail_msg("no partition %s", name);
}

static void test_image_reads_back(void **state)
{
	struct mtd_info *m;
	uint8_t *buf;

	(void)state;
	boot_image();
	m = mtd_find("nand0");
	assert_int_equal(mtd_block_isbad(m, 10 * BLK), 1);
	assert_int_equal(mtd_block_isbad(m, 4 * BLK), 1);
	assert_int_equal(mtd_block_isbad(m, 11 * BLK), 0);
	for (int i = 0; i < 3; i++) {
		uint64_t ofs, size, used;
		struct mtd_io io = { .mtd = m, .len = inputs[i].len, .flags = MTD_IO_SKIP_BAD };
		int ret;

		part_bounds(inputs[i].part, &ofs, &size);
		io.off = ofs;
		io.limit = ofs + size;
		buf = malloc(inputs[i].len);
		m->ecc_stats.corrected = m->ecc_stats.failed = 0;
		ret = mtd_io_read(&io, buf);
		used = io.pos - ofs;
		/* 0: every page read with its ECC checked, nothing corrected */
		assert_int_equal(ret, 0);
		assert_int_equal(m->ecc_stats.corrected, 0);
		assert_int_equal(m->ecc_stats.failed, 0);
		assert_memory_equal(buf, inputs[i].data, inputs[i].len);
		if (!strcmp(inputs[i].part, "kernel")) /* the bad block was skipped */
			assert_true(used > inputs[i].len + BLK - 1);
		free(buf);
	}
	/* the pages after the kernel in its last block, and the bad block, are untouched */
	check_clean();
}

/* The Steppingstone's 4 KiB: pages 0 and 1 raw (no ECC) equal flashboot.bin's start. */
static void test_image_stage1(void **state)
{
	uint8_t page[RAW];

	(void)state;
	if (!have_fw) {
		print_message("out/mini2440/flashboot.bin missing: run make BOARD=mini2440\n");
		skip();
	}
	boot_image();
	for (uint32_t p = 0; p < 2; p++) {
		assert_int_equal(nand_read_page(&nand0()->chip, p, page, page + PAGE, MTD_OPS_RAW), 0);
		assert_memory_equal(page, inputs[0].data + p * PAGE, PAGE);
		assert_int_equal(page[PAGE], 0xff); /* marker byte */
	}
	/* and the same bytes from the model's storage, as the boot ROM copies them */
	for (uint32_t p = 0; p < 2; p++)
		assert_memory_equal(nand_model_page(&chip, p), inputs[0].data + p * PAGE, PAGE);
}

static void board_env_location(struct env_location *loc, struct mtd_info *m)
{
	memset(loc, 0, sizeof(*loc));
	loc->mtd = m;
	loc->offset = board->env_offset;
	loc->offset_redund = board->env_offset_redund;
	loc->size = board->env_size;
	loc->range = board->env_range;
	loc->redundant = board->env_redundant;
	loc->scheme = ENV_FLAGS_AUTO;
}

static char envbuf[MINI2440_ENV_SIZE];

static void test_image_env(void **state)
{
	struct env_location loc;
	struct env_load_info info;

	(void)state;
	boot_image();
	board_env_location(&loc, mtd_find("nand0"));
	assert_int_equal(env_flash_load(&loc, envbuf, sizeof(envbuf), &info), 0);
	assert_int_equal(info.copy, 0);
	assert_false(info.degraded);
	assert_int_equal(info.status[0], 0);
	/* copy 0 was good: the load left copy 1 unread; mkflash wrote it good too */
	assert_int_equal(info.status[1], ENV_UNCHECKED);
	assert_int_equal(env_flash_check_other(&loc, &info), 0);
	assert_int_equal(info.status[1], 0);
	assert_false(info.degraded);
	assert_int_equal(info.scheme, ENV_FLAGS_COUNTER);
	/* mkenvimage sorts nothing: the entries in file order */
	assert_non_null(HAS(envbuf, info.used, "bootcmd=echo from mkflash\0"));
	assert_non_null(HAS(envbuf, info.used, "\0foo=bar\0"));
	/* copy 0 skipped bad block 4: it sits in block 5 */
	assert_memory_equal(nand_model_page(&chip, 5 * PPB) + 5, "bootcmd", 7);
	assert_int_equal(nand_model_page(&chip, 4 * PPB)[5], 0xff);
}

/* ------------------------------------------------------------ power cuts */

/* A pass-through MTD over nand0 that arms the chip's power cut before the
 * n-th page program or block erase it forwards. */
static struct mtd_info wrap;
static int prog_count, erase_count, cut_prog = -1, cut_erase = -1;
static uint32_t cut_amount;

static int wrap_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	(void)mtd;
	return mtd_read(&nand0()->chip.mtd, from, len, buf);
}

static int wrap_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	const uint8_t *p = buf;

	(void)mtd;
	for (; len; len -= PAGE, to += PAGE, p += PAGE) {
		int r;

		if (prog_count++ == cut_prog)
			nand_model_power_cut(&chip, NM_OP_PROGRAM, cut_amount);
		r = mtd_write(&nand0()->chip.mtd, to, PAGE, p);
		if (r)
			return r;
	}
	return 0;
}

static int wrap_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	(void)mtd;
	for (; len; len -= BLK, addr += BLK) {
		int r;

		if (erase_count++ == cut_erase)
			nand_model_power_cut(&chip, NM_OP_ERASE, cut_amount);
		r = mtd_erase(&nand0()->chip.mtd, addr, BLK);
		if (r)
			return r;
	}
	return 0;
}

static int wrap_isbad(struct mtd_info *mtd, uint64_t ofs)
{
	(void)mtd;
	return mtd_block_isbad(&nand0()->chip.mtd, ofs);
}

// clang-format off
static const struct mtd_ops wrap_ops = {
	.read = wrap_read, .write = wrap_write, .erase = wrap_erase, .block_isbad = wrap_isbad,
};
// clang-format on

static void wrap_init(void)
{
	struct mtd_info *n = &nand0()->chip.mtd;

	memset(&wrap, 0, sizeof(wrap));
	strcpy(wrap.name, "cutter");
	wrap.type = n->type;
	wrap.size = n->size;
	wrap.erasesize = n->erasesize;
	wrap.writesize = n->writesize;
	wrap.oobsize = n->oobsize;
	wrap.ops = &wrap_ops;
}

/* What the firmware would find after the power comes back. */
static int reboot_and_load(struct env_load_info *info)
{
	struct s3c2440_nand *n = nand0();
	struct env_location loc;

	nand_model_power_up(&chip);
	s3c2440_nand_remove(n);
	assert_int_equal(s3c2440_nand_init(n, &nand_pd), 0);
	board_env_location(&loc, &n->chip.mtd);
	memset(envbuf, 0, sizeof(envbuf));
	return env_flash_load(&loc, envbuf, sizeof(envbuf), info);
}

static int env_version(void)
{
	const char *v = memmem(envbuf, sizeof(envbuf), "ver=", 4);

	return v ? atoi(v + 4) : -1;
}

/*
 * saveenv with the power cut at every page program (three amounts) and
 * every erase of a save, alternating copies; copy 0 has a bad block in its
 * range. After each cut the environment read back is the old or the new one.
 */
static void test_env_power_cuts(void **state)
{
	struct env_location loc;
	struct env_load_info info;
	char data[256];
	int cur = -1, ver = 0, cuts = 0, saves_done = 0; /* cur -1: the image's environment */
	static const uint32_t amounts[] = { 0, 1000, RAW };

	(void)state;
	boot_image();
	wrap_init();
	board_env_location(&loc, &wrap);
	for (int k = 0; k <= 66; k++) {
		for (unsigned int a = 0; a < 3; a++) {
			int n, ret, got;

			ver++;
			n = snprintf(data, sizeof(data), "bootcmd=run v%d%cver=%d%cpad=%0100d%c", ver, 0,
				     ver, 0, ver, 0);
			/* a cut at page k (or, for k < 2, at erase k) of this save */
			prog_count = erase_count = 0;
			cut_amount = amounts[a];
			cut_prog = k < 64 ? k : -1;
			cut_erase = k >= 64 && k < 66 ? k - 64 : -1;
			ret = env_flash_save(&loc, data, (size_t)n + 1, NULL);
			cuts += ret != 0;
			saves_done += ret == 0;
			assert_int_equal(reboot_and_load(&info), 0);
			got = env_version();
			if (ret == 0)
				assert_int_equal(got, ver);
			else if (got != ver && got != cur)
				fail_msg("cut at %s %d (+%u): found ver %d, expected %d or %d",
					 k < 64 ? "program" : "erase", k < 64 ? k : k - 64, cut_amount,
					 got, cur, ver);
			if (got == -1) /* still the image's own environment */
				assert_non_null(HAS(envbuf, sizeof(envbuf), "\0foo=bar\0"));
			cur = got;
			check_clean();
			wrap_init();
			board_env_location(&loc, &wrap);
		}
	}
	/* the cuts really happened, and the uncut saves (k = 66) worked */
	assert_true(cuts >= 64 * 3);
	assert_true(saves_done >= 3);
	/* a final clean save lands and survives a reboot */
	assert_int_equal(env_flash_save(&loc, "ver=999\0", 9, NULL), 0);
	assert_int_equal(reboot_and_load(&info), 0);
	assert_int_equal(env_version(), 999);
}

int main(void)
{
	const struct CMUnitTest board_tests[] = {
		cmocka_unit_test_teardown(test_flash_init_nor_boot, teardown),
		cmocka_unit_test_teardown(test_flash_init_nand_boot, teardown),
		cmocka_unit_test_teardown(test_flash_init_ram_boot, teardown),
		cmocka_unit_test(test_layout),
	};
	const struct CMUnitTest image_tests[] = {
		cmocka_unit_test_teardown(test_image_reads_back, teardown),
		cmocka_unit_test_teardown(test_image_stage1, teardown),
		cmocka_unit_test_teardown(test_image_env, teardown),
		cmocka_unit_test_teardown(test_env_power_cuts, teardown),
	};
	int fails = cmocka_run_group_tests_name("mini2440_flash_board", board_tests, NULL, NULL);

	return fails + cmocka_run_group_tests_name("mini2440_flash_image", image_tests, group_setup,
						   group_teardown);
}
