# NOR flash: CFI/JEDEC probe and command sets against the register-level chip models
CFI_SRCS := drivers/flash/cfi.c drivers/flash/cfi_intel.c drivers/flash/cfi_amd.c \
	drivers/flash/jedec.c drivers/flash/cfi_mtd.c mtd/mtdcore.c mtd/mtd_io.c tests/sim/sim_bus.c tests/sim/cfi_model.c tests/sim/cfi_model_parts.c
UNIT_TESTS += test_cfi_probe
test_cfi_probe-src := tests/unit/test_cfi_probe.c $(CFI_SRCS)
UNIT_TESTS += test_cfi_ops
test_cfi_ops-src := tests/unit/test_cfi_ops.c $(CFI_SRCS)
