UNIT_TESTS += test_shell
test_shell-src := tests/unit/test_shell.c common/shell.c common/env.c
