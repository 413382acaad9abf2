UNIT_TESTS += test_nand
UNIT_TESTS += test_nand_bbt
UNIT_TESTS += test_nand_timing
