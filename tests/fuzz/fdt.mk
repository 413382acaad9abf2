# DTBs through the boot fixups, with libfdt compiled in (instrumented) from the same sources as the firmware.
FUZZ_LIBFDT := $(LIBFDT_HOME)
FUZZ_TARGETS += fuzz_fdt
fuzz_fdt-src := tests/fuzz/fuzz_fdt.c fdt/fixup.c fdt/mtd_nodes.c fdt/direct.c fdt/edit.c fdt/value.c mtd/mtdcore.c \
	mtd/mtdram.c $(addprefix $(FUZZ_LIBFDT)/,fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c \
	fdt_strerror.c fdt_addresses.c)
fuzz_fdt-cflags := -I$(FUZZ_LIBFDT)
