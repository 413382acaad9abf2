FUZZ_TARGETS += fuzz_nandid
