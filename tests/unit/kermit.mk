UNIT_TESTS += test_kermit
