FUZZ_TARGETS += fuzz_shell
fuzz_shell-src := tests/fuzz/fuzz_shell.c common/shell.c common/shell_parse.c common/env.c common/msgbuf.c
