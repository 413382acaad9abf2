UNIT_TESTS += test_boot_image
UNIT_TESTS += test_boot_load
