UNIT_TESTS += test_mini2440
