UNIT_TESTS += test_kermit
test_kermit-src := tests/unit/test_kermit.c common/kermit.c
$(HOSTO)/unit/test_kermit: tests/unit/test_kermit_rig.h
