/* Host tests for boot formats: zImage, uImage, script images, squashfs superblock, ATAGs, phram rules, placement. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "atags.h"
#include "board.h"
#include "bootm.h"
#include "crc32.h"
#include "image.h"
#include "phram.h"
#include "squashfs.h"

/* phram.c checks regions against the board's RAM and the firmware window */
// clang-format off
static const struct board_desc test_board = { .name = "test", .ram_base = 0x30000000,
					      .ram_size = 64u << 20, .machine_id = 1999 };
// clang-format on
const struct board_desc *board = &test_board;
struct fw_layout fw = { .start = 0x33e00000, .stack_hi = 0x34000000, .ram_size = 64u << 20 };

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8),
	p[3] = (uint8_t)v;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
	p[3] = (uint8_t)(v >> 24);
}

/* ---------------------------------------------------------------- zImage */

static void test_zimage_header(void **state)
{
	uint8_t h[0x40] = { 0 };
	struct zimage_info zi;

	(void)state;
	assert_int_equal(zimage_parse(h, sizeof(h), &zi), -ENOEXEC);
	put_le32(h + 0x24, ZIMAGE_MAGIC);
	put_le32(h + 0x28, 0);
	put_le32(h + 0x2c, 0x206a10);
	put_le32(h + 0x30, ZIMAGE_ENDIAN_LE);
	assert_int_equal(zimage_parse(h, sizeof(h), &zi), 0);
	assert_int_equal(zi.start, 0);
	assert_int_equal(zi.size, 0x206a10);
	assert_true(zi.has_endian_flag);
	assert_false(zi.big_endian);
	/* too short to hold the header */
	assert_int_equal(zimage_parse(h, 0x33, &zi), -ENOEXEC);
	/* linked at a fixed address */
	put_le32(h + 0x28, 0x30008000);
	put_le32(h + 0x2c, 0x30208000);
	assert_int_equal(zimage_parse(h, sizeof(h), &zi), 0);
	assert_int_equal(zi.size, 0x200000);
	/* end before start */
	put_le32(h + 0x2c, 0x30000000);
	assert_int_equal(zimage_parse(h, sizeof(h), &zi), -EINVAL);
	/* big-endian kernel */
	put_le32(h + 0x2c, 0x30208000);
	put_le32(h + 0x30, ZIMAGE_ENDIAN_BE);
	assert_int_equal(zimage_parse(h, sizeof(h), &zi), -EPROTONOSUPPORT);
	assert_true(zi.big_endian);
	/* a pre-3.17 kernel has code where the flag is */
	put_le32(h + 0x30, 0xe1a00000);
	assert_int_equal(zimage_parse(h, sizeof(h), &zi), 0);
	assert_false(zi.has_endian_flag);
}

/* ---------------------------------------------------------------- uImage */

static size_t make_uimage(uint8_t *buf, const void *data, uint32_t size, uint8_t os, uint8_t arch,
			  uint8_t type, uint8_t comp, uint32_t load, uint32_t ep, const char *name)
{
	memset(buf, 0, IH_HDR_LEN);
	put_be32(buf, IH_MAGIC);
	put_be32(buf + 8, 0x6b015f84);
	put_be32(buf + 12, size);
	put_be32(buf + 16, load);
	put_be32(buf + 20, ep);
	put_be32(buf + 24, crc32(0, data, size));
	buf[28] = os, buf[29] = arch, buf[30] = type, buf[31] = comp;
	strncpy((char *)buf + 32, name, IH_NMLEN);
	memcpy(buf + IH_HDR_LEN, data, size);
	put_be32(buf + 4, crc32(0, buf, IH_HDR_LEN)); /* CRC field was zero while computing */
	return IH_HDR_LEN + size;
}

static uint8_t payload[3000];
static uint8_t img[IH_HDR_LEN + sizeof(payload) + 64];

static void fill_payload(void)
{
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 13 + 7);
}

static void test_uimage_good(void **state)
{
	struct uimage_info ui;
	size_t n;

	(void)state;
	fill_payload();
	n = make_uimage(img, payload, sizeof(payload), IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL,
			IH_COMP_NONE, 0x8000, 0x8040, "Linux-6.1");
	assert_int_equal(uimage_check(img, n, UIMAGE_WANT_KERNEL, &ui), 0);
	assert_int_equal(ui.fault, IMG_OK);
	assert_int_equal(ui.size, sizeof(payload));
	assert_int_equal(ui.load, 0x8000);
	assert_int_equal(ui.ep, 0x8040);
	assert_string_equal(ui.name, "Linux-6.1");
	assert_string_equal(uimage_type_name(ui.type), "Kernel Image");
	/* kernel_noload is a kernel too */
	n = make_uimage(img, payload, sizeof(payload), IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL_NOLOAD,
			IH_COMP_NONE, 0, 0, "noload");
	assert_int_equal(uimage_check(img, n, UIMAGE_WANT_KERNEL, &ui), 0);
	/* a 32-character name has no NUL in the header */
	n = make_uimage(img, payload, 16, IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL, IH_COMP_NONE, 0, 0,
			"0123456789abcdef0123456789abcdefXYZ");
	assert_int_equal(uimage_parse(img, n, &ui), 0);
	assert_string_equal(ui.name, "0123456789abcdef0123456789abcdef");
}

static void test_uimage_bad_crcs(void **state)
{
	struct uimage_info ui;
	size_t n;
	char msg[160];

	(void)state;
	fill_payload();
	n = make_uimage(img, payload, sizeof(payload), IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL,
			IH_COMP_NONE, 0x8000, 0x8000, "k");
	img[IH_HDR_LEN + 1234] ^= 0x80;
	assert_int_equal(uimage_check(img, n, UIMAGE_WANT_KERNEL, &ui), -EBADMSG);
	assert_int_equal(ui.fault, IMG_ERR_DCRC);
	uimage_strerror(&ui, "kernel", 0x800000, msg, sizeof(msg));
	assert_string_equal(msg, "kernel at 0x00800000: bad data CRC");
	img[IH_HDR_LEN + 1234] ^= 0x80;
	img[40] ^= 1; /* in the name: header CRC breaks */
	assert_int_equal(uimage_check(img, n, UIMAGE_WANT_KERNEL, &ui), -EBADMSG);
	assert_int_equal(ui.fault, IMG_ERR_HCRC);
	img[40] ^= 1;
	/* data cut short */
	assert_int_equal(uimage_check(img, n - 1, UIMAGE_WANT_KERNEL, &ui), -EINVAL);
	assert_int_equal(ui.fault, IMG_ERR_SHORT);
	/* header cut short, bad magic */
	assert_int_equal(uimage_parse(img, 63, &ui), -EINVAL);
	img[0] = 0x28;
	assert_int_equal(uimage_check(img, n, UIMAGE_WANT_KERNEL, &ui), -ENOEXEC);
	assert_int_equal(ui.fault, IMG_ERR_MAGIC);
	uimage_strerror(&ui, "kernel", 0x800000, msg, sizeof(msg));
	assert_string_equal(msg, "no legacy image at 0x00800000 (magic 28051956, want 27051956)");
}

static void test_uimage_wrong_kind(void **state)
{
	static const struct {
		uint8_t os, arch, type, comp;
		enum uimage_want want;
		enum img_fault fault;
		const char *msg;
	} cases[] = {
		{ IH_OS_LINUX, 22, IH_TYPE_KERNEL, 0, UIMAGE_WANT_KERNEL, IMG_ERR_ARCH,
		  "kernel at 0x00800000 is for AArch64 (arch 22), not ARM" },
		{ 17, IH_ARCH_ARM, IH_TYPE_KERNEL, 0, UIMAGE_WANT_KERNEL, IMG_ERR_OS,
		  "kernel at 0x00800000 is for U-Boot (os 17), not Linux" },
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_RAMDISK, 0, UIMAGE_WANT_KERNEL, IMG_ERR_TYPE,
		  "kernel at 0x00800000 is a RAMDisk Image (type 3), not a kernel" },
		/* a compressed kernel passes: bootm decompresses it (or says the build cannot) */
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL, 1, UIMAGE_WANT_KERNEL, IMG_OK, NULL },
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL, 6, UIMAGE_WANT_KERNEL, IMG_OK, NULL },
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL, 0, UIMAGE_WANT_RAMDISK, IMG_ERR_TYPE,
		  "kernel at 0x00800000 is a Kernel Image (type 2), not a kernel" },
		{ IH_OS_LINUX, 7, IH_TYPE_RAMDISK, 0, UIMAGE_WANT_RAMDISK, IMG_ERR_ARCH, NULL },
		/* a compressed ramdisk passes on as it is (U-Boot); a compressed script is refused */
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_RAMDISK, 3, UIMAGE_WANT_RAMDISK, IMG_OK, NULL },
		{ 0, 5, IH_TYPE_SCRIPT, 1, UIMAGE_WANT_SCRIPT, IMG_ERR_COMP,
		  "kernel at 0x00800000 is gzip compressed (comp 1); a script must be uncompressed" },
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_RAMDISK, 0, UIMAGE_WANT_RAMDISK, IMG_OK, NULL },
		{ IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_KERNEL, 0, UIMAGE_WANT_SCRIPT, IMG_ERR_TYPE, NULL },
		/* scripts: architecture and OS do not matter, as in U-Boot */
		{ 0, 5, IH_TYPE_SCRIPT, 0, UIMAGE_WANT_SCRIPT, IMG_OK, NULL },
	};
	struct uimage_info ui;
	char msg[160];

	(void)state;
	fill_payload();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = make_uimage(img, payload, 100, cases[i].os, cases[i].arch, cases[i].type,
				       cases[i].comp, 0, 0, "x");
		int ret = uimage_check(img, n, cases[i].want, &ui);
		assert_int_equal(ui.fault, cases[i].fault);
		assert_int_equal(ret, cases[i].fault ? -ENOEXEC : 0);
		if (cases[i].msg) {
			uimage_strerror(&ui, "kernel", 0x800000, msg, sizeof(msg));
			assert_string_equal(msg, cases[i].msg);
		}
	}
}

/* mkimage's own output must pass our checks byte for byte */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/fb-boot-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int rm_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void test_mkimage_kernel_and_script(void **state)
{
	struct uimage_info ui;
	uint32_t sizes[4], off;
	const char *text;
	size_t len, tlen;
	bool is_image;
	uint8_t *buf;
	char path[128];

	(void)state;
	assert_int_equal(sh("head -c 5000 /dev/urandom > %s/k.bin && mkimage -A arm -O linux -T kernel "
			    "-C none -a 0x30008000 -e 0x30008000 -n 'mk kernel' -d %s/k.bin %s/k.img "
			    ">/dev/null",
			    tmpdir, tmpdir, tmpdir),
			 0);
	snprintf(path, sizeof(path), "%s/k.img", tmpdir);
	buf = read_file(path, &len);
	assert_int_equal(uimage_check(buf, len, UIMAGE_WANT_KERNEL, &ui), 0);
	assert_int_equal(ui.size, 5000);
	assert_int_equal(ui.load, 0x30008000);
	assert_string_equal(ui.name, "mk kernel");
	free(buf);

	/* a script: one file, its text after the size list */
	assert_int_equal(sh("printf 'setenv a 1\\necho hi\\n' > %s/s.txt && mkimage -A arm -O linux "
			    "-T script -C none -n s -d %s/s.txt %s/s.img >/dev/null",
			    tmpdir, tmpdir, tmpdir),
			 0);
	snprintf(path, sizeof(path), "%s/s.img", tmpdir);
	buf = read_file(path, &len);
	assert_int_equal(script_get(buf, len, &text, &tlen, &is_image, &ui), 0);
	assert_true(is_image);
	assert_int_equal(tlen, 19);
	assert_memory_equal(text, "setenv a 1\necho hi\n", 19);
	/* one flipped text byte: data CRC */
	buf[len - 2] ^= 1;
	assert_int_equal(script_get(buf, len, &text, &tlen, &is_image, &ui), -EBADMSG);
	assert_int_equal(ui.fault, IMG_ERR_DCRC);
	free(buf);

	/* multi-file: sizes of each, the first file starts after the list */
	assert_int_equal(sh("printf 'abcde' > %s/a && printf '0123456789' > %s/b && mkimage -A arm "
			    "-O linux -T multi -C none -n m -d %s/a:%s/b %s/m.img >/dev/null",
			    tmpdir, tmpdir, tmpdir, tmpdir, tmpdir),
			 0);
	snprintf(path, sizeof(path), "%s/m.img", tmpdir);
	buf = read_file(path, &len);
	assert_int_equal(uimage_parse(buf, len, &ui), 0);
	assert_int_equal(uimage_multi_sizes(buf, len, &ui, sizes, 4, &off), 2);
	assert_int_equal(sizes[0], 5);
	assert_int_equal(sizes[1], 10);
	assert_int_equal(off, IH_HDR_LEN + 12);
	assert_memory_equal(buf + off, "abcde", 5);
	assert_memory_equal(buf + off + 8, "0123456789", 10); /* first file padded to 4 */
	free(buf);
}

static void test_script_malformed(void **state)
{
	uint8_t data[64];
	struct uimage_info ui;
	const char *text;
	size_t tlen, n;
	bool is_image;

	(void)state;
	/* no terminating 0 in the size list */
	put_be32(data, 8);
	put_be32(data + 4, 8);
	n = make_uimage(img, data, 8, IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_SCRIPT, 0, 0, 0, "s");
	assert_int_equal(script_get(img, n, &text, &tlen, &is_image, &ui), -EINVAL);
	assert_int_equal(ui.fault, IMG_ERR_MULTI);
	/* a file larger than the data */
	put_be32(data, 100);
	put_be32(data + 4, 0);
	memcpy(data + 8, "echo x\n", 7);
	n = make_uimage(img, data, 15, IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_SCRIPT, 0, 0, 0, "s");
	assert_int_equal(script_get(img, n, &text, &tlen, &is_image, &ui), -EINVAL);
	/* right size: fine */
	put_be32(data, 7);
	n = make_uimage(img, data, 15, IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_SCRIPT, 0, 0, 0, "s");
	assert_int_equal(script_get(img, n, &text, &tlen, &is_image, &ui), 0);
	assert_int_equal(tlen, 7);
	/* empty list */
	put_be32(data, 0);
	n = make_uimage(img, data, 4, IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_SCRIPT, 0, 0, 0, "s");
	assert_int_equal(script_get(img, n, &text, &tlen, &is_image, &ui), -EINVAL);
	/* a gzip script is refused */
	put_be32(data, 7);
	n = make_uimage(img, data, 15, IH_OS_LINUX, IH_ARCH_ARM, IH_TYPE_SCRIPT, 1, 0, 0, "s");
	assert_int_equal(script_get(img, n, &text, &tlen, &is_image, &ui), -ENOEXEC);
	assert_int_equal(ui.fault, IMG_ERR_COMP);
}

static void test_script_plain_text(void **state)
{
	static const char good[] = "setenv a 1\r\n\techo ${a}\n\0garbage\x01";
	static const char bin[] = "echo a\x01\x02";
	struct uimage_info ui;
	const char *text;
	size_t tlen;
	bool is_image;

	(void)state;
	assert_int_equal(script_get(good, sizeof(good), &text, &tlen, &is_image, &ui), 0);
	assert_false(is_image);
	assert_int_equal(tlen, strlen(good)); /* cut at the NUL */
	/* the length limit ($filesize) cuts too */
	assert_int_equal(script_get(good, 5, &text, &tlen, &is_image, &ui), 0);
	assert_int_equal(tlen, 5);
	assert_int_equal(script_get(bin, sizeof(bin), &text, &tlen, &is_image, &ui), -ENOEXEC);
	assert_int_equal(script_get("", 1, &text, &tlen, &is_image, &ui), -ENOEXEC);
}

/* ---------------------------------------------------------------- squashfs */

static uint8_t *make_squashfs(size_t *len, const char *comp)
{
	char path[128];

	assert_int_equal(sh("mkdir -p %s/root/etc && echo hello > %s/root/etc/motd && "
			    "head -c 20000 /dev/urandom > %s/root/blob && mksquashfs %s/root %s/sq.img "
			    "-noappend -quiet -all-root -comp %s >/dev/null",
			    tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, comp),
			 0);
	snprintf(path, sizeof(path), "%s/sq.img", tmpdir);
	return read_file(path, len);
}

static void test_squashfs_real_image(void **state)
{
	struct squashfs_info si;
	size_t len;
	uint8_t *sq = make_squashfs(&len, "xz");

	(void)state;
	assert_int_equal(squashfs_check(sq, len, len, &si), 0);
	assert_int_equal(si.major, 4);
	assert_int_equal(si.minor, 0);
	assert_int_equal(si.block_size, 128 * 1024);
	assert_int_equal(si.block_log, 17);
	assert_string_equal(squashfs_comp_name(si.compression), "xz");
	assert_true(si.bytes_used > 20000 && si.bytes_used <= len);
	/* mksquashfs pads to 4 KiB; bytes_used is the real end */
	assert_int_equal(len % 4096, 0);
	assert_int_equal(ALIGN_UP(si.bytes_used, 4096), len);
	assert_int_equal(si.inodes, 4);
	/* partition size unknown (0) and exactly bytes_used are fine, one byte less is not */
	assert_int_equal(squashfs_check(sq, len, 0, &si), 0);
	assert_int_equal(squashfs_check(sq, len, si.bytes_used, &si), 0);
	assert_int_equal(squashfs_check(sq, len, si.bytes_used - 1, &si), -EFBIG);
	free(sq);
}

static void test_squashfs_corrupted(void **state)
{
	struct squashfs_info si;
	size_t len;
	uint8_t *sq = make_squashfs(&len, "gzip");
	uint8_t sb[SQUASHFS_SB_LEN];

	(void)state;
	memcpy(sb, sq, sizeof(sb));
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), 0);
	assert_string_equal(squashfs_comp_name(si.compression), "gzip");
	/* magic */
	sb[0] = 'H';
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -ENOEXEC);
	sb[0] = sq[0];
	/* big-endian squashfs ("sqsh") is not what Linux 4.0 reads */
	memcpy(sb, "sqsh", 4);
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -ENOEXEC);
	memcpy(sb, sq, 4);
	/* version 3.1 */
	sb[28] = 3, sb[30] = 1;
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -EPROTONOSUPPORT);
	assert_int_equal(si.major, 3);
	sb[28] = 4, sb[30] = 0;
	/* block_log disagreeing with block_size */
	sb[22]++;
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -EINVAL);
	sb[22]--;
	/* bytes_used larger than the partition, and absurdly large */
	put_le32(sb + 40, (uint32_t)len + 1);
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -EFBIG);
	put_le32(sb + 44, 1);
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -EFBIG);
	memcpy(sb + 40, sq + 40, 8);
	/* inode table beyond bytes_used */
	put_le32(sb + 64, 0x7fffffff);
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), -EINVAL);
	memcpy(sb + 64, sq + 64, 8);
	/* superblock cut short */
	assert_int_equal(squashfs_check(sb, 95, len, &si), -EINVAL);
	assert_int_equal(squashfs_check(sb, sizeof(sb), len, &si), 0);
	free(sq);
}

/* ---------------------------------------------------------------- ATAGs */

static const uint32_t *next_tag(const uint32_t *t)
{
	return t + t[0];
}

static void test_atags_plain(void **state)
{
	uint32_t buf[256];
	// clang-format off
	struct atag_params p = { .ram_base = 0x30000000, .ram_size = 64u << 20,
				 .bootargs = "console=ttySAC0,115200 root=/dev/mtdblock3" };
	// clang-format on
	const uint32_t *t = buf;
	int n;

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	n = atags_build(buf, sizeof(buf), &p);
	assert_true(n > 0);
	assert_int_equal(t[0], 5);
	assert_int_equal(t[1], ATAG_CORE);
	assert_int_equal(t[3], 4096);
	t = next_tag(t);
	assert_int_equal(t[0], 4);
	assert_int_equal(t[1], ATAG_MEM);
	assert_int_equal(t[2], 64u << 20);
	assert_int_equal(t[3], 0x30000000);
	t = next_tag(t);
	assert_int_equal(t[1], ATAG_CMDLINE);
	assert_string_equal((const char *)&t[2], p.bootargs);
	assert_int_equal(t[0], 2 + (strlen(p.bootargs) + 1 + 3) / 4);
	t = next_tag(t);
	assert_int_equal(t[0], 0);
	assert_int_equal(t[1], ATAG_NONE);
	assert_int_equal(n, (int)((const uint8_t *)(t + 2) - (const uint8_t *)buf));
}

static void test_atags_phram_and_initrd(void **state)
{
	/* one region at the top (under the firmware), one in the middle */
	static const struct phram_region r[] = {
		{ "rootfs", 0x33a00000, 0x00300000 },
		{ "data", 0x32000000, 0x00100000 },
	};
	uint32_t buf[256];
	// clang-format off
	struct atag_params p = { .ram_base = 0x30000000, .ram_size = 64u << 20, .regions = r,
				 .nregions = 2, .bootargs = "root=/dev/mtdblock0",
				 .initrd_start = 0x31000000, .initrd_size = 0x123456 };
	// clang-format on
	const uint32_t *t = buf;

	(void)state;
	assert_true(atags_build(buf, sizeof(buf), &p) > 0);
	assert_int_equal(t[1], ATAG_CORE);
	/* RAM minus the regions: below data, between data and rootfs, above rootfs */
	t = next_tag(t);
	assert_int_equal(t[1], ATAG_MEM);
	assert_int_equal(t[3], 0x30000000);
	assert_int_equal(t[2], 0x02000000);
	t = next_tag(t);
	assert_int_equal(t[1], ATAG_MEM);
	assert_int_equal(t[3], 0x32100000);
	assert_int_equal(t[2], 0x33a00000 - 0x32100000);
	t = next_tag(t);
	assert_int_equal(t[1], ATAG_MEM);
	assert_int_equal(t[3], 0x33d00000);
	assert_int_equal(t[2], 0x34000000 - 0x33d00000);
	t = next_tag(t);
	assert_int_equal(t[1], ATAG_CMDLINE);
	assert_string_equal((const char *)&t[2],
			    "root=/dev/mtdblock0 phram.phram=rootfs,0x33a00000,0x300000"
			    " phram.phram=data,0x32000000,0x100000");
	t = next_tag(t);
	assert_int_equal(t[0], 4);
	assert_int_equal(t[1], ATAG_INITRD2);
	assert_int_equal(t[2], 0x31000000);
	assert_int_equal(t[3], 0x123456);
	t = next_tag(t);
	assert_int_equal(t[1], ATAG_NONE);
}

static void test_atags_edges(void **state)
{
	/* a region at the very top: one MEM tag ending where it starts; one at the bottom */
	static const struct phram_region top[] = { { "r", 0x33f00000, 0x00100000 } };
	static const struct phram_region bottom[] = { { "r", 0x30000000, 0x00100000 } };
	static const struct phram_region all[] = { { "r", 0x30000000, 64u << 20 } };
	struct atag_bank b[ATAGS_MAX_BANKS];
	char line[64];
	uint32_t buf[64];
	char longargs[1100];
	struct atag_params p = { .ram_base = 0x30000000, .ram_size = 64u << 20 };

	(void)state;
	assert_int_equal(atags_mem_banks(0x30000000, 64u << 20, top, 1, b, ATAGS_MAX_BANKS), 1);
	assert_int_equal(b[0].start, 0x30000000);
	assert_int_equal(b[0].size, 0x03f00000);
	assert_int_equal(atags_mem_banks(0x30000000, 64u << 20, bottom, 1, b, ATAGS_MAX_BANKS), 1);
	assert_int_equal(b[0].start, 0x30100000);
	assert_int_equal(atags_mem_banks(0x30000000, 64u << 20, all, 1, b, ATAGS_MAX_BANKS), 0);
	/* no bootargs, no regions: no CMDLINE tag at all */
	assert_int_equal(atags_build(buf, sizeof(buf), &p), (5 + 4 + 2) * 4);
	/* no bootargs but a region: the phram parameter alone, no leading space */
	assert_int_equal(atags_cmdline(line, sizeof(line), NULL, top, 1),
			 (int)strlen("phram.phram=r,0x33f00000,0x100000"));
	assert_string_equal(line, "phram.phram=r,0x33f00000,0x100000");
	/* too long for Linux's 1024-byte command line */
	memset(longargs, 'x', sizeof(longargs) - 1);
	longargs[sizeof(longargs) - 1] = 0;
	p.bootargs = longargs;
	assert_int_equal(atags_build(buf, sizeof(buf), &p), -E2BIG);
	longargs[1000] = 0;
	p.regions = top, p.nregions = 1;
	assert_int_equal(atags_build(buf, sizeof(buf), &p), -E2BIG);
	/* buffer too small */
	p.bootargs = "a";
	assert_int_equal(atags_build(buf, 40, &p), -ENOSPC);
}

/* ---------------------------------------------------------------- phram rules */

static void phram_clear(void)
{
	while (phram_count())
		phram_del(phram_get(0)->label);
}

static void test_phram_rules(void **state)
{
	(void)state;
	phram_clear();
	assert_int_equal(phram_add("rootfs", 0x33a00000, 0x300000), 0);
	assert_int_equal(phram_add("data", 0x32000000, 0x100000), 0);
	/* sorted by address */
	assert_string_equal(phram_get(0)->label, "data");
	assert_string_equal(phram_get(1)->label, "rootfs");
	/* overlaps, at either end and inside */
	assert_int_equal(phram_add("x", 0x33900000, 0x101000), -EBUSY);
	assert_int_equal(phram_add("x", 0x33cff000, 0x1000), -EBUSY);
	assert_int_equal(phram_add("x", 0x31f00000, 0x300000), -EBUSY);
	assert_int_equal(phram_add("x", 0x33900000, 0x100000), 0); /* touching is fine */
	assert_ptr_equal(phram_overlap(0x33a00000, 1), phram_get(2));
	assert_null(phram_overlap(0x33d00000, 0x100000));
	/* outside RAM, over the firmware, wrapping */
	assert_int_equal(phram_add("y", 0x2ff00000, 0x200000), -ERANGE);
	assert_int_equal(phram_add("y", 0x33f00000, 0x100000), -ERANGE);
	assert_int_equal(phram_add("y", 0x33d00000, 0x200000), -ERANGE);
	assert_int_equal(phram_add("y", 0xfffff000, 0x2000), -ERANGE);
	assert_int_equal(phram_add("y", 0x34000000, 0x1000), -ERANGE);
	/* alignment, size, labels */
	assert_int_equal(phram_add("y", 0x31000800, 0x1000), -EINVAL);
	assert_int_equal(phram_add("y", 0x31000000, 0x1800), -EINVAL);
	assert_int_equal(phram_add("y", 0x31000000, 0), -EINVAL);
	assert_int_equal(phram_add("", 0x31000000, 0x1000), -EINVAL);
	assert_int_equal(phram_add("a,b", 0x31000000, 0x1000), -EINVAL);
	assert_int_equal(phram_add("a b", 0x31000000, 0x1000), -EINVAL);
	assert_int_equal(phram_add("0123456789012345678901234567890123", 0x31000000, 0x1000), -EINVAL);
	assert_int_equal(phram_add("rootfs", 0x31000000, 0x1000), -EEXIST);
	/* table full at PHRAM_MAX */
	assert_int_equal(phram_add("y", 0x31000000, 0x1000), 0);
	assert_int_equal(phram_count(), PHRAM_MAX);
	assert_int_equal(phram_add("z", 0x31100000, 0x1000), -ENOSPC);
	/* delete */
	assert_int_equal(phram_del("nope"), -ENOENT);
	assert_int_equal(phram_del("x"), 0);
	assert_int_equal(phram_count(), PHRAM_MAX - 1);
	assert_null(phram_overlap(0x33900000, 0x100000));
	assert_null(phram_get(PHRAM_MAX - 1));
	phram_clear();
}

/* ---------------------------------------------------------------- placement */

static void test_kernel_reach(void **state)
{
	(void)state;
	/* zImage of 2 MiB at RAM + 8 MiB: the decompressor may reach RAM + 0x8000 + 10 MiB */
	assert_int_equal(boot_kernel_reach(0x30000000, 0x30800000, 0x200000),
			 0x30000000 + 0x8000 + 0xa00000 + 0x100000);
	/* a kernel loaded high: its own end wins */
	assert_int_equal(boot_kernel_reach(0x30000000, 0x33000000, 0x200000), 0x33300000);
	assert_int_equal(boot_kernel_reach(0, 0xfff00000, 0x200000), 0xffffffffu);
}

static void test_place_fdt(void **state)
{
	static const struct phram_region r[] = {
		{ "rootfs", 0x33a00000, 0x400000 }, /* right under the firmware */
		{ "data", 0x33800000, 0x180000 },   /* leaves a 0x80000 gap under rootfs */
	};
	// clang-format off
	struct boot_layout l = { .ram_base = 0x30000000, .ram_end = 0x34000000,
				 .fw_start = 0x33e00000, .fw_end = 0x34000000, .low = 0x30c00000 };
	// clang-format on
	uint32_t dst;

	(void)state;
	/* no regions: just under the firmware, 4 KiB aligned */
	assert_int_equal(boot_place_fdt(&l, 0x12348, &dst), 0);
	assert_int_equal(dst, ALIGN_DOWN(0x33e00000 - 0x12348, 0x1000));
	/* regions: under rootfs, into the gap above data when it fits */
	l.regions = r, l.nregions = 2;
	assert_int_equal(boot_place_fdt(&l, 0x12348, &dst), 0);
	assert_int_equal(dst, ALIGN_DOWN(0x33a00000 - 0x12348, 0x1000));
	assert_true(dst >= 0x33980000);
	/* too big for the gap: under data */
	assert_int_equal(boot_place_fdt(&l, 0x90000, &dst), 0);
	assert_int_equal(dst, 0x33800000 - 0x90000);
	/* an initrd right there pushes it further down */
	l.initrd_start = 0x33000000, l.initrd_end = 0x33800000;
	assert_int_equal(boot_place_fdt(&l, 0x90000, &dst), 0);
	assert_int_equal(dst, 0x33000000 - 0x90000);
	/* kernel bytes still to be moved sit there too: below them */
	l.kdata_start = 0x32f00000, l.kdata_end = 0x33000000;
	assert_int_equal(boot_place_fdt(&l, 0x90000, &dst), 0);
	assert_int_equal(dst, 0x32f00000 - 0x90000);
	l.kdata_start = l.kdata_end = 0;
	/* the source DTB sits there: below it, so a failed fixup leaves it as loaded */
	l.src_start = 0x32f80000, l.src_end = 0x32f90000;
	assert_int_equal(boot_place_fdt(&l, 0x90000, &dst), 0);
	assert_int_equal(dst, 0x32f80000 - 0x90000);
	/* no room below it: over the source rather than no boot */
	l.low = 0x32f00000;
	assert_int_equal(boot_place_fdt(&l, 0x90000, &dst), 0);
	assert_int_equal(dst, 0x33000000 - 0x90000);
	l.src_start = l.src_end = 0;
	/* nothing above the kernel's reach */
	l.low = 0x32f80000;
	assert_int_equal(boot_place_fdt(&l, 0x90000, &dst), -ENOSPC);
	assert_int_equal(boot_place_fdt(&l, 0, &dst), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zimage_header),
		cmocka_unit_test(test_uimage_good),
		cmocka_unit_test(test_uimage_bad_crcs),
		cmocka_unit_test(test_uimage_wrong_kind),
		cmocka_unit_test(test_mkimage_kernel_and_script),
		cmocka_unit_test(test_script_malformed),
		cmocka_unit_test(test_script_plain_text),
		cmocka_unit_test(test_squashfs_real_image),
		cmocka_unit_test(test_squashfs_corrupted),
		cmocka_unit_test(test_atags_plain),
		cmocka_unit_test(test_atags_phram_and_initrd),
		cmocka_unit_test(test_atags_edges),
		cmocka_unit_test(test_phram_rules),
		cmocka_unit_test(test_kernel_reach),
		cmocka_unit_test(test_place_fdt),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, rm_tmpdir);
}
