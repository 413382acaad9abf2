UNIT_TESTS += test_nand_ecc
