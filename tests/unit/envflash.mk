UNIT_TESTS += test_envflash
test_envflash-src := tests/unit/test_envflash.c env/env_flash.c mtd/mtdcore.c mtd/mtd_io.c mtd/mtdram.c \
	common/crc32.c tests/sim/mtd_fault.c
