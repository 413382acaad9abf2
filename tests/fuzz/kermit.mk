FUZZ_TARGETS += fuzz_kermit
