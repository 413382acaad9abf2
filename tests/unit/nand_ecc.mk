UNIT_TESTS += test_nand_ecc
test_nand_ecc-src := tests/unit/test_nand_ecc.c drivers/flash/nand_ecc.c
