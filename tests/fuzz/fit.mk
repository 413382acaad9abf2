# FITs through the walker and the signature check, with libfdt compiled in (instrumented) like fuzz_fdt.
FUZZ_TARGETS += fuzz_fit
fuzz_fit-src := tests/fuzz/fuzz_fit.c boot/fit.c boot/fit_sig.c common/sha1.c common/sha256.c common/rsa.c \
	common/crc32.c fdt/fixup.c fdt/mtd_nodes.c fdt/direct.c fdt/edit.c mtd/mtdcore.c \
	$(addprefix $(FUZZ_LIBFDT)/,fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c fdt_strerror.c fdt_addresses.c)
fuzz_fit-cflags := -I$(FUZZ_LIBFDT) -DCONFIG_SHA1=1 -DCONFIG_SHA256=1 -DCONFIG_FIT_SIGNATURE=1
