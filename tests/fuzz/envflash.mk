FUZZ_TARGETS += fuzz_envflash
