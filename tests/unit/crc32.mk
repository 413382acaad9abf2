UNIT_TESTS += test_crc32
