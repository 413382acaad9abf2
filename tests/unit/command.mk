UNIT_TESTS += test_command
test_command-src := tests/unit/test_command.c common/command.c common/ramguard.c common/shell.c common/env.c
