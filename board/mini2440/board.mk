# FriendlyARM mini2440: S3C2440A (ARM920T), 64 MiB SDRAM at 0x30000000, NAND + SST39VF1601 NOR.
CPU_FLAGS := -mcpu=arm920t
FW_BASE := 0x33e00000
CONFIG_ARM920 := y
CONFIG_FDT := n
CONFIG_S3C2440_UART := y
CONFIG_S3C2440_TIMER := y
CONFIG_CFI := y
CONFIG_NAND := y
# optional features (docs/ARCHITECTURE.md, "Build-time features"; make size prints their cost)
CONFIG_CMD_LOADY := y
# setexpr sub/gsub (regex.c): left out, the image must fit one 128 KiB NAND block
CONFIG_REGEX := n
CONFIG_CMD_LOADB := y
CONFIG_CMD_TEST := y
# Network (DM9000) is off by default: with it the image is ~141 KB and no longer fits the
# 128 KiB NAND block the NAND boot loads; `make BOARD=mini2440 CONFIG_NET=y CONFIG_DM9000=y`
# builds it (for NOR boot). The driver is tested against tests/sim/dm9000_model.c.
CONFIG_NET := n
CONFIG_DM9000 := n
