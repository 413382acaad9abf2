UNIT_TESTS += test_fdt
