FUZZ_TARGETS += fuzz_envflash
fuzz_envflash-src := tests/fuzz/fuzz_envflash.c env/env_flash.c mtd/mtdcore.c mtd/mtd_io.c mtd/mtdram.c \
	common/crc32.c tests/sim/mtd_fault.c
