UNIT_TESTS += test_command
