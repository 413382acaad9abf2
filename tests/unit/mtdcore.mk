UNIT_TESTS += test_mtdcore
