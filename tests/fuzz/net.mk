FUZZ_TARGETS += fuzz_net
