UNIT_TESTS += test_mtdcore
test_mtdcore-src := tests/unit/test_mtdcore.c mtd/mtdcore.c mtd/mtdram.c
