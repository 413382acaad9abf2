FUZZ_TARGETS += fuzz_shell
