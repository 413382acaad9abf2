# DTBs through the boot fixups, with libfdt compiled in (instrumented) from the same sources as the firmware.
FUZZ_TARGETS += fuzz_fdt
