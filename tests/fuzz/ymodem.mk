FUZZ_TARGETS += fuzz_ymodem
fuzz_ymodem-src := tests/fuzz/fuzz_ymodem.c common/ymodem.c
