/* Host tests of the boot DT fixups against Debian's libfdt, with trees compiled by dtc from the sources below. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "fdt_fixup.h"
#include "fdt_util.h"
#include "mtd.h"
#include "phram.h"

/* The phram regions as boot/phram.c would hold them (that file needs the board's RAM map). */
static struct phram_region test_phram[PHRAM_MAX];
static int test_nphram;

/* fdt_fixup_for_boot() with the regions in info, as boot_fdt_info() hands them over */
static int fixup_for_boot(void *fdt, size_t bufsize, const struct fdt_boot_info *in)
{
	struct fdt_boot_info info = *in;

	memcpy(info.phram, test_phram, sizeof(test_phram));
	info.nphram = test_nphram;
	return fdt_fixup_for_boot(fdt, bufsize, &info);
}

static void phram_set(int i, const char *label, uint32_t addr, uint32_t size)
{
	snprintf(test_phram[i].label, sizeof(test_phram[i].label), "%s", label);
	test_phram[i].addr = addr;
	test_phram[i].size = size;
	if (i >= test_nphram)
		test_nphram = i + 1;
}

/* Compile DTS text with dtc into a fresh 8-byte aligned buffer of bufsize bytes
 * (0: exactly the blob's size). *blobsize gets dtc's output size. */
static void *dtb_from_dts(const char *dts, size_t bufsize, size_t *blobsize)
{
	char src[] = "/tmp/fb-fdt-XXXXXX", cmd[256], out[64];
	int fd = mkstemp(src);
	FILE *f;
	long n;
	void *buf;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, dts, strlen(dts)), (ssize_t)strlen(dts));
	close(fd);
	snprintf(out, sizeof(out), "%s.dtb", src);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", out, src);
	assert_int_equal(system(cmd), 0);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (!bufsize)
		bufsize = (size_t)n;
	assert_true(bufsize >= (size_t)n);
	buf = aligned_alloc(8, ALIGN_UP(bufsize, 8));
	assert_non_null(buf);
	memset(buf, 0xa5, ALIGN_UP(bufsize, 8));
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(out);
	unlink(src);
	if (blobsize)
		*blobsize = (size_t)n;
	return buf;
}

/* dtc must accept what we produced (an independent check of the structure). */
static void assert_dtc_accepts(const void *fdt)
{
	char path[] = "/tmp/fb-fdt-out-XXXXXX", cmd[128];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, fdt, fdt_totalsize(fdt)), (ssize_t)fdt_totalsize(fdt));
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts -o /dev/null %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		return NULL;
	return fdt_getprop(fdt, node, name, len);
}

static uint32_t cell(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

static const char *alias(const void *fdt, const char *name)
{
	return prop(fdt, "/aliases", name, NULL);
}

static int count_mtd_aliases(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/aliases"), p, n = 0;

	fdt_for_each_property_offset (p, fdt, node) {
		const char *name;
		fdt_getprop_by_offset(fdt, p, &name, NULL);
		n += !strncmp(name, "mtd", 3);
	}
	return n;
}

static const char dts_basic[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <1>; #size-cells = <1>;\n"
	"	model = \"test\";\n"
	"	chosen { bootargs = \"old\"; linux,initrd-start = <0x100>; linux,initrd-end = <0x200>; };\n"
	"	memory@0 { device_type = \"memory\"; reg = <0 0x1000000>; };\n"
	"	memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x1000000>; };\n"
	"	aliases { serial0 = \"/uart@1000\"; mtd0 = \"/nowhere\"; mtd7 = \"/gone\"; };\n"
	"	uart@1000 { compatible = \"arm,pl011\"; reg = <0x1000 0x1000>; };\n"
	"	flash@34000000 {\n"
	"		compatible = \"arm,versatile-flash\", \"cfi-flash\";\n"
	"		reg = <0x34000000 0x4000000>; bank-width = <4>;\n"
	"		partitions { compatible = \"arm,arm-firmware-suite\"; };\n"
	"	};\n"
	"};\n";

static int setup(void **state)
{
	(void)state;
	test_nphram = 0;
	memset(test_phram, 0, sizeof(test_phram));
	return 0;
}

static int teardown(void **state)
{
	struct mtd_info *m;

	(void)state;
	mtd_del_partitions(NULL);
	while ((m = mtd_first()))
		mtd_unregister(m);
	return 0;
}

static void test_memory_chosen(void **state)
{
	// clang-format off
	struct fdt_boot_info info = { .mem_base = 0, .mem_size = 0x8000000,
				      .bootargs = "console=ttyAMA0 root=/dev/mtdblock0" };
	// clang-format on
	size_t n;
	void *fdt = dtb_from_dts(dts_basic, 0, &n);
	const void *p;
	int len, node, memnodes = 0;

	(void)state;
	/* the blob from dtc is tight: growing it is the fixup's job */
	fdt = realloc(fdt, n + 4096);
	assert_int_equal(fixup_for_boot(fdt, n + 4096, &info), 0);
	assert_int_equal(fdt_totalsize(fdt), n + 4096);

	fdt_for_each_subnode (node, fdt, 0) {
		p = fdt_getprop(fdt, node, "device_type", NULL);
		if (p && !strcmp(p, "memory")) {
			memnodes++;
			p = fdt_getprop(fdt, node, "reg", &len);
			assert_int_equal(len, 8);
			assert_int_equal(cell(p, 0), 0);
			assert_int_equal(cell(p, 1), 0x8000000);
		}
	}
	assert_int_equal(memnodes, 1);
	assert_string_equal(prop(fdt, "/chosen", "bootargs", NULL),
			    "console=ttyAMA0 root=/dev/mtdblock0");
	/* no initrd given: the stale one is gone */
	assert_null(prop(fdt, "/chosen", "linux,initrd-start", NULL));
	assert_null(prop(fdt, "/chosen", "linux,initrd-end", NULL));
	assert_dtc_accepts(fdt);
	free(fdt);
}

static void test_bootargs_null_and_initrd(void **state)
{
	// clang-format off
	struct fdt_boot_info info = { .mem_size = 0x4000000, .initrd_start = 0x1000000,
				      .initrd_end = 0x1234000 };
	// clang-format on
	void *fdt = dtb_from_dts(dts_basic, 8192, NULL);
	const void *p;
	int len;

	(void)state;
	assert_int_equal(fixup_for_boot(fdt, 8192, &info), 0);
	assert_string_equal(prop(fdt, "/chosen", "bootargs", NULL), "old");
	p = prop(fdt, "/chosen", "linux,initrd-start", &len);
	assert_int_equal(len, 4);
	assert_int_equal(cell(p, 0), 0x1000000);
	p = prop(fdt, "/chosen", "linux,initrd-end", &len);
	assert_int_equal(len, 4);
	assert_int_equal(cell(p, 0), 0x1234000);
	/* a backwards range is refused */
	assert_int_equal(fdt_fixup_initrd(fdt, 0x2000, 0x1000), -EINVAL);
	free(fdt);
}

static void check_phram_node(const void *fdt, const char *path, const char *label, int ac, int sc,
			     uint64_t addr, uint64_t size, bool nomap)
{
	int len;
	const void *p;
	uint64_t a, s;

	assert_string_equal(prop(fdt, path, "compatible", NULL), "phram");
	assert_string_equal(prop(fdt, path, "label", NULL), label);
	p = prop(fdt, path, "reg", &len);
	assert_non_null(p);
	assert_int_equal(len, (ac + sc) * 4);
	assert_int_equal(fdt_cells_get(p, ac, &a), 0);
	assert_int_equal(fdt_cells_get((const fdt32_t *)p + ac, sc, &s), 0);
	assert_int_equal(a, addr);
	assert_int_equal(s, size);
	assert_int_equal(prop(fdt, path, "no-map", &len) != NULL, nomap);
}

static void check_resmem_cells(const void *fdt, uint32_t ac, uint32_t sc)
{
	int len;
	const void *p = prop(fdt, "/reserved-memory", "#address-cells", &len);

	assert_non_null(p);
	assert_int_equal(cell(p, 0), ac);
	p = prop(fdt, "/reserved-memory", "#size-cells", &len);
	assert_non_null(p);
	assert_int_equal(cell(p, 0), sc);
	/* Linux ignores /reserved-memory without ranges */
	p = prop(fdt, "/reserved-memory", "ranges", &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
}

static void test_reserved_memory_phram(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000, .phram_nomap = true };
	void *fdt = dtb_from_dts(dts_basic, 16384, NULL);
	int resm, child, i = 0;
	const char *names[] = { "rootfs@7000000", "data@6000000" };

	(void)state;
	phram_set(0, "rootfs", 0x7000000, 0x400000);
	phram_set(1, "data", 0x6000000, 0x100000);
	assert_int_equal(fixup_for_boot(fdt, 16384, &info), 0);
	check_resmem_cells(fdt, 1, 1);
	check_phram_node(fdt, "/reserved-memory/rootfs@7000000", "rootfs", 1, 1, 0x7000000, 0x400000,
			 true);
	check_phram_node(fdt, "/reserved-memory/data@6000000", "data", 1, 1, 0x6000000, 0x100000, true);
	/* table order is node order */
	resm = fdt_path_offset(fdt, "/reserved-memory");
	fdt_for_each_subnode (child, fdt, resm) {
		assert_true(i < 2);
		assert_string_equal(fdt_get_name(fdt, child, NULL), names[i++]);
	}
	assert_int_equal(i, 2);

	/* again, without no-map: replaced, not duplicated */
	info.phram_nomap = false;
	assert_int_equal(fixup_for_boot(fdt, 16384, &info), 0);
	check_phram_node(fdt, "/reserved-memory/rootfs@7000000", "rootfs", 1, 1, 0x7000000, 0x400000,
			 false);
	i = 0;
	fdt_for_each_subnode (child, fdt, resm)
		i++;
	assert_int_equal(i, 2);
	assert_dtc_accepts(fdt);
	free(fdt);
}

/* A 64-bit root: /reserved-memory must follow it, existing children re-encoded. */
static const char dts_cells2[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x10000000>; };\n"
	"	reserved-memory {\n"
	"		#address-cells = <1>; #size-cells = <1>;\n"
	"		framebuffer@8f000000 { reg = <0x8f000000 0x800000>; no-map; };\n"
	"	};\n"
	"};\n";

static void test_reserved_memory_cells2(void **state)
{
	struct fdt_boot_info info = { .mem_base = 0x80000000, .mem_size = 0x10000000 };
	void *fdt = dtb_from_dts(dts_cells2, 8192, NULL);
	const void *p;
	int len;

	(void)state;
	phram_set(0, "root fs", 0x8e000000, 0x1000000); /* a space is not allowed in a node name */
	assert_int_equal(fixup_for_boot(fdt, 8192, &info), 0);
	check_resmem_cells(fdt, 2, 2);
	check_phram_node(fdt, "/reserved-memory/root-fs@8e000000", "root fs", 2, 2, 0x8e000000,
			 0x1000000, false);
	/* the framebuffer child survives with 2+2 cells */
	p = prop(fdt, "/reserved-memory/framebuffer@8f000000", "reg", &len);
	assert_non_null(p);
	assert_int_equal(len, 16);
	assert_int_equal(cell(p, 0), 0);
	assert_int_equal(cell(p, 1), 0x8f000000);
	assert_int_equal(cell(p, 2), 0);
	assert_int_equal(cell(p, 3), 0x800000);
	assert_non_null(prop(fdt, "/reserved-memory/framebuffer@8f000000", "no-map", NULL));
	p = prop(fdt, "/memory@80000000", "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(cell(p, 1), 0x80000000);
	assert_int_equal(cell(p, 3), 0x10000000);
	assert_string_equal(alias(fdt, "mtd0"), "/reserved-memory/root-fs@8e000000");
	assert_dtc_accepts(fdt);
	free(fdt);
}

/* Every kind of MTD node, plus things that are not MTDs. */
static const char dts_mtd[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <1>; #size-cells = <1>;\n"
	"	aliases { mtd0 = \"/stale\"; mtd3 = \"/stale3\"; mtd12 = \"/x\"; mtdx = \"/keep\"; serial0 = \"/s\"; };\n"
	"	nor@0 { compatible = \"cfi-flash\"; reg = <0 0x100000>; };\n"
	"	nor@1000000 { compatible = \"jedec-flash\"; reg = <0x1000000 0x100000>; status = \"disabled\"; };\n"
	"	rom@2000000 { compatible = \"mtd-rom\"; reg = <0x2000000 0x100000>; };\n"
	"	sram@3000000 { compatible = \"mmio-sram\"; reg = <0x3000000 0x1000>; };\n"
	"	nand-controller@4000000 {\n"
	"		compatible = \"vendor,foo-nand-controller\"; reg = <0x4000000 0x1000>;\n"
	"		#address-cells = <1>; #size-cells = <0>;\n"
	"		nand@0 { reg = <0>; };\n"
	"		nand@1 { reg = <1>; };\n"
	"	};\n"
	"	nfc@5000000 { compatible = \"samsung,s3c2440-nand\"; reg = <0x5000000 0x100>; };\n"
	"	spi@6000000 {\n"
	"		compatible = \"arm,pl022\"; reg = <0x6000000 0x1000>;\n"
	"		#address-cells = <1>; #size-cells = <0>;\n"
	"		flash@0 { compatible = \"jedec,spi-nor\"; reg = <0>; };\n"
	"		flash@1 { compatible = \"spi-nand\"; reg = <1>; };\n"
	"	};\n"
	"};\n";

static void test_aliases_cover_all_mtd(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000 };
	void *fdt = dtb_from_dts(dts_mtd, 16384, NULL);
	static const char *const want[] = {
		"/reserved-memory/rootfs@7000000",
		"/nor@0",
		"/rom@2000000",
		"/nand-controller@4000000/nand@0",
		"/nand-controller@4000000/nand@1",
		"/nfc@5000000",
		"/spi@6000000/flash@0",
		"/spi@6000000/flash@1",
	};
	char name[16];

	(void)state;
	phram_set(0, "rootfs", 0x7000000, 0x400000);
	assert_int_equal(fixup_for_boot(fdt, 16384, &info), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		snprintf(name, sizeof(name), "mtd%zu", i);
		assert_non_null(alias(fdt, name));
		assert_string_equal(alias(fdt, name), want[i]);
	}
	/* the stale mtd12 is gone, non-mtd aliases stay */
	assert_int_equal(count_mtd_aliases(fdt), ARRAY_SIZE(want) + 1 /* mtdx */);
	assert_null(alias(fdt, "mtd12"));
	assert_string_equal(alias(fdt, "mtdx"), "/keep");
	assert_string_equal(alias(fdt, "serial0"), "/s");
	/* the classification itself */
	assert_false(fdt_node_is_mtd(fdt, fdt_path_offset(fdt, "/nor@1000000")));
	assert_false(fdt_node_is_mtd(fdt, fdt_path_offset(fdt, "/sram@3000000")));
	assert_false(fdt_node_is_mtd(fdt, fdt_path_offset(fdt, "/nand-controller@4000000")));
	assert_false(fdt_node_is_mtd(fdt, fdt_path_offset(fdt, "/spi@6000000")));
	assert_dtc_accepts(fdt);
	free(fdt);
}

static void test_aliases_without_phram(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000 };
	void *fdt = dtb_from_dts(dts_basic, 8192, NULL);

	(void)state;
	assert_int_equal(fixup_for_boot(fdt, 8192, &info), 0);
	assert_string_equal(alias(fdt, "mtd0"), "/flash@34000000");
	assert_null(alias(fdt, "mtd7"));
	assert_int_equal(count_mtd_aliases(fdt), 1);
	/* without mtdparts_to_dt the AFS partitions node is left alone */
	assert_string_equal(prop(fdt, "/flash@34000000/partitions", "compatible", NULL),
			    "arm,arm-firmware-suite");
	free(fdt);
}

static void test_fixed_partitions(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000, .mtdparts_to_dt = true };
	static uint8_t backing[0x100000];
	static struct mtd_info nor, ram; /* registered until teardown */
	void *fdt = dtb_from_dts(dts_basic, 16384, NULL);
	// clang-format off
	static const struct { const char *path, *label; uint32_t ofs, size; bool ro; } want[] = {
		// clang-format on
		{ "/flash@34000000/partitions/part@0", "u-boot", 0, 0x40000, true },
		{ "/flash@34000000/partitions/part@40000", "env", 0x40000, 0x40000, false },
		{ "/flash@34000000/partitions/part@80000", "kernel", 0x80000, 0x40000, false },
		{ "/flash@34000000/partitions/part@c0000", "rootfs", 0xc0000, 0x40000, false },
	};
	int parts, child, i = 0, len;
	const void *p;
	char name[16];

	(void)state;
	assert_int_equal(mtdram_init(&nor, "nor0", backing, sizeof(backing), 0x40000), 0);
	nor.mapped = 0x34000000; /* where the DT says the flash is */
	assert_int_equal(mtd_register(&nor), 0);
	/* a RAM device with partitions that no node describes is skipped */
	assert_int_equal(mtdram_init(&ram, "ram0", backing, sizeof(backing), 0x40000), 0);
	assert_int_equal(mtd_register(&ram), 0);
	assert_non_null(mtd_add_partition(&ram, "scratch", 0, 0x40000, 0));
	/* registered out of order: the DT lists them by offset */
	assert_non_null(mtd_add_partition(&nor, "kernel", 0x80000, 0x40000, 0));
	assert_non_null(mtd_add_partition(&nor, "u-boot", 0, 0x40000, MTD_RO));
	assert_non_null(mtd_add_partition(&nor, "rootfs", 0xc0000, 0x40000, 0));
	assert_non_null(mtd_add_partition(&nor, "env", 0x40000, 0x40000, 0));
	phram_set(0, "rootfs", 0x7000000, 0x400000);

	assert_int_equal(fixup_for_boot(fdt, 16384, &info), 0);
	parts = fdt_path_offset(fdt, "/flash@34000000/partitions");
	assert_true(parts >= 0);
	assert_int_equal(fdt_node_check_compatible(fdt, parts, "fixed-partitions"), 0);
	assert_int_not_equal(fdt_node_check_compatible(fdt, parts, "arm,arm-firmware-suite"), 0);
	assert_int_equal(cell(prop(fdt, "/flash@34000000/partitions", "#address-cells", NULL), 0), 1);
	assert_int_equal(cell(prop(fdt, "/flash@34000000/partitions", "#size-cells", NULL), 0), 1);
	fdt_for_each_subnode (child, fdt, parts) {
		char path[128];
		assert_true(i < 4);
		assert_int_equal(fdt_get_path(fdt, child, path, sizeof(path)), 0);
		assert_string_equal(path, want[i].path);
		assert_string_equal(prop(fdt, path, "label", NULL), want[i].label);
		p = prop(fdt, path, "reg", &len);
		assert_int_equal(len, 8);
		assert_int_equal(cell(p, 0), want[i].ofs);
		assert_int_equal(cell(p, 1), want[i].size);
		assert_int_equal(prop(fdt, path, "read-only", NULL) != NULL, want[i].ro);
		i++;
	}
	assert_int_equal(i, 4);
	/* phram first, then the partitions, then their flash */
	assert_string_equal(alias(fdt, "mtd0"), "/reserved-memory/rootfs@7000000");
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "mtd%d", i + 1);
		assert_string_equal(alias(fdt, name), want[i].path);
	}
	assert_string_equal(alias(fdt, "mtd5"), "/flash@34000000");
	assert_int_equal(count_mtd_aliases(fdt), 6);
	assert_dtc_accepts(fdt);
	free(fdt);
}

/* A flash node under buses: its reg is translated through every ranges to the CPU address. */
static void test_fixed_partitions_behind_ranges(void **state)
{
	static const char dts[] =
		"/dts-v1/;\n"
		"/ {\n"
		"	#address-cells = <1>; #size-cells = <1>;\n"
		"	memory@0 { device_type = \"memory\"; reg = <0 0x8000000>; };\n"
		"	soc { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>; ranges;\n"
		"		bus@30000000 { compatible = \"simple-bus\"; #address-cells = <2>; #size-cells = <1>;\n"
		"			ranges = <0 0 0x30000000 0x1000000  1 0 0x34000000 0x4000000>;\n"
		"			flash@0,0 { compatible = \"cfi-flash\"; reg = <0 0 0x1000000>; };\n"
		"			flash@1,0 { compatible = \"cfi-flash\"; reg = <1 0 0x4000000>; };\n"
		"		};\n"
		"	};\n"
		"	nobus { #address-cells = <1>; #size-cells = <1>;\n"
		"		flash@34000000 { compatible = \"cfi-flash\"; reg = <0x34000000 0x1000>; };\n"
		"	};\n"
		"};\n";
	struct fdt_boot_info info = { .mem_size = 0x8000000, .mtdparts_to_dt = true };
	static uint8_t backing[0x100000];
	static struct mtd_info nor;
	void *fdt = dtb_from_dts(dts, 16384, NULL);
	const char *path = "/soc/bus@30000000/flash@1,0/partitions/part@40000";
	const void *p;
	int len;

	(void)state;
	assert_int_equal(mtdram_init(&nor, "nor0", backing, sizeof(backing), 0x40000), 0);
	nor.mapped = 0x34000000;
	assert_int_equal(mtd_register(&nor), 0);
	assert_non_null(mtd_add_partition(&nor, "boot", 0, 0x40000, MTD_RO));
	assert_non_null(mtd_add_partition(&nor, "data", 0x40000, 0xc0000, 0));
	assert_int_equal(fixup_for_boot(fdt, 16384, &info), 0);
	/* chip select 1 at 0x34000000 is ours; chip select 0 (0x30000000) is not */
	assert_string_equal(prop(fdt, path, "label", NULL), "data");
	p = prop(fdt, path, "reg", &len);
	assert_int_equal(len, 8);
	assert_int_equal(cell(p, 0), 0x40000);
	assert_int_equal(cell(p, 1), 0xc0000);
	assert_true(fdt_path_offset(fdt, "/soc/bus@30000000/flash@0,0/partitions") < 0);
	/* a bus without ranges is not memory-mapped: same reg value, but not this flash */
	assert_true(fdt_path_offset(fdt, "/nobus/flash@34000000/partitions") < 0);
	assert_dtc_accepts(fdt);
	free(fdt);
}

/* Two trees hold the same nodes and properties in the same order, and the same strings block. */
static void assert_same_tree(const void *a, const void *b)
{
	int na = 0, nb = 0, da = 0, db = 0;

	assert_int_equal(fdt_size_dt_struct(a), fdt_size_dt_struct(b));
	assert_int_equal(fdt_size_dt_strings(a), fdt_size_dt_strings(b));
	assert_memory_equal((const char *)a + fdt_off_dt_strings(a),
			    (const char *)b + fdt_off_dt_strings(b), fdt_size_dt_strings(a));
	for (; na >= 0 && nb >= 0 && da >= 0;
	     na = fdt_next_node(a, na, &da), nb = fdt_next_node(b, nb, &db)) {
		int pa, pb, la, lb;

		assert_int_equal(na, nb);
		assert_int_equal(da, db);
		assert_string_equal(fdt_get_name(a, na, NULL), fdt_get_name(b, nb, NULL));
		pa = fdt_first_property_offset(a, na);
		pb = fdt_first_property_offset(b, nb);
		for (; pa >= 0 && pb >= 0;
		     pa = fdt_next_property_offset(a, pa), pb = fdt_next_property_offset(b, pb)) {
			const char *sa, *sb;
			const void *va = fdt_getprop_by_offset(a, pa, &sa, &la);
			const void *vb = fdt_getprop_by_offset(b, pb, &sb, &lb);

			assert_int_equal(pa, pb);
			assert_string_equal(sa, sb);
			assert_int_equal(la, lb);
			assert_memory_equal(va, vb, (size_t)la);
		}
		assert_int_equal(pa, pb);
	}
	assert_int_equal(na, nb);
}

/*
 * fdt/edit.c against libfdt's writers, step by step on the same tree: new
 * children (root and deeper), new properties (names new, already there, or a
 * suffix of one there), resized and emptied values; then the refusals.
 */
static void test_direct_edits_match_libfdt(void **state)
{
	// clang-format off
	static const struct { const char *path, *child, *prop; int len; } steps[] = {
		// clang-format on
		{ "/", "reserved-memory", NULL, 0 },
		{ "/reserved-memory", NULL, "ranges", 0 },
		{ "/reserved-memory", NULL, "#size-cells", 4 },
		{ "/reserved-memory", "rootfs@7000000", NULL, 0 },
		{ "/reserved-memory/rootfs@7000000", NULL, "reg", 8 },
		{ "/reserved-memory/rootfs@7000000", NULL, "label", 7 },
		{ "/reserved-memory/rootfs@7000000", NULL, "cells", 4 }, /* a suffix of "#size-cells" */
		{ "/reserved-memory/rootfs@7000000", NULL, "brand-new", 5 },
		{ "/chosen", NULL, "bootargs", 33 }, /* there: grows */
		{ "/chosen", NULL, "bootargs", 2 },  /* shrinks */
		{ "/chosen", NULL, "bootargs", 0 },  /* empty */
		{ "/flash@34000000", "partitions@0", NULL, 0 },
		{ "/", "aliases@1", NULL, 0 },
	};
	uint8_t val[64];
	void *a = dtb_from_dts(dts_basic, 8192, NULL), *b = malloc(8192);
	int na, nb;

	(void)state;
	for (size_t i = 0; i < sizeof(val); i++)
		val[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(fdt_open_checked(a, 8192), 0);
	memcpy(b, a, 8192);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		na = fdt_path_offset(a, steps[i].path);
		nb = fdt_path_offset(b, steps[i].path);
		assert_true(na >= 0);
		if (steps[i].child) {
			assert_int_equal(fdt_add_subnode(a, na, steps[i].child),
					 fdt_direct_add_child(b, nb, steps[i].child));
		} else {
			assert_int_equal(fdt_setprop(a, na, steps[i].prop, val, steps[i].len), 0);
			assert_int_equal(fdt_direct_setprop(b, nb, steps[i].prop, val, steps[i].len), 0);
		}
		assert_same_tree(a, b);
	}
	/* refusals as libfdt's: a name there ("memory" finds "memory@0"), a full buffer (tree unchanged) */
	assert_int_equal(fdt_direct_add_child(b, 0, "memory"), -FDT_ERR_EXISTS);
	assert_int_equal(fdt_direct_add_child(b, 0, "chosen"), -FDT_ERR_EXISTS);
	memcpy(a, b, 8192);
	{
		static uint8_t big[8192];
		int room = (int)(fdt_totalsize(b) - fdt_off_dt_strings(b) - fdt_size_dt_strings(b));

		/* a new name and a value one byte too many; then an existing name, the same */
		assert_int_equal(fdt_direct_setprop(b, 0, "huge", big, room - 12 - 5 + 1),
				 -FDT_ERR_NOSPACE);
		assert_memory_equal(a, b, 8192);
		assert_int_equal(fdt_direct_setprop(b, 0, "model", big, room + 8), -FDT_ERR_NOSPACE);
		assert_memory_equal(a, b, 8192);
		assert_int_equal(fdt_direct_setprop(b, 0, "huge", big, room - 12 - 5 - 3), 0);
	}
	free(a);
	free(b);
}

static void test_idempotent(void **state)
{
	// clang-format off
	struct fdt_boot_info info = { .mem_size = 0x8000000, .bootargs = "quiet",
				      .initrd_start = 0x800000, .initrd_end = 0x900000 };
	// clang-format on
	void *a = dtb_from_dts(dts_mtd, 16384, NULL);
	void *b;

	(void)state;
	phram_set(0, "rootfs", 0x7000000, 0x400000);
	phram_set(1, "data", 0x6000000, 0x100000);
	assert_int_equal(fixup_for_boot(a, 16384, &info), 0);
	b = malloc(16384);
	memcpy(b, a, 16384);
	assert_int_equal(fixup_for_boot(b, 16384, &info), 0);
	assert_int_equal(fdt_pack(a), 0);
	assert_int_equal(fdt_pack(b), 0);
	assert_int_equal(fdt_totalsize(a), fdt_totalsize(b));
	assert_memory_equal(a, b, fdt_totalsize(a));
	free(a);
	free(b);
}

static void test_nospace(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000, .bootargs = "console=ttyAMA0" };
	size_t n;
	void *fdt = dtb_from_dts(dts_basic, 0, &n);

	(void)state;
	phram_set(0, "rootfs", 0x7000000, 0x400000);
	/* exactly the blob: no room for the new nodes */
	assert_int_equal(fixup_for_boot(fdt, n, &info), -ENOSPC);
	/* the header claims more than the buffer holds */
	assert_int_equal(fixup_for_boot(fdt, n - 8, &info), -ENOSPC);
	free(fdt);
}

static void test_corrupt_refused(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000 };
	size_t n;
	uint8_t *fdt = dtb_from_dts(dts_basic, 8192, &n);
	uint8_t *copy = aligned_alloc(8, 8192);
	uint32_t off;

	(void)state;
	memcpy(copy, fdt, 8192);
	/* bad magic */
	copy[0] ^= 0xff;
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/* totalsize cut below the strings block */
	memcpy(copy, fdt, 8192);
	fdt_set_totalsize(copy, fdt_off_dt_strings(copy) + 4);
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/* a struct block offset past the end */
	memcpy(copy, fdt, 8192);
	fdt_set_off_dt_struct(copy, 0x7fff0000);
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/* too small to even hold a header */
	memcpy(copy, fdt, 8192);
	assert_int_equal(fixup_for_boot(copy, 16, &info), -EINVAL);
	/* a garbage tag in the structure block */
	memcpy(copy, fdt, 8192);
	off = fdt_off_dt_struct(copy);
	memset(copy + off + 8, 0x77, 16);
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/* a named root node */
	memcpy(copy, fdt, 8192);
	copy[fdt_off_dt_struct(copy) + 4] = 'x';
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/* a reserve map off its 8-byte alignment */
	memcpy(copy, fdt, 8192);
	fdt_set_off_mem_rsvmap(copy, fdt_off_mem_rsvmap(copy) + 4);
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/* a reserve map without its terminating entry */
	memcpy(copy, fdt, 8192);
	memset(copy + fdt_off_mem_rsvmap(copy), 0x11,
	       fdt_off_dt_struct(copy) - fdt_off_mem_rsvmap(copy));
	assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	/*
	 * a property length that makes libfdt's fdt_next_tag() stand still (-12) or
	 * step back (-16): every walk of the tree would loop for ever (fuzz find)
	 */
	for (int back = 12; back <= 16; back += 4) {
		int prop;

		memcpy(copy, fdt, 8192);
		prop = fdt_first_property_offset(copy, fdt_path_offset(copy, "/uart@1000"));
		assert_true(prop > 0);
		assert_int_equal(fdt_check_struct(copy), (int)fdt_size_dt_struct(copy));
		*(fdt32_t *)(copy + fdt_off_dt_struct(copy) + prop + 4) = cpu_to_fdt32((uint32_t)-back);
		assert_int_equal(fdt_check_struct(copy), -EINVAL);
		assert_int_equal(fixup_for_boot(copy, 8192, &info), -EINVAL);
	}
	/* a property name outside the strings block */
	memcpy(copy, fdt, 8192);
	{
		int prop = fdt_first_property_offset(copy, fdt_path_offset(copy, "/uart@1000"));

		*(fdt32_t *)(copy + fdt_off_dt_struct(copy) + prop + 8) = cpu_to_fdt32(0x10000);
		assert_int_equal(fdt_check_struct(copy), -EINVAL);
	}
	/* a node that never closes */
	memcpy(copy, fdt, 8192);
	*(fdt32_t *)(copy + fdt_off_dt_struct(copy) + fdt_size_dt_struct(copy) - 8) =
		cpu_to_fdt32(FDT_NOP);
	assert_int_equal(fdt_check_struct(copy), -EINVAL);
	/* misaligned blob (libfdt wants 8-byte alignment) */
	memmove(copy + 4, fdt, n);
	assert_int_equal(fixup_for_boot(copy + 4, 8188, &info), -EINVAL);
	free(copy);
	free(fdt);
}

static void test_errno_mapping(void **state)
{
	(void)state;
	assert_int_equal(fdt_errno(0), 0);
	assert_int_equal(fdt_errno(12), 12);
	assert_int_equal(fdt_errno(-FDT_ERR_NOTFOUND), -ENOENT);
	assert_int_equal(fdt_errno(-FDT_ERR_EXISTS), -EEXIST);
	assert_int_equal(fdt_errno(-FDT_ERR_NOSPACE), -ENOSPC);
	assert_int_equal(fdt_errno(-FDT_ERR_BADMAGIC), -EINVAL);
	assert_int_equal(fdt_errno(-FDT_ERR_TRUNCATED), -EINVAL);
	assert_int_equal(fdt_errno(-FDT_ERR_BADNCELLS), -ERANGE);
}

static void test_cells(void **state)
{
	fdt32_t c[4];
	uint64_t v;

	(void)state;
	assert_int_equal(fdt_cells_put(c, 1, 0xffffffff), 0);
	assert_int_equal(fdt32_to_cpu(c[0]), 0xffffffff);
	assert_int_equal(fdt_cells_put(c, 1, 0x100000000ull), -ERANGE);
	assert_int_equal(fdt_cells_put(c, 2, 0x123456789ull), 0);
	assert_int_equal(fdt32_to_cpu(c[0]), 1);
	assert_int_equal(fdt32_to_cpu(c[1]), 0x23456789);
	assert_int_equal(fdt_cells_put(c, 3, 5), 0);
	assert_int_equal(fdt32_to_cpu(c[0]), 0);
	assert_int_equal(fdt32_to_cpu(c[2]), 5);
	assert_int_equal(fdt_cells_get(c, 3, &v), 0);
	assert_int_equal(v, 5);
	c[0] = cpu_to_fdt32(1);
	assert_int_equal(fdt_cells_get(c, 3, &v), -ERANGE);
}

static void test_memory_cells_too_small(void **state)
{
	static const char dts[] = "/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; };\n";
	void *fdt = dtb_from_dts(dts, 4096, NULL);

	(void)state;
	assert_int_equal(fdt_open_checked(fdt, 4096), 0);
	assert_int_equal(fdt_fixup_memory(fdt, 0x100000000ull, 0x1000), -ERANGE);
	assert_int_equal(fdt_fixup_memory(fdt, 0x1000, 0x1000), 0);
	free(fdt);
}

/* The tree of the DT test kernel (make unit builds it and names its directory in
 * FB_TEST_KERNEL_DT); run by hand without that variable, the test skips. */
static void test_real_versatile_dtb(void **state)
{
	struct fdt_boot_info info = { .mem_size = 0x8000000, .bootargs = "root=/dev/mtdblock0" };
	const char *kdir = getenv("FB_TEST_KERNEL_DT");
	char path[512];
	FILE *f;
	void *fdt;
	long n;

	(void)state;
	if (!kdir || !*kdir) {
		print_message("FB_TEST_KERNEL_DT unset (make unit sets it): skipped\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/versatile-pb.dtb", kdir);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	fdt = aligned_alloc(8, 65536);
	n = (long)fread(fdt, 1, 65536, f);
	fclose(f);
	assert_true(n > 0);
	phram_set(0, "rootfs", 0x7000000, 0x400000);
	assert_int_equal(fixup_for_boot(fdt, 65536, &info), 0);
	assert_string_equal(alias(fdt, "mtd0"), "/reserved-memory/rootfs@7000000");
	assert_string_equal(alias(fdt, "mtd1"), "/flash@34000000");
	assert_int_equal(count_mtd_aliases(fdt), 2);
	check_resmem_cells(fdt, 1, 1);
	assert_dtc_accepts(fdt);
	free(fdt);
}

/* ---- U-Boot value syntax ---- */

static int parse(const char *line, uint8_t *buf, size_t size, const char **bad)
{
	static char copy[256];
	char *argv[16];
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (char *t = strtok(copy, " "); t && argc < 16; t = strtok(NULL, " "))
		argv[argc++] = t;
	return fdt_value_parse(argc, argv, buf, size, bad);
}

static void test_value_parse(void **state)
{
	uint8_t buf[64];
	const char *bad;

	(void)state;
	assert_int_equal(parse("<1 2 0x3>", buf, sizeof(buf), &bad), 12);
	assert_memory_equal(buf, "\0\0\0\1\0\0\0\2\0\0\0\3", 12);
	assert_int_equal(parse("<0xffffffff 010>", buf, sizeof(buf), &bad), 8);
	assert_memory_equal(buf, "\xff\xff\xff\xff\0\0\0\x08", 8);
	assert_int_equal(parse("<>", buf, sizeof(buf), &bad), 0);
	assert_int_equal(parse("[00 11 2233]", buf, sizeof(buf), &bad), 4);
	assert_memory_equal(buf, "\x00\x11\x22\x33", 4);
	assert_int_equal(parse("[a]", buf, sizeof(buf), &bad), 1);
	assert_int_equal(buf[0], 0xa);
	assert_int_equal(parse("hello world", buf, sizeof(buf), &bad), 12);
	assert_memory_equal(buf, "hello\0world\0", 12);
	assert_int_equal(fdt_value_parse(0, NULL, buf, sizeof(buf), &bad), 0);
	/* length only */
	assert_int_equal(parse("<1 2>", NULL, 0, &bad), 8);
	/* errors say where */
	assert_int_equal(parse("<1 2", buf, sizeof(buf), &bad), -EINVAL);
	assert_int_equal(parse("<1 zz 3>", buf, sizeof(buf), &bad), -EINVAL);
	assert_memory_equal(bad, "zz", 2);
	assert_int_equal(parse("<0x100000000>", buf, sizeof(buf), &bad), -EINVAL);
	assert_int_equal(parse("<-1>", buf, sizeof(buf), &bad), -EINVAL);
	assert_int_equal(parse("<1> 2", buf, sizeof(buf), &bad), -EINVAL);
	assert_string_equal(bad, "2");
	assert_int_equal(parse("[123]", buf, sizeof(buf), &bad), -EINVAL);
	assert_int_equal(parse("[0g]", buf, sizeof(buf), &bad), -EINVAL);
	assert_int_equal(parse("[00 11", buf, sizeof(buf), &bad), -EINVAL);
	assert_int_equal(parse("<1 2 3>", buf, 8, &bad), -ENOSPC);
	assert_int_equal(parse("abcdef", buf, 3, &bad), -ENOSPC);
}

static void test_value_kind_and_format(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(fdt_value_kind("", 0), FDT_VAL_EMPTY);
	assert_int_equal(fdt_value_kind("abc", 4), FDT_VAL_STRINGS);
	assert_int_equal(fdt_value_kind("a\0bc", 5), FDT_VAL_STRINGS);
	assert_int_equal(fdt_value_kind("a\0\0b", 5), FDT_VAL_BYTES); /* empty string inside */
	assert_int_equal(fdt_value_kind("ab\0\0", 4), FDT_VAL_CELLS); /* empty last string */
	assert_int_equal(fdt_value_kind("\0\0\0\1", 4), FDT_VAL_CELLS);
	assert_int_equal(fdt_value_kind("\x01\x02\x03", 3), FDT_VAL_BYTES);
	assert_int_equal(fdt_value_kind("\0", 1), FDT_VAL_BYTES);
	assert_int_equal(fdt_value_kind("ab\x01", 4), FDT_VAL_CELLS);

	assert_int_equal(fdt_value_format("a\0bc", 5, -1, out, sizeof(out)), 0);
	assert_string_equal(out, "a");
	assert_int_equal(fdt_value_format("a\0bc", 5, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "bc");
	assert_int_equal(fdt_value_format("a\0bc", 5, 2, out, sizeof(out)), -ENOENT);
	assert_int_equal(fdt_value_format("\0\0\0\1\0\0\x10\0", 8, -1, out, sizeof(out)), 0);
	assert_string_equal(out, "0x1 0x1000");
	assert_int_equal(fdt_value_format("\0\0\0\1\0\0\x10\0", 8, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "0x1000");
	assert_int_equal(fdt_value_format("\0\0\0\1\0\0\x10\0", 8, 2, out, sizeof(out)), -ENOENT);
	assert_int_equal(fdt_value_format("\x01\x02\xff", 3, -1, out, sizeof(out)), 0);
	assert_string_equal(out, "01 02 ff");
	assert_int_equal(fdt_value_format("\x01\x02\xff", 3, 2, out, sizeof(out)), 0);
	assert_string_equal(out, "0xff");
	assert_int_equal(fdt_value_format("", 0, -1, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(fdt_value_format("\0\0\0\1\0\0\x10\0", 8, -1, out, 5), -ENOSPC);
	assert_int_equal(fdt_value_format("abcdef", 7, -1, out, 4), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_memory_chosen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bootargs_null_and_initrd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_memory_phram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_memory_cells2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_cover_all_mtd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_without_phram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_partitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_partitions_behind_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nospace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_versatile_dtb, setup, teardown),
		cmocka_unit_test(test_errno_mapping),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_memory_cells_too_small),
		cmocka_unit_test(test_value_parse),
		cmocka_unit_test(test_direct_edits_match_libfdt),
		cmocka_unit_test(test_value_kind_and_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
