FUZZ_TARGETS += fuzz_image
