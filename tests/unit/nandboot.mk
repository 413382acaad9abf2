UNIT_TESTS += test_nandboot
test_nandboot-src := tests/unit/test_nandboot.c board/mini2440/nand_boot.c board/mini2440/clocks.c \
	common/crc32.c tests/sim/sim_bus.c tests/sim/nand_model.c tests/sim/s3c2440_nfc_model.c \
	drivers/flash/s3c2440_nand.c drivers/flash/nand_base.c drivers/flash/nand_ids.c \
	drivers/flash/nand_ecc.c drivers/flash/nand_bbt.c mtd/mtdcore.c mtd/mtd_io.c
test_nandboot-cflags := -Iboard/mini2440
