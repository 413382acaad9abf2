UNIT_TESTS += test_script
test_script-src := tests/unit/test_script.c common/command.c common/shell.c common/shell_parse.c \
	common/env.c common/ramguard.c cmd/sys.c cmd/test.c
test_script-cflags := -DFB_VERSION=\"test\" -DFB_GIT_REV=\"test\"
