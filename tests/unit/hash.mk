UNIT_TESTS += test_hash
test_hash-src := tests/unit/test_hash.c common/sha1.c common/sha256.c
