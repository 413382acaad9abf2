# the partition table in force following $mtdids/$mtdparts through the environment's callbacks
UNIT_TESTS += test_partitions
test_partitions-src := tests/unit/test_partitions.c mtd/partitions.c mtd/mtdparts.c mtd/mtdcore.c \
	mtd/mtdram.c common/env.c common/errno_str.c
