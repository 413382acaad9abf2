# ARM Versatile PB (QEMU -M versatilepb): ARM926EJ-S, 128 MiB RAM, Intel CFI NOR at 0x34000000.
CPU_FLAGS := -mcpu=arm926ej-s
FW_BASE := 0x07e00000
CONFIG_ARM926 := y
CONFIG_FDT := y
CONFIG_PL011 := y
CONFIG_SP804 := y
CONFIG_CFI := y
CONFIG_NET := y
CONFIG_SMC91111 := y
# FIT images (needs CONFIG_FDT's libfdt), their hashes, signed configurations (RSA; keys: FIT_KEYS_DTB=...)
CONFIG_FIT := y
CONFIG_SHA1 := y
CONFIG_SHA256 := y
CONFIG_FIT_SIGNATURE := y
# optional features (docs/ARCHITECTURE.md, "Build-time features"; make size prints their cost)
CONFIG_CMD_LOADY := y
CONFIG_REGEX := y
CONFIG_CMD_LOADB := y
CONFIG_CMD_TEST := y
