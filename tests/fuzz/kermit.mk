FUZZ_TARGETS += fuzz_kermit
fuzz_kermit-src := tests/fuzz/fuzz_kermit.c common/kermit.c
