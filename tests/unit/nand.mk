NAND_SRC := drivers/flash/nand_base.c drivers/flash/nand_ids.c drivers/flash/nand_ecc.c \
	drivers/flash/nand_bbt.c drivers/flash/s3c2440_nand.c mtd/mtdcore.c mtd/mtd_io.c \
	tests/sim/sim_bus.c tests/sim/nand_model.c tests/sim/s3c2440_nfc_model.c
UNIT_TESTS += test_nand
test_nand-src := tests/unit/test_nand.c $(NAND_SRC)
$(HOSTO)/unit/test_nand: tests/unit/test_nand_rig.h
UNIT_TESTS += test_nand_bbt test_nand_timing
test_nand_bbt-src := tests/unit/test_nand_bbt.c $(NAND_SRC)
test_nand_timing-src := tests/unit/test_nand_timing.c drivers/flash/s3c2440_nand.c drivers/flash/nand_base.c \
	drivers/flash/nand_ids.c drivers/flash/nand_ecc.c drivers/flash/nand_bbt.c mtd/mtdcore.c tests/sim/sim_bus.c
$(HOSTO)/unit/test_nand_bbt: tests/unit/test_nand_rig.h
