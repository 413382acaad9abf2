/* Shared by the boot commands (cmd/boot.c, cmd/fit.c, cmd/phram.c, cmd/fdt.c). */
#ifndef FB_CMD_BOOT_H
#define FB_CMD_BOOT_H
#include "bootm.h"

/* The environment's boot settings into rq (bootargs, mtdids, mtdparts, phram_nomap, fdt_mtdparts,
 * bootargs_mtdparts): commands read the environment, boot/ takes the request as data (cmd/boot.c). */
void boot_req_from_env(struct boot_req *rq);
/* What the command-line translation noticed (bs->mtdinfo, bs->mtdids_err), printed as notes */
void boot_print_cmdline_notes(const struct boot_state *bs);

/* U-Boot's "2124304 Bytes = 2 MiB" and a newline. */
void print_image_size(uint32_t size);

/*
 * A FIT reference as U-Boot writes it: "addr", "addr#conf", "addr:image",
 * "#conf", ":image" (no address: def). The name is copied into buf.
 * *named: '#' or ':' was given. 0, or -EINVAL after printing why.
 */
int fit_ref_parse(const char *arg, uintptr_t def, struct fit_ref *ref, char *buf, size_t len,
		  bool *named);
/* What a FIT boot took (bs->fit_*), U-Boot style. */
void fit_print_part(const char *what, const struct boot_fit_part *p);
/* iminfo of a FIT: images, configurations, every hash and signature checked. 0 or 1. */
int fit_iminfo(uintptr_t addr);

#endif
