UNIT_TESTS += test_fdt
test_fdt-src := tests/unit/test_fdt.c fdt/fixup.c fdt/mtd_nodes.c fdt/direct.c fdt/value.c mtd/mtdcore.c mtd/mtdram.c
