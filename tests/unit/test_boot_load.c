/* Host integration tests: "phram load" from NOR/NAND MTDs and boot_prepare() on RAM mapped at a fixed address. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <libfdt.h>
#include "atags.h"
#include "board.h"
#include "bootm.h"
#include "crc32.h"
#include "env.h"
#include "mtd.h"
#include "phram.h"
#include "squashfs.h"
#include "command.h"
#include "timer.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* 32 MiB of "board RAM" at a 32-bit address, so uint32_t addresses are real pointers here */
#define RAM_BASE 0x20000000u
#define RAM_SIZE (32u << 20)
#define FW_START (RAM_BASE + RAM_SIZE - SZ_1M * 2)

static const struct mem_region memmap[] = { { RAM_BASE, RAM_SIZE, MEM_RAM } };
// clang-format off
static const struct board_desc test_board = {
	.name = "test", .ram_base = RAM_BASE, .ram_size = RAM_SIZE, .machine_id = 1999,
	.memmap = memmap, .nmemmap = 1,
};
// clang-format on
const struct board_desc *board = &test_board;
// clang-format off
struct fw_layout fw = { .start = FW_START, .stack_hi = RAM_BASE + RAM_SIZE, .ram_size = RAM_SIZE,
			.memmap = memmap, .nmemmap = 1 };
// clang-format on

uint64_t timer_us(void)
{
	return 0;
}

/* common/command.c (number parsing) wants the command table and Ctrl-C */
const struct cmd_tbl __cmd_start[1], __cmd_end[1];
bool ctrlc(void)
{
	return false;
}
bool had_ctrlc(void)
{
	return false;
}
void clear_ctrlc(void)
{
}

/* The CPU handoff cannot run on the host: record what would be passed. */
static jmp_buf jumped;
static uintptr_t jump_entry, jump_params;
static uint32_t jump_machid;
__noreturn void arch_jump_linux(uintptr_t entry, uint32_t machid, uintptr_t params)
{
	jump_entry = entry, jump_machid = machid, jump_params = params;
	longjmp(jumped, 1);
}

static uint8_t *ram;
static uint8_t *sq; /* a real squashfs image */
static size_t sq_len;
static char tmpdir[64];

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int setup(void **state)
{
	char cmd[512], path[96];

	(void)state;
	ram = mmap((void *)(uintptr_t)RAM_BASE, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (ram != (void *)(uintptr_t)RAM_BASE) {
		fprintf(stderr, "cannot map test RAM at 0x%x\n", RAM_BASE);
		return -1;
	}
	strcpy(tmpdir, "/tmp/fb-bootload-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	/* incompressible content so the image spans several 128 KiB NAND blocks */
	snprintf(
		cmd, sizeof(cmd),
		"mkdir -p %s/root && head -c 300000 /dev/urandom > %s/root/blob && echo hi > %s/root/motd && "
		"mksquashfs %s/root %s/sq.img -noappend -quiet -all-root >/dev/null",
		tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
	if (system(cmd))
		return -1;
	snprintf(path, sizeof(path), "%s/sq.img", tmpdir);
	sq = read_file(path, &sq_len);
	return sq ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	munmap(ram, RAM_SIZE);
	free(sq);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

static void phram_clear(void)
{
	while (phram_count())
		phram_del(phram_get(0)->label);
}

static uint64_t sq_bytes_used(void)
{
	return (uint64_t)sq[40] | (uint64_t)sq[41] << 8 | (uint64_t)sq[42] << 16 |
	       (uint64_t)sq[43] << 24;
}

/* phram load of a partition: at addr (0: the default spot); the step it stopped at in *step */
static int load(const char *part, uint32_t addr, struct phram_load *res)
{
	struct phram_place at = { .fixed = addr != 0, .addr = addr };
	struct mtd_info *mtd = mtd_find(part);

	memset(res, 0xa5, sizeof(*res));
	return mtd ? phram_load_squashfs(mtd, &at, res) : -ENODEV;
}

/* phram add takes a byte size as filesize gives it: whole 4 KiB pages, the tail zeroed */
static void test_phram_add_bytes(void **state)
{
	uint8_t *p = (uint8_t *)(uintptr_t)0x21000000;
	uint32_t full;

	(void)state;
	phram_clear();
	memset(p, 0x5a, 0x3000);
	assert_int_equal(phram_add_bytes("rootfs", 0x21000000, 0x1801, &full), 0);
	assert_int_equal(full, 0x2000);
	assert_int_equal(phram_count(), 1);
	assert_int_equal(phram_get(0)->size, 0x2000);
	for (uint32_t i = 0; i < 0x3000; i++)
		assert_int_equal(p[i], i < 0x1801 || i >= 0x2000 ? 0x5a : 0);
	phram_clear();
	memset(p, 0x5a, 0x3000);
	/* the start must still be a page; a size of 0 or one that wraps is refused; nothing written */
	assert_int_equal(phram_add_bytes("rootfs", 0x21000800, 0x1000, &full), -EINVAL);
	assert_int_equal(phram_add_bytes("rootfs", 0x21000000, 0, &full), -EINVAL);
	assert_int_equal(phram_add_bytes("rootfs", 0x21000000, 0xfffff001u, &full), -EINVAL);
	assert_int_equal(phram_count(), 0);
	assert_int_equal(p[0x1801], 0x5a);
}

/* the default spot: highest 1 MiB under the firmware, below other regions, never in RAM's lower quarter */
static void test_phram_default_spot(void **state)
{
	uint32_t a;

	(void)state;
	phram_clear();
	assert_int_equal(phram_default_spot(0x1000, &a), 0);
	assert_int_equal(a, FW_START - SZ_1M);
	assert_int_equal(phram_add("top", FW_START - SZ_1M, SZ_1M), 0);
	assert_int_equal(phram_default_spot(0x180000, &a), 0);
	assert_int_equal(a, FW_START - SZ_1M - (2 * SZ_1M));
	/* 3/4 of RAM below the firmware is all there is */
	assert_int_equal(phram_default_spot(RAM_SIZE - RAM_SIZE / 4, &a), -ENOSPC);
	assert_int_equal(phram_default_spot(RAM_SIZE - RAM_SIZE / 4 - (2 * SZ_1M) - SZ_1M, &a), 0);
	assert_int_equal(a, RAM_BASE + RAM_SIZE / 4);
	phram_clear();
}

/* a FIT's filesystem image: copied (it may overlap its new place), never over the FIT itself */
static void test_phram_load_data(void **state)
{
	struct phram_place at = { .keep_start = FW_START - SZ_1M, .keep_end = FW_START };
	struct phram_load res;
	uint8_t *src = (uint8_t *)(uintptr_t)(RAM_BASE + (16 * SZ_1M));

	(void)state;
	phram_clear();
	memcpy(src, sq, sq_len);
	/* the default spot is the FIT's place: refused, nothing registered */
	assert_int_equal(phram_load_data("rootfs", src, sq_len, &at, &res), -EADDRINUSE);
	assert_int_equal(res.step, PHRAM_STEP_PLACE);
	assert_int_equal(res.addr, FW_START - SZ_1M);
	assert_int_equal(phram_count(), 0);
	/* moved down over part of itself */
	at.keep_end = 0;
	at.fixed = true;
	at.addr = RAM_BASE + (16 * SZ_1M) - SZ_4K;
	assert_int_equal(phram_load_data("rootfs", src, sq_len, &at, &res), 0);
	assert_int_equal(res.size, ALIGN_UP((uint32_t)sq_len, SZ_4K));
	assert_memory_equal((void *)(uintptr_t)at.addr, sq, sq_len);
	assert_int_equal(((uint8_t *)(uintptr_t)at.addr)[res.size - 1],
			 sq_len % SZ_4K ? 0 : sq[sq_len - 1]);
	assert_true(res.is_squashfs);
	assert_int_equal(phram_count(), 1);
	/* too large for 32 bits */
	assert_int_equal(phram_load_data("big", src, 0xfff00001ull, &at, &res), -EFBIG);
	phram_clear();
}

/* a compressed image has no size until it is decompressed: into the largest free stretch (or at the address
 * given), then sized, moved to the default spot and registered (the host build has no decompressor: "none") */
static void test_phram_load_comp(void **state)
{
	struct phram_place at = { .keep_start = RAM_BASE + (16 * SZ_1M),
				  .keep_end = RAM_BASE + (17 * SZ_1M) };
	uint8_t *src = (uint8_t *)(uintptr_t)(RAM_BASE + (16 * SZ_1M));
	uint32_t full = ALIGN_UP((uint32_t)sq_len, SZ_4K);
	struct phram_load res;

	(void)state;
	phram_clear();
	memset(ram, 0x5a, RAM_SIZE);
	memcpy(src, sq, sq_len);
	assert_int_equal(phram_add("top", FW_START - SZ_1M, SZ_1M), 0);
	/* stretches: 8..16 MiB (under the FIT), 17..29 MiB (up to 'top'): the larger one is the scratch */
	assert_int_equal(phram_load_comp("rootfs", IH_COMP_NONE, src, sq_len, &at, &res), 0);
	assert_memory_equal((void *)(uintptr_t)(RAM_BASE + (17 * SZ_1M)), sq, sq_len);
	/* then the spot an uncompressed image of that size gets, the tail of its last page zeroed */
	assert_int_equal(res.addr, FW_START - (2 * SZ_1M));
	assert_int_equal(res.size, full);
	assert_int_equal(res.unpacked, sq_len);
	assert_memory_equal((void *)(uintptr_t)res.addr, sq, sq_len);
	assert_int_equal(((uint8_t *)(uintptr_t)res.addr)[full - 1],
			 sq_len % SZ_4K ? 0 : sq[sq_len - 1]);
	assert_true(res.is_squashfs);
	assert_int_equal(phram_count(), 2);
	/* at an address: only the room up to the next region, FIT or flashboot; nothing registered */
	at.fixed = true;
	at.addr = res.addr - SZ_4K;
	assert_int_equal(phram_load_comp("r2", IH_COMP_NONE, src, sq_len, &at, &res), -ENOSPC);
	assert_int_equal(res.step, PHRAM_STEP_UNPACK);
	assert_int_equal(res.addr, at.addr);
	assert_int_equal(res.size, SZ_4K);
	assert_memory_equal((void *)(uintptr_t)(FW_START - (2 * SZ_1M)), sq,
			    sq_len); /* 'rootfs' intact */
	for (uint32_t bad = 0; bad < 4; bad++) {
		const uint32_t addrs[] = { FW_START - SZ_1M, RAM_BASE + (16 * SZ_1M) + SZ_4K, FW_START,
					   RAM_BASE + (9 * SZ_1M) + 0x100 };

		at.addr = addrs[bad]; /* in a region, in the FIT, in flashboot, not a page */
		assert_int_equal(phram_load_comp("r2", IH_COMP_NONE, src, sq_len, &at, &res), -ENOSPC);
		assert_int_equal(res.size, 0);
	}
	at.addr = RAM_BASE + (9 * SZ_1M);
	assert_int_equal(phram_load_comp("r2", IH_COMP_NONE, src, sq_len, &at, &res), 0);
	assert_int_equal(res.addr, RAM_BASE + (9 * SZ_1M));
	assert_memory_equal((void *)(uintptr_t)res.addr, sq, sq_len);
	assert_int_equal(phram_count(), 3);
	/* no stretch free at all above the lower quarter */
	phram_clear();
	at.fixed = false;
	at.keep_start = RAM_BASE + (8 * SZ_1M);
	at.keep_end = FW_START;
	assert_int_equal(phram_load_comp("r3", IH_COMP_NONE, src, sq_len, &at, &res), -ENOSPC);
	assert_int_equal(res.size, 0);
	assert_int_equal(phram_count(), 0);
	phram_clear();
}

/* ---------------------------------------------------------------- NOR: mapped, memcpy */

static uint8_t nor_mem[2u << 20];
static struct mtd_info nor;

static void test_phram_load_nor(void **state)
{
	struct phram_load res;
	const struct phram_region *r;
	uint64_t used = sq_bytes_used();
	uint32_t size = ALIGN_UP((uint32_t)used, SZ_4K);

	(void)state;
	phram_clear();
	memset(nor_mem, 0xff, sizeof(nor_mem));
	assert_int_equal(mtdram_init(&nor, "nor0", nor_mem, sizeof(nor_mem), SZ_64K), 0);
	nor.type = MTD_NORFLASH;
	assert_int_equal(mtd_register(&nor), 0);
	assert_non_null(mtd_add_partition(&nor, "rootfs", 0x40000, 0x100000, 0));
	assert_non_null(mtd_add_partition(&nor, "small", 0x140000, 0x10000, 0));
	assert_non_null(mtd_add_partition(&nor, "junk", 0x150000, 0x10000, 0));
	memcpy(nor_mem + 0x40000, sq, sq_len);
	memcpy(nor_mem + 0x140000, sq, 0x10000); /* a superblock saying more than the partition */
	memset(ram, 0x5a, RAM_SIZE);

	assert_int_equal(load("rootfs", 0, &res), 0);
	assert_int_equal(res.step, PHRAM_STEP_DONE);
	assert_true(res.si.bytes_used == used);
	assert_int_equal(res.sblen, SQUASHFS_SB_LEN);
	r = phram_get(0);
	assert_non_null(r);
	assert_string_equal(r->label, "rootfs");
	assert_int_equal(r->size, size);
	/* top of RAM under the firmware, 1 MiB aligned */
	assert_int_equal(r->addr, ALIGN_DOWN(FW_START - size, SZ_1M));
	assert_memory_equal((void *)(uintptr_t)r->addr, sq, used);
	for (uint32_t i = (uint32_t)used; i < size; i++)
		assert_int_equal(((uint8_t *)(uintptr_t)r->addr)[i], 0);
	/* the byte after the region is untouched */
	assert_int_equal(((uint8_t *)(uintptr_t)r->addr)[size], 0x5a);
	assert_int_equal(res.addr, r->addr);
	assert_int_equal(res.size, size);

	/* again: the label exists */
	assert_int_equal(load("rootfs", 0, &res), -EEXIST);
	assert_int_equal(res.step, PHRAM_STEP_ADD);
	assert_int_equal(phram_count(), 1);
	/* bad superblocks add nothing; what they held comes back for the message */
	assert_int_equal(load("small", 0, &res), -EFBIG);
	assert_int_equal(res.step, PHRAM_STEP_SB_CHECK);
	assert_true(res.si.bytes_used == used);
	assert_int_equal(load("junk", 0, &res), -ENOEXEC);
	assert_int_equal(res.step, PHRAM_STEP_SB_CHECK);
	assert_memory_equal(res.magic, "\xff\xff\xff\xff", 4);
	assert_int_equal(phram_count(), 1);
	/* explicit addresses: over the firmware, not page aligned, then a good one */
	phram_del("rootfs");
	assert_int_equal(load("rootfs", 0x21f00000, &res), -ERANGE);
	assert_int_equal(res.step, PHRAM_STEP_ADD);
	assert_int_equal(load("rootfs", 0x21000800, &res), -EINVAL);
	assert_int_equal(phram_count(), 0);
	assert_int_equal(load("rootfs", 0x21000000, &res), 0);
	assert_memory_equal((void *)(uintptr_t)0x21000000, sq, used);
	assert_int_equal(phram_count(), 1);
	/* a no-map region is whole 1 MiB sections */
	phram_del("rootfs");
	{
		struct phram_place at = { .nomap = true };
		assert_int_equal(phram_load_squashfs(mtd_find("rootfs"), &at, &res), 0);
		assert_int_equal(res.size, ALIGN_UP((uint32_t)used, SZ_1M));
		assert_int_equal(res.addr % SZ_1M, 0);
	}
	mtd_del_partitions(&nor);
	mtd_unregister(&nor);
	phram_clear();
}

/* ---------------------------------------------------------------- NAND: no mapping, bad block skipped */

#define NAND_BLOCK SZ_128K
#define NAND_PAGE 2048u
static uint8_t nand_mem[16 * NAND_BLOCK];
static int nand_reads, nand_fail_at = -1;

static int fnand_read(struct mtd_info *mtd, uint64_t from, size_t len, void *buf)
{
	(void)mtd;
	/* a NAND controller reads whole pages */
	assert_int_equal(from % NAND_PAGE, 0);
	assert_int_equal(len % NAND_PAGE, 0);
	memcpy(buf, nand_mem + from, len);
	return nand_reads++ == nand_fail_at ? -EIO : 0;
}

static int fnand_write(struct mtd_info *mtd, uint64_t to, size_t len, const void *buf)
{
	(void)mtd, (void)to, (void)len, (void)buf;
	return -EIO;
}

static int fnand_erase(struct mtd_info *mtd, uint64_t addr, uint64_t len)
{
	(void)mtd, (void)addr, (void)len;
	return -EIO;
}

static int fnand_isbad(struct mtd_info *mtd, uint64_t ofs)
{
	(void)mtd;
	return ofs / NAND_BLOCK == 3; /* the partition's second block */
}

// clang-format off
static const struct mtd_ops fnand_ops = {
	.read = fnand_read, .write = fnand_write, .erase = fnand_erase, .block_isbad = fnand_isbad,
};
// clang-format on

static void test_phram_load_nand_skips_bad_block(void **state)
{
	// clang-format off
	struct mtd_info nand = {
		.name = "nand0", .type = MTD_NANDFLASH, .size = sizeof(nand_mem),
		.erasesize = NAND_BLOCK, .writesize = NAND_PAGE, .oobsize = 64, .ops = &fnand_ops,
	};
	// clang-format on
	const struct phram_region *r;
	struct phram_load res;
	uint64_t used = sq_bytes_used();

	(void)state;
	phram_clear();
	assert_true(used > 2 * NAND_BLOCK); /* the image crosses the bad block */
	/* partition at block 2; block 3 is bad, so the image goes to 2, 4, 5 ... */
	memset(nand_mem, 0xff, sizeof(nand_mem));
	memcpy(nand_mem + 2 * NAND_BLOCK, sq, NAND_BLOCK);
	memset(nand_mem + 3 * NAND_BLOCK, 0x00, NAND_BLOCK);
	memcpy(nand_mem + 4 * NAND_BLOCK, sq + NAND_BLOCK, sq_len - NAND_BLOCK);
	assert_int_equal(mtd_register(&nand), 0);
	assert_non_null(mtd_add_partition(&nand, "nandroot", 2 * NAND_BLOCK, 8 * NAND_BLOCK, 0));
	assert_int_equal(phram_add("other", FW_START - SZ_1M, SZ_1M), 0);
	memset(ram, 0x5a, RAM_SIZE);

	nand_reads = 0;
	assert_int_equal(load("nandroot", 0, &res), 0);
	assert_int_equal(res.sblen, NAND_PAGE); /* the superblock read as one page */
	assert_true(nand_reads > 0);
	r = phram_get(0);
	assert_string_equal(r->label, "nandroot");
	/* under the existing region, 1 MiB aligned */
	assert_int_equal(r->addr, ALIGN_DOWN(FW_START - SZ_1M - ALIGN_UP((uint32_t)used, SZ_4K), SZ_1M));
	assert_memory_equal((void *)(uintptr_t)r->addr, sq, used);
	/* a read error after the superblock: the region is gone again */
	phram_del("nandroot");
	nand_reads = 0;
	nand_fail_at = 1;
	assert_int_equal(load("nandroot", 0, &res), -EIO);
	nand_fail_at = -1;
	assert_int_equal(res.step, PHRAM_STEP_READ);
	assert_null(phram_overlap(res.addr, res.size));
	mtd_del_partitions(&nand);
	mtd_unregister(&nand);
	phram_clear();
}

/* ---------------------------------------------------------------- boot_prepare */

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
	p[3] = (uint8_t)(v >> 24);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8),
	p[3] = (uint8_t)v;
}

#define KADDR (RAM_BASE + 0x800000)
#define ZSIZE 0x40000u

static void fake_zimage(uint8_t *p)
{
	for (uint32_t i = 0; i < ZSIZE; i++)
		p[i] = (uint8_t)(i * 31);
	put_le32(p + 0x24, ZIMAGE_MAGIC);
	put_le32(p + 0x28, 0);
	put_le32(p + 0x2c, ZSIZE);
	put_le32(p + 0x30, ZIMAGE_ENDIAN_LE);
}

static void test_boot_atags(void **state)
{
	static struct boot_state bs;
	const uint32_t *t;

	(void)state;
	phram_clear();
	memset(ram, 0, RAM_SIZE);
	fake_zimage((uint8_t *)(uintptr_t)KADDR);
	assert_int_equal(phram_add("rootfs", 0x21c00000, 0x200000), 0);
	memset(&bs, 0, sizeof(bs));
	bs.req.kind = BOOT_ZIMAGE;
	bs.req.image = KADDR;
	bs.req.has_initrd = true;
	bs.req.initrd = RAM_BASE + 0x1000000;
	bs.req.initrd_size = 0x1234;
	bs.req.bootargs = "console=ttySAC0";
	bs.req.machid = 1999;
	assert_int_equal(boot_prepare(&bs), 0);
	assert_int_equal(bs.entry, KADDR);
	assert_int_equal(bs.params, RAM_BASE + 0x100);
	t = (const uint32_t *)(uintptr_t)(RAM_BASE + 0x100);
	assert_int_equal(t[1], ATAG_CORE);
	t += t[0];
	assert_int_equal(t[1], ATAG_MEM);
	assert_int_equal(t[3], RAM_BASE);
	assert_int_equal(t[2], 0x01c00000); /* ends where rootfs starts */
	t += t[0];
	assert_int_equal(t[1], ATAG_MEM); /* above rootfs: the firmware's area goes to Linux */
	assert_int_equal(t[3], 0x21e00000);
	assert_int_equal(t[2], 0x00200000);
	t += t[0];
	assert_int_equal(t[1], ATAG_CMDLINE);
	assert_string_equal((const char *)&t[2],
			    "console=ttySAC0 phram.phram=rootfs,0x21c00000,0x200000");
	t += t[0];
	assert_int_equal(t[1], ATAG_INITRD2);
	assert_int_equal(t[2], RAM_BASE + 0x1000000);
	assert_int_equal(t[3], 0x1234);
	t += t[0];
	assert_int_equal(t[1], ATAG_NONE);
	if (!setjmp(jumped))
		boot_jump(&bs);
	assert_int_equal(jump_entry, KADDR);
	assert_int_equal(jump_machid, 1999);
	assert_int_equal(jump_params, RAM_BASE + 0x100);
	phram_clear();
}

static void test_boot_refusals(void **state)
{
	static struct boot_state bs;

	(void)state;
	phram_clear();
	memset(ram, 0, RAM_SIZE);
	fake_zimage((uint8_t *)(uintptr_t)KADDR);
	memset(&bs, 0, sizeof(bs));
	bs.req.kind = BOOT_ZIMAGE;
	bs.req.image = KADDR;
	/* a region inside the decompression area */
	assert_int_equal(phram_add("low", RAM_BASE + 0x100000, 0x100000), 0);
	assert_int_equal(boot_prepare(&bs), -EBUSY);
	assert_non_null(strstr(
		bs.err, "phram region 'low' at 0x20100000 lies in the kernel's decompression area"));
	phram_clear();
	/* a kernel over a region */
	assert_int_equal(phram_add("k", KADDR, 0x100000), 0);
	assert_int_equal(boot_prepare(&bs), -EBUSY);
	assert_non_null(strstr(bs.err, "kernel at 0x20800000..0x2083ffff overlaps phram region 'k'"));
	phram_clear();
	/*
	 * ATAGs: the memory tags stop at the 1 MiB section under a region that does not
	 * start on one; an initrd or the kernel's reach in that left-out piece is refused.
	 */
	assert_int_equal(phram_add("r", 0x21c80000, 0x100000), 0);
	bs.req.has_initrd = true;
	bs.req.initrd = 0x21c10000;
	bs.req.initrd_size = 0x1000;
	assert_int_equal(boot_prepare(&bs), -EBUSY);
	assert_non_null(strstr(
		bs.err,
		"initrd at 0x21c10000..0x21c10fff is in the RAM left out next to a phram region"));
	bs.req.initrd = 0x21b00000;
	assert_int_equal(boot_prepare(&bs), 0);
	bs.req.has_initrd = false;
	phram_clear();
	assert_int_equal(phram_add("r", 0x20950000, 0x10000), 0); /* just above the reach 0x20940000 */
	assert_int_equal(boot_prepare(&bs), -EBUSY);
	assert_non_null(
		strstr(bs.err,
		       "decompression area (0x20000000..0x2093ffff) would reach into the RAM left out"));
	phram_clear();
	assert_int_equal(phram_add("r", 0x20a00000, 0x10000), 0); /* the next section: fine */
	assert_int_equal(boot_prepare(&bs), 0);
	phram_clear();
	fake_zimage((uint8_t *)(uintptr_t)KADDR);
	/* an initrd over the firmware, in the decompression area, outside RAM */
	bs.req.has_initrd = true;
	bs.req.initrd = FW_START;
	bs.req.initrd_size = 0x1000;
	assert_int_equal(boot_prepare(&bs), -EBUSY);
	assert_non_null(strstr(bs.err, "overlaps flashboot"));
	bs.req.initrd = RAM_BASE + 0x200000;
	assert_int_equal(boot_prepare(&bs), -EBUSY);
	assert_non_null(strstr(bs.err, "lies in the kernel or its decompression area"));
	bs.req.initrd = RAM_BASE + RAM_SIZE;
	assert_int_equal(boot_prepare(&bs), -EFAULT);
	bs.req.has_initrd = false;
	/* not a zImage */
	((uint8_t *)(uintptr_t)KADDR)[0x24] = 0;
	assert_int_equal(boot_prepare(&bs), -ENOEXEC);
	assert_non_null(strstr(bs.err, "no zImage at 0x20800000"));
	/* a uImage kernel moved to its load address; a wrong load address is refused */
	fake_zimage((uint8_t *)(uintptr_t)(KADDR + IH_HDR_LEN));
	{
		uint8_t *h = (uint8_t *)(uintptr_t)KADDR;
		memset(h, 0, IH_HDR_LEN);
		put_be32(h, IH_MAGIC);
		put_be32(h + 12, ZSIZE);
		put_be32(h + 16, RAM_BASE + 0x8000);
		put_be32(h + 20, RAM_BASE + 0x8000);
		put_be32(h + 24, crc32(0, h + IH_HDR_LEN, ZSIZE));
		h[28] = IH_OS_LINUX, h[29] = IH_ARCH_ARM, h[30] = IH_TYPE_KERNEL;
		put_be32(h + 4, crc32(0, h, IH_HDR_LEN));
		bs.req.kind = BOOT_UIMAGE;
		assert_int_equal(boot_prepare(&bs), 0);
		assert_true(bs.payload_is_zimage);
		assert_int_equal(bs.entry, RAM_BASE + 0x8000);
		assert_memory_equal((void *)(uintptr_t)(RAM_BASE + 0x8000), h + IH_HDR_LEN, ZSIZE);
		/* load over the ATAG area */
		put_be32(h + 16, RAM_BASE);
		put_be32(h + 20, RAM_BASE);
		put_be32(h + 4, 0);
		put_be32(h + 4, crc32(0, h, IH_HDR_LEN));
		assert_int_equal(boot_prepare(&bs), -EBUSY);
		assert_non_null(strstr(bs.err, "ATAG area"));
		/* entry outside the image */
		put_be32(h + 16, RAM_BASE + 0x8000);
		put_be32(h + 20, RAM_BASE + 0x8000 + ZSIZE);
		put_be32(h + 4, 0);
		put_be32(h + 4, crc32(0, h, IH_HDR_LEN));
		assert_int_equal(boot_prepare(&bs), -EINVAL);
		assert_non_null(strstr(bs.err, "entry point"));
	}
}

#ifdef CONFIG_FDT
static void test_boot_dtb_placed_and_fixed(void **state)
{
	static struct boot_state bs;
	char cmd[512], path[96];
	uint8_t *dtb;
	size_t dtb_len;
	void *fdt;
	int node, len;
	const char *s;

	(void)state;
	snprintf(
		cmd, sizeof(cmd),
		"printf '/dts-v1/;\\n/ { #address-cells = <1>; #size-cells = <1>; model = \"t\";"
		" memory@20000000 { device_type = \"memory\"; reg = <0x20000000 0x1000000>; }; chosen { }; };\\n'"
		" | dtc -I dts -O dtb -o %s/t.dtb 2>/dev/null",
		tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/t.dtb", tmpdir);
	dtb = read_file(path, &dtb_len);
	assert_non_null(dtb);

	phram_clear();
	memset(ram, 0, RAM_SIZE);
	fake_zimage((uint8_t *)(uintptr_t)KADDR);
	memcpy((void *)(uintptr_t)(RAM_BASE + 0x700000), dtb, dtb_len);
	assert_int_equal(phram_add("rootfs", 0x21c00000, 0x200000), 0);
	memset(&bs, 0, sizeof(bs));
	bs.req.kind = BOOT_ZIMAGE;
	bs.req.image = KADDR;
	bs.req.has_fdt = true;
	bs.req.fdt = RAM_BASE + 0x700000;
	bs.req.bootargs = "console=ttyAMA0 root=/dev/mtdblock0";
	assert_int_equal(boot_prepare(&bs), 0);
	/* just under the rootfs region, 4 KiB aligned, with 64 KiB to grow */
	assert_int_equal(bs.fdt_bufsize, ALIGN_UP(dtb_len + SZ_64K, 8));
	assert_int_equal(bs.fdt_dst, ALIGN_DOWN(0x21c00000 - bs.fdt_bufsize, SZ_4K));
	assert_int_equal(bs.params, bs.fdt_dst);
	/* the DTB loaded right there: the fixed-up copy goes below it and it stays as loaded */
	{
		uint32_t at = 0x21bf8000; /* inside the spot chosen above */

		memcpy((void *)(uintptr_t)at, dtb, dtb_len);
		bs.req.fdt = at;
		assert_int_equal(boot_prepare(&bs), 0);
		assert_true(bs.fdt_dst + bs.fdt_bufsize <= at);
		assert_memory_equal((void *)(uintptr_t)at, dtb, dtb_len);
	}
	fdt = (void *)(uintptr_t)bs.fdt_dst;
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_true(fdt_totalsize(fdt) <= bs.fdt_bufsize);
	node = fdt_path_offset(fdt, "/chosen");
	s = fdt_getprop(fdt, node, "bootargs", &len);
	assert_non_null(s);
	assert_string_equal(s, "console=ttyAMA0 root=/dev/mtdblock0");
	node = fdt_node_offset_by_compatible(fdt, -1, "phram");
	assert_true(node >= 0);
	free(dtb);
	phram_clear();
}

/* A uImage kernel that has to move, with a DTB the fixups refuse: nothing may be written over the kernel. */
static void test_boot_dtb_fixup_failure_leaves_kernel(void **state)
{
	static struct boot_state bs;
	uint8_t *h, *dtb, saved[IH_HDR_LEN + 64];
	uint32_t kat = FW_START - ZSIZE - SZ_4K; /* right under the firmware, where the DTB would go */

	(void)state;
	phram_clear();
	memset(ram, 0, RAM_SIZE);
	h = (uint8_t *)(uintptr_t)kat;
	fake_zimage(h + IH_HDR_LEN);
	put_be32(h, IH_MAGIC);
	put_be32(h + 12, ZSIZE);
	put_be32(h + 16, RAM_BASE + 0x8000);
	put_be32(h + 20, RAM_BASE + 0x8000);
	put_be32(h + 24, crc32(0, h + IH_HDR_LEN, ZSIZE));
	h[28] = IH_OS_LINUX, h[29] = IH_ARCH_ARM, h[30] = IH_TYPE_KERNEL;
	put_be32(h + 4, crc32(0, h, IH_HDR_LEN));
	/* right magic and size, but version 1: fdt_check_header() refuses it */
	dtb = (uint8_t *)(uintptr_t)(RAM_BASE + 0x700000);
	put_be32(dtb, 0xd00dfeed);
	put_be32(dtb + 4, 0x100);
	put_be32(dtb + 8, 0x38);
	put_be32(dtb + 12, 0x48);
	put_be32(dtb + 16, 0x28);
	put_be32(dtb + 20, 1);
	put_be32(dtb + 24, 1);
	memcpy(saved, h, sizeof(saved));
	memset(&bs, 0, sizeof(bs));
	bs.req.kind = BOOT_UIMAGE;
	bs.req.image = kat;
	bs.req.has_fdt = true;
	bs.req.fdt = RAM_BASE + 0x700000;
	assert_true(boot_prepare(&bs) < 0);
	assert_non_null(strstr(bs.err, "device-tree fixup failed"));
	/* the DTB was not put over the kernel's bytes, which are still intact */
	assert_true(bs.fdt_dst + bs.fdt_bufsize <= kat || bs.fdt_dst >= kat + IH_HDR_LEN + ZSIZE);
	assert_memory_equal(h, saved, sizeof(saved));
	assert_int_equal(crc32(0, h + IH_HDR_LEN, ZSIZE), get_be32(h + 24));
	/* the move target was not written either */
	assert_int_equal(*(uint32_t *)(uintptr_t)(RAM_BASE + 0x8000 + 0x24), 0);
	phram_clear();
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phram_add_bytes),
		cmocka_unit_test(test_phram_default_spot),
		cmocka_unit_test(test_phram_load_data),
		cmocka_unit_test(test_phram_load_comp),
		cmocka_unit_test(test_phram_load_nor),
		cmocka_unit_test(test_phram_load_nand_skips_bad_block),
		cmocka_unit_test(test_boot_atags),
		cmocka_unit_test(test_boot_refusals),
#ifdef CONFIG_FDT
		cmocka_unit_test(test_boot_dtb_placed_and_fixed),
		cmocka_unit_test(test_boot_dtb_fixup_failure_leaves_kernel),
#endif
	};
	env_clear();
	return cmocka_run_group_tests(tests, setup, teardown);
}
