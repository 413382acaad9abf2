FUZZ_TARGETS += fuzz_ymodem
