UNIT_TESTS += test_boot_image
test_boot_image-src := tests/unit/test_boot_image.c boot/image.c boot/squashfs.c boot/atags.c \
	boot/layout.c boot/phram.c common/ramguard.c common/crc32.c
# cmd/phram.c is #included by the test (for its static do_phram)
UNIT_TESTS += test_boot_load
test_boot_load-src := tests/unit/test_boot_load.c boot/bootm.c boot/layout.c boot/image.c \
	boot/squashfs.c boot/atags.c boot/phram.c common/crc32.c common/env.c common/command.c common/ramguard.c \
	common/shell.c mtd/mtdcore.c \
	mtd/mtdram.c mtd/mtd_io.c mtd/mtdparts.c mtd/mtdparts_cmdline.c fdt/fixup.c fdt/mtd_nodes.c fdt/direct.c \
	fdt/value.c
test_boot_load-cflags := -DCONFIG_FDT=1
$(HOSTO)/unit/test_boot_load: cmd/phram.c
