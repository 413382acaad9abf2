UNIT_TESTS += test_ymodem
test_ymodem-src := tests/unit/test_ymodem.c common/ymodem.c
