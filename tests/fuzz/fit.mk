# FITs through the walker and the signature check, with libfdt compiled in (instrumented) like fuzz_fdt.
FUZZ_TARGETS += fuzz_fit
