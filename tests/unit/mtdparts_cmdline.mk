UNIT_TESTS += test_mtdparts_cmdline
