FUZZ_TARGETS += fuzz_nandid
fuzz_nandid-src := tests/fuzz/fuzz_nandid.c drivers/flash/nand_ids.c
