UNIT_TESTS += test_ymodem
