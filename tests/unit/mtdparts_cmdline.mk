UNIT_TESTS += test_mtdparts_cmdline
test_mtdparts_cmdline-src := tests/unit/test_mtdparts_cmdline.c mtd/mtdparts_cmdline.c mtd/mtdparts.c \
	mtd/mtdcore.c mtd/mtdram.c boot/bootm.c boot/layout.c boot/image.c boot/atags.c boot/phram.c common/ramguard.c \
	common/crc32.c fdt/fixup.c fdt/mtd_nodes.c fdt/direct.c fdt/value.c
test_mtdparts_cmdline-cflags := -DCONFIG_FDT=1
$(HOSTO)/unit/test_mtdparts_cmdline: tests/unit/lx_cmdline.h
