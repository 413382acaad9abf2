FUZZ_TARGETS += fuzz_mtdparts
