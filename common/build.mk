# objects of common
obj-y += common/crc32.o
obj-y += common/printf.o common/console.o
obj-y += common/cli.o
obj-y += common/shell.o common/shell_parse.o
obj-$(CONFIG_REGEX) += common/regex.o
obj-y += common/env.o common/msgbuf.o
obj-y += common/command.o common/ramguard.o
obj-y += common/bootcount.o
obj-y += common/main.o common/syscalls.o common/string.o common/strtonum.o common/errno_str.o
# the block framing both hashes share (gc-sections drops it from a build with neither)
obj-y += common/md_frame.o
obj-$(CONFIG_SHA1) += common/sha1.o
obj-$(CONFIG_SHA256) += common/sha256.o
obj-$(CONFIG_FIT_SIGNATURE) += common/rsa.o
obj-$(CONFIG_CMD_LOADY) += common/ymodem.o
obj-$(CONFIG_CMD_LOADB) += common/kermit.o
