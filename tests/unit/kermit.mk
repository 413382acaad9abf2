UNIT_TESTS += test_kermit
test_kermit-src := tests/unit/test_kermit.c common/kermit.c
