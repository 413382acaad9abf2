FUZZ_TARGETS += fuzz_mtdparts
fuzz_mtdparts-src := tests/fuzz/fuzz_mtdparts.c mtd/mtdparts.c mtd/mtdcore.c
