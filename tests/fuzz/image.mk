FUZZ_TARGETS += fuzz_image
fuzz_image-src := tests/fuzz/fuzz_image.c boot/image.c boot/squashfs.c boot/atags.c boot/layout.c \
	common/crc32.c
