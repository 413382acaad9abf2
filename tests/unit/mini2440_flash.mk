# mini2440 board flash: flash_init on the NAND/NOR models, layout, tools/mkflash NAND images read back, env power cuts
UNIT_TESTS += test_mini2440_flash
test_mini2440_flash-src := tests/unit/test_mini2440_flash.c \
	drivers/flash/nand_base.c drivers/flash/nand_ids.c drivers/flash/nand_ecc.c drivers/flash/nand_bbt.c \
	drivers/flash/s3c2440_nand.c drivers/flash/cfi.c drivers/flash/cfi_intel.c drivers/flash/cfi_amd.c \
	drivers/flash/jedec.c drivers/flash/cfi_mtd.c drivers/serial/s3c2440_uart.c drivers/timer/s3c2440_wdt.c \
	cmd/nand_s3c2440.c \
	mtd/mtdcore.c mtd/mtd_io.c mtd/mtdparts.c env/env_flash.c common/crc32.c common/errno_str.c \
	tests/sim/sim_bus.c tests/sim/nand_model.c tests/sim/s3c2440_nfc_model.c tests/sim/cfi_model.c \
	tests/sim/cfi_model_parts.c
test_mini2440_flash-cflags := -Iboard/mini2440
$(HOSTO)/unit/test_mini2440_flash: board/mini2440/board.c board/mini2440/defaults.h tools/mkflash tools/nandimg.c
