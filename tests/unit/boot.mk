UNIT_TESTS += test_boot_image
test_boot_image-src := tests/unit/test_boot_image.c boot/image.c boot/squashfs.c boot/atags.c \
	boot/layout.c boot/phram.c common/crc32.c
