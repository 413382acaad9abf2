UNIT_TESTS += test_net
