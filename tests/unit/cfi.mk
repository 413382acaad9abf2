# NOR flash: CFI/JEDEC probe and command sets against the register-level chip models
UNIT_TESTS += test_cfi_probe
UNIT_TESTS += test_cfi_ops
