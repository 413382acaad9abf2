UNIT_TESTS += test_shell
