FUZZ_TARGETS += fuzz_mtdparts_cmdline
fuzz_mtdparts_cmdline-src := tests/fuzz/fuzz_mtdparts_cmdline.c mtd/mtdparts_cmdline.c mtd/mtdparts.c \
	mtd/mtdcore.c
$(HOSTO)/fuzz/fuzz_mtdparts_cmdline: tests/unit/lx_cmdline.h
