UNIT_TESTS += test_nandboot
