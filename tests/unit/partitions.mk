# the partition table in force following $mtdids/$mtdparts through the environment's callbacks
UNIT_TESTS += test_partitions
