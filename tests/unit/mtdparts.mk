UNIT_TESTS += test_mtdparts
