UNIT_TESTS += test_boot_image
UNIT_TESTS += test_boot_load
# test_boot_load #includes cmd/phram.c (for its static do_phram); it is not linked again
