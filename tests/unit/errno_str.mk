UNIT_TESTS += test_errno_str
