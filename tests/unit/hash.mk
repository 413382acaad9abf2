UNIT_TESTS += test_hash
