UNIT_TESTS += test_envflash
