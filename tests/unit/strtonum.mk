UNIT_TESTS += test_strtonum
