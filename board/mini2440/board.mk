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
# setexpr sub/gsub (regex.c)
CONFIG_REGEX := y
CONFIG_CMD_LOADB := y
CONFIG_CMD_TEST := y
# Network: DHCP/TFTP/ping over the DM9000 (tested against tests/sim/dm9000_model.c).
CONFIG_NET := y
CONFIG_DM9000 := y
# gzip (lib/gunzip.c + Linux's zlib_inflate): bootm of mkimage -C gzip kernels, unzip (docs/decompression.md)
CONFIG_GZIP := y
# FIT needs libfdt (CONFIG_FDT): off here, see docs/fit.md for its cost.
# The image may be up to 160 KiB (MAX_BIN, the Makefile's default): two NAND blocks of the
# 512 KiB u-boot partition, which leaves two spare blocks for bad ones (docs/mini2440.md).
