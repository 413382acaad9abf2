BENCH_PROGS += nand_bench
nand_bench-src := tests/bench/nand_bench.c drivers/flash/nand_base.c drivers/flash/nand_ids.c \
	drivers/flash/nand_ecc.c drivers/flash/nand_bbt.c drivers/flash/s3c2440_nand.c mtd/mtdcore.c \
	tests/sim/sim_bus.c tests/sim/nand_model.c tests/sim/s3c2440_nfc_model.c
