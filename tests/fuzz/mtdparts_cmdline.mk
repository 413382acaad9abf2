FUZZ_TARGETS += fuzz_mtdparts_cmdline
