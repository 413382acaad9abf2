UNIT_TESTS += test_mtdparts
test_mtdparts-src := tests/unit/test_mtdparts.c mtd/mtdparts.c mtd/mtdcore.c mtd/mtdram.c
