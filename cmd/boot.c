/* Boot commands: bootz, bootm, iminfo and source (script images and plain-text scripts). */
#include "board.h"
#include "bootm.h"
#include "cmd_boot.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "image.h"
#include "ethaddr.h"
#include "timer.h"

#define SCRIPT_TEXT_MAX SZ_64K /* plain text without $filesize: scan this far for the end */

static int get_hex(const char *s, const char *what, uintptr_t *out)
{
	unsigned long v;

	if (parse_ulong(s, &v)) {
		cmd_err("bad %s '%s' (hex expected)", what, s);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static uintptr_t default_addr(void)
{
	return env_get_hex("loadaddr", board->ram_base + 0x00800000);
}

/* U-Boot's way of showing a size: "2124304 Bytes = 2 MiB" (one decimal when needed). */
void print_image_size(uint32_t size)
{
	static const char *const units[] = { "Bytes", "KiB", "MiB", "GiB" };
	unsigned shift = 0, u = 0;

	printf("%lu Bytes = ", (unsigned long)size);
	while (u < 3 && size >> (shift + 10)) {
		shift += 10;
		u++;
	}
	if (!u) {
		printf("%lu Bytes\n", (unsigned long)size);
		return;
	}
	/* one decimal, rounded */
	uint64_t tenths = ((uint64_t)size * 10 + (1u << (shift - 1))) >> shift;
	if (tenths % 10)
		printf("%lu.%lu %s\n", (unsigned long)(tenths / 10), (unsigned long)(tenths % 10),
		       units[u]);
	else
		printf("%lu %s\n", (unsigned long)(tenths / 10), units[u]);
}

/* Seconds since 1970 as "2026-11-21   9:08:20 UTC" (Gregorian calendar, years from 1970). */
static void print_time(uint32_t t)
{
	uint32_t days = t / 86400, secs = t % 86400, y = 1970, m = 1, n, leap;

	for (;; y++, days -= n) {
		leap = !(y % 4) && (y % 100 || !(y % 400));
		n = 365 + leap;
		if (days < n)
			break;
	}
	/* month m (1..12) has 30 + ((m + m / 8) & 1) days, February 28 + leap */
	while (days >= (n = m == 2 ? 28 + leap : 30 + ((m + (m >> 3)) & 1)))
		days -= n, m++;
	printf("%4lu-%02lu-%02lu  %2lu:%02lu:%02lu UTC\n", (unsigned long)y, (unsigned long)m,
	       (unsigned long)days + 1, (unsigned long)(secs / 3600), (unsigned long)(secs / 60 % 60),
	       (unsigned long)(secs % 60));
}

static void print_header(const struct uimage_info *ui, uintptr_t at)
{
	printf("   Image Name:   %s\n   Created:      ", ui->name);
	print_time(ui->time);
	printf("   Image Type:   %s %s %s (%s)\n   Data Size:    ", uimage_arch_name(ui->arch),
	       uimage_os_name(ui->os), uimage_type_name(ui->type), uimage_comp_name(ui->comp));
	print_image_size(ui->size);
	printf("   Load Address: %08lx\n   Entry Point:  %08lx\n", (unsigned long)ui->load,
	       (unsigned long)ui->ep);
	if (ui->type == IH_TYPE_MULTI || ui->type == IH_TYPE_SCRIPT) {
		uint32_t sizes[8];
		int n = uimage_multi_sizes((const void *)at, IH_HDR_LEN + ui->size, ui, sizes,
					   ARRAY_SIZE(sizes), NULL);
		if (n > 0) {
			printf("   Contents:\n");
			for (int i = 0; i < n && i < (int)ARRAY_SIZE(sizes); i++) {
				printf("      Image %d: ", i);
				print_image_size(sizes[i]);
			}
		}
	}
}

/*
 * A legacy image as bootm shows it: "## Loading <what> from Legacy Image" (what NULL: the kernel,
 * whose "## Booting" line is out already), the header unless it is not trusted, the data check.
 */
static void print_legacy(const struct uimage_info *ui, uintptr_t at, const char *what)
{
	if (what)
		printf("## Loading %s from Legacy Image at %08lx ...\n", what, (unsigned long)at);
	if (ui->fault == IMG_ERR_HCRC) {
		printf("Bad Header Checksum\n");
		return;
	}
	print_header(ui, at);
	if (ui->fault != IMG_ERR_SHORT)
		printf("   Verifying Checksum ... %s\n",
		       ui->fault == IMG_ERR_DCRC ? "Bad Data CRC" : "OK");
}

static int do_iminfo(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	uintptr_t addr = default_addr();
	struct uimage_info ui;
	int ret;

	(void)cmd;
	if (argc > 1 && get_hex(argv[1], "address", &addr))
		return 1;
	printf("\n## Checking Image at %08lx ...\n", (unsigned long)addr);
	if (!boot_mem_readable(addr, IH_HDR_LEN)) {
		cmd_err("address 0x%08lx is not in RAM or flash", (unsigned long)addr);
		return 1;
	}
	ret = uimage_parse((const void *)addr, IH_HDR_LEN, &ui);
#ifdef CONFIG_FIT
	if (ret == -ENOEXEC && get_be32((const void *)addr) == BOOT_FDT_MAGIC)
		return fit_iminfo(addr);
#endif
	if (ret == -ENOEXEC) {
		printf("Unknown image format!\n");
		return 1;
	}
	printf("   Legacy image found\n");
	if (ret) {
		printf("   Bad Header Checksum\n");
		return 1;
	}
	/* 64 + size must not wrap a 32-bit size_t into a small, readable length */
	if ((size_t)IH_HDR_LEN + ui.size < ui.size ||
	    !boot_mem_readable(addr, (size_t)IH_HDR_LEN + ui.size)) {
		cmd_err("image data (0x%lx bytes) runs past mapped memory", (unsigned long)ui.size);
		return 1;
	}
	ret = uimage_verify_data((const void *)addr, (size_t)IH_HDR_LEN + ui.size, &ui);
	print_header(&ui, addr);
	/* sic: U-Boot's iminfo indents its "Bad Data CRC" again, its bootm does not */
	printf("   Verifying Checksum ... %s\n", ret ? "   Bad Data CRC" : "OK");
	return ret != 0;
}

/* "addr", "addr:size" or "-" */
static int parse_initrd(const char *s, struct boot_req *rq)
{
	char buf[24];
	const char *colon = strchr(s, ':');
	unsigned long size;

	if (!strcmp(s, "-"))
		return 0;
	rq->has_initrd = true;
	if (!colon)
		return get_hex(s, "initrd address", &rq->initrd);
	if ((size_t)(colon - s) >= sizeof(buf)) {
		cmd_err("bad initrd '%s'", s);
		return -EINVAL;
	}
	memcpy(buf, s, (size_t)(colon - s));
	buf[colon - s] = '\0';
	if (get_hex(buf, "initrd address", &rq->initrd))
		return -EINVAL;
	if (parse_ulong(colon + 1, &size) || !size || size > 0xffffffffu) {
		cmd_err("bad initrd size '%s'", colon + 1);
		return -EINVAL;
	}
	rq->initrd_size = (uint32_t)size;
	return 0;
}

static bool env_true(const char *name)
{
	const char *v = env_get(name);

	return v && (*v == '1' || *v == 'y' || *v == 'Y' || *v == 't' || *v == 'T');
}

void boot_req_from_env(struct boot_req *rq)
{
	rq->bootargs = env_get("bootargs");
	rq->phram_nomap = env_true("phram_nomap");
	rq->fdt_mtdparts = env_true("fdt_mtdparts");
	rq->bootargs_mtdparts = env_true("bootargs_mtdparts");
	rq->mtdids = env_get("mtdids");
	rq->mtdparts = env_get("mtdparts");
#ifdef CONFIG_NET
	/* as U-Boot: only a MAC the environment holds (a network command puts one there) */
	rq->has_mac = board->eth && env_get("ethaddr") && !mac_parse(env_get("ethaddr"), rq->mac);
#endif
}

#ifdef IMAGE_DECOMPRESS
static void print_unpacked(const char *what, uintptr_t to, int comp, uint32_t from, uint32_t size)
{
	printf("   Uncompressing %s to %08lx (%s, %lu -> %lu bytes)\n", what, (unsigned long)to,
	       uimage_comp_name((uint8_t)comp), (unsigned long)from, (unsigned long)size);
}
#endif

/* Where things go, in U-Boot's order: kernel, ramdisk, device tree or ATAGs. */
static void print_boot_loads(const struct boot_state *bs)
{
#ifdef IMAGE_DECOMPRESS
	if (bs->kcomp)
		print_unpacked("Kernel Image", bs->kstart, bs->kcomp, bs->kcsize, bs->ksize);
#endif
	if (!bs->kcomp && bs->kstart != bs->data)
		printf("   Loading Kernel Image to %08lx\n", (unsigned long)bs->kstart);
	if (bs->initrd_size)
		printf("   Ramdisk to %08lx, end %08lx\n", (unsigned long)bs->initrd_start,
		       (unsigned long)(bs->initrd_start + bs->initrd_size));
	if (bs->req.has_fdt) {
		printf("   Loading Device Tree to %08lx, end %08lx ... OK\n", (unsigned long)bs->fdt_dst,
		       (unsigned long)(bs->fdt_dst + bs->fdt_bufsize - 1));
	} else {
		printf("## Passing ATAGs at %08lx (%lu bytes), machine id 0x%lx\n",
		       (unsigned long)bs->params, (unsigned long)bs->atags_len,
		       (unsigned long)bs->req.machid);
		if (phram_count() > 1)
			printf("Warning: a built-in Linux phram keeps only the last phram.phram= of %d\n",
			       phram_count());
	}
}

/* What bootm found, in U-Boot's order (the kernel, the ramdisk, the device tree), then the loads. */
static void print_boot_found(const struct boot_state *bs)
{
	const struct boot_req *rq = &bs->req;

	if (rq->kind == BOOT_FIT) {
#ifdef CONFIG_FIT
		fit_print_part("kernel", &bs->fit_kernel);
		fit_print_part("ramdisk", &bs->fit_ramdisk);
		fit_print_part("fdt", &bs->fit_fdt);
#endif
	} else if (rq->kind == BOOT_UIMAGE) {
		print_legacy(&bs->kui, rq->image, NULL);
	} else {
		printf("Kernel image @ 0x%06lx [ 0x%06lx - 0x%06lx ]\n", (unsigned long)rq->image,
		       (unsigned long)bs->zi.start, (unsigned long)bs->zi.end);
	}
	if (bs->initrd_size && !bs->fit_ramdisk.used) {
		if (rq->initrd_size)
			printf("## Using initrd at %08lx, size 0x%lx\n", (unsigned long)bs->initrd_start,
			       (unsigned long)bs->initrd_size);
		else
			print_legacy(&bs->rui, rq->initrd, "init Ramdisk");
	}
	if (rq->has_fdt) {
#ifdef IMAGE_DECOMPRESS
		if (bs->fdt_unpacked)
			print_unpacked("Flat Device Tree", bs->fdt_unpacked, rq->fdt_comp, rq->fdt_csize,
				       bs->fdt_size);
#endif
		if (!bs->fit_fdt.used) /* a FIT's: its "## Loading fdt" stands for it, as in U-Boot */
			printf("## Flattened Device Tree blob at %08lx\n", (unsigned long)bs->fdt_src);
		/* U-Boot's %#08lx */
		printf("   Booting using the fdt blob at 0x%06lx\n", (unsigned long)bs->fdt_src);
	}
	print_boot_loads(bs);
}

/*
 * A legacy image bootm looked at, as U-Boot shows it, and when refused, U-Boot's words for the
 * fault (our line too where it tells more). 1 when it was refused.
 */
static int print_legacy_seen(const struct uimage_info *ui, uintptr_t at, const char *what,
			     const char *err)
{
	int f = ui->fault;

	if (f != IMG_ERR_MAGIC)
		print_legacy(ui, at, what);
	if (!f)
		return 0;
	if (!what && (f == IMG_ERR_MAGIC || f == IMG_ERR_TYPE))
		printf("Wrong Image %s for bootm command\n", f == IMG_ERR_TYPE ? "Type" : "Format");
	if (f != IMG_ERR_HCRC && f != IMG_ERR_DCRC)
		cmd_err("%s", err);
	printf(what ? "Ramdisk image is corrupt or invalid\n" : "ERROR: can't get kernel image!\n");
	return 1;
}

/* A refused boot as U-Boot shows one: what it had printed up to the failure, then why. */
static void print_boot_error(const struct boot_state *bs, int ret)
{
	const struct boot_req *rq = &bs->req;

	if (rq->kind == BOOT_ZIMAGE && !bs->data && ret == -ENOEXEC)
		printf("zimage: Bad magic!\n");
	/* fault 0 with no payload: not even the header was readable */
	if (rq->kind == BOOT_UIMAGE && (bs->kui.fault || bs->data)) {
		if (print_legacy_seen(&bs->kui, rq->image, NULL, bs->err))
			return;
		if (bs->rui.fault && print_legacy_seen(&bs->rui, rq->initrd, "init Ramdisk", bs->err))
			return;
	}
	cmd_err("%s", bs->err);
}

/* What happened to mtdparts= in bootargs. */
void boot_print_cmdline_notes(const struct boot_state *bs)
{
	const struct mtdparts_cmdline_info *in = &bs->mtdinfo;

	if (bs->mtdids_err)
		printf("Warning: mtdids: %s at character %lu; mtdparts= in bootargs not translated\n",
		       bs->mtdids_err == -ENOSPC  ? "too many entries"
		       : bs->mtdids_err == -E2BIG ? "name too long"
						  : "syntax error",
		       (unsigned long)bs->mtdids_pos);
	for (int i = 0; i < MIN(in->nnotes, MTDPARTS_CMDLINE_NOTES); i++) {
		const struct mtdparts_note *n = &in->notes[i];

		switch (n->kind) {
		case MTDPARTS_NOTE_UNKNOWN_ID:
			printf("Warning: bootargs: mtd-id '%.*s' is in mtdids neither as our device nor as Linux's; passed as it is\n",
			       (int)n->len, n->s);
			break;
		case MTDPARTS_NOTE_BAD_WORD:
			printf("Warning: bootargs: '%.*s': %s at character %lu of the value; passed unchanged, Linux will report it\n",
			       (int)n->len, n->s,
			       n->err == -ENOSPC ? "too many entries" : "syntax error",
			       (unsigned long)n->pos);
			break;
		case MTDPARTS_NOTE_BAD_ID:
			printf("Warning: bootargs: mtdids maps '%.*s' to an id with blanks, quotes, '(' or ';'; not translated\n",
			       (int)n->len, n->s);
			break;
		case MTDPARTS_NOTE_UNCHECKED:
			printf("Warning: bootargs: '%.*s' not checked\n", (int)n->len, n->s);
			break;
		case MTDPARTS_NOTE_OVERRIDDEN:
			printf("Warning: bootargs: '%.*s' is ignored by Linux (a later mtdparts= wins)\n",
			       (int)n->len, n->s);
			break;
		}
	}
	if (in->nnotes > MTDPARTS_CMDLINE_NOTES)
		printf("Warning: bootargs: %d more mtdparts= warnings\n",
		       in->nnotes - MTDPARTS_CMDLINE_NOTES);
	if (in->ntranslated)
		printf("## mtdparts= in bootargs: %d mtd-id%s translated through mtdids\n",
		       in->ntranslated, in->ntranslated > 1 ? "s" : "");
	if (bs->req.bootargs_mtdparts && bs->no_mtd_table)
		printf("Warning: bootargs_mtdparts=1 but no partitions are defined: Linux gets no mtdparts=\n");
}

/* The notes, then the command line itself (one line). */
static void print_cmdline(const struct boot_state *bs)
{
	boot_print_cmdline_notes(bs);
	if (bs->kernel_cmdline && (bs->req.has_fdt || *bs->kernel_cmdline))
		printf("## Kernel command line: %s\n", bs->kernel_cmdline);
}

#ifdef CONFIG_FIT
/* One optional part (ramdisk or fdt) of a FIT boot: from arg, or from the kernel's configuration. */
static int fit_part_arg(struct boot_state *bs, const char *arg, const struct fit_ref *kref,
			int (*take)(struct boot_state *, const struct fit_ref *),
			struct boot_fit_part *p, bool is_fdt)
{
	struct fit_ref ref;
	static char name[2][64];
	bool named;
	int ret;

	if (!arg) {
		if (!kref->conf)
			return 0;
		ret = take(bs, kref);
		return ret == -ENOENT && !p->used ? 0 : ret;
	}
	if (!strcmp(arg, "-"))
		return 0;
	if (fit_ref_parse(arg, default_addr(), &ref, name[is_fdt], sizeof(name[0]), &named))
		return -EINVAL;
	if (named ? !strchr(arg, ':') || boot_is_fit(ref.addr) : boot_is_fit(ref.addr))
		return take(bs, &ref);
	if (is_fdt) {
		bs->req.has_fdt = true;
		return get_hex(arg, "device tree address", &bs->req.fdt);
	}
	return parse_initrd(arg, &bs->req);
}

/* bootm of a FIT: 1 when argv[1] is no FIT (the legacy path takes it), 0 taken, -1 refused. */
static int fit_boot_args(struct boot_state *bs, int argc, char *const argv[])
{
	struct fit_ref kref;
	static char kname[64];
	bool named;
	int ret;

	if (fit_ref_parse(argc > 1 ? argv[1] : "", default_addr(), &kref, kname, sizeof(kname), &named))
		return -1;
	if (!named && !boot_is_fit(kref.addr))
		return 1;
	printf("## Loading kernel from FIT Image at %08lx ...\n", (unsigned long)kref.addr);
	ret = boot_fit_kernel(bs, &kref);
	if (!ret)
		ret = fit_part_arg(bs, argc > 2 ? argv[2] : NULL, &kref, boot_fit_ramdisk,
				   &bs->fit_ramdisk, false);
	if (!ret)
		ret = fit_part_arg(bs, argc > 3 ? argv[3] : NULL, &kref, boot_fit_fdt, &bs->fit_fdt,
				   true);
	if (ret == -EINVAL && !bs->err[0])
		return -1; /* the argument parser printed why */
	if (ret) {
		cmd_err("%s", bs->err);
		if (bs->req.kind != BOOT_FIT)
			printf("ERROR: can't get kernel image!\n");
		return -1;
	}
	return 0;
}
#endif

/* bootz/bootm arguments into bs->req: 0, or 1 after printing why not. */
static int boot_args(enum boot_kind kind, int argc, char *const argv[], struct boot_state *bs)
{
#ifdef CONFIG_FIT
	if (kind == BOOT_UIMAGE) {
		int ret = fit_boot_args(bs, argc, argv);
		if (ret <= 0)
			return -ret;
	}
#endif
	bs->req.kind = kind;
	bs->req.image = default_addr();
	if (argc > 1 && get_hex(argv[1], "kernel address", &bs->req.image))
		return 1;
	if (argc > 2 && parse_initrd(argv[2], &bs->req))
		return 1;
	if (argc > 3) {
		bs->req.has_fdt = true;
		if (get_hex(argv[3], "device tree address", &bs->req.fdt))
			return 1;
	}
	printf("## Booting kernel from %s at %08lx ...\n",
	       kind == BOOT_UIMAGE ? "Legacy Image" : "zImage", (unsigned long)bs->req.image);
	return 0;
}

static int do_boot_common(enum boot_kind kind, int argc, char *const argv[])
{
	static struct boot_state bs;
	unsigned long machid;
	int ret;

	memset(&bs, 0, sizeof(bs));
	if (boot_args(kind, argc, argv, &bs))
		return 1;
	boot_req_from_env(&bs.req);
	machid = board->machine_id;
	if (env_get("machid") && parse_ulong(env_get("machid"), &machid)) {
		cmd_err("bad machid '%s' (hex expected)", env_get("machid"));
		return 1;
	}
	bs.req.machid = (uint32_t)machid;
	image_decompress_stop(ctrlc); /* a compressed kernel: Ctrl-C stops its decompression */
	ret = boot_prepare(&bs);
	image_decompress_stop(NULL);
	if (ret) {
		print_boot_error(&bs, ret);
		return 1;
	}
	print_boot_found(&bs);
	print_cmdline(&bs);
	/* under QEMU -icount shift=0 this is the instruction count from reset to the handover */
	printf("   Handover at %llu ns since reset\n", (unsigned long long)timer_since_reset_ns());
	printf("\nStarting kernel ...\n\n");
	boot_jump(&bs);
}

static int do_bootz(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return do_boot_common(BOOT_ZIMAGE, argc, argv);
}

static int do_bootm(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return do_boot_common(BOOT_UIMAGE, argc, argv);
}

/* How many readable bytes from addr, up to max (scripts near the end of RAM). */
static size_t readable_len(uintptr_t addr, size_t max)
{
	while (max && !boot_mem_readable(addr, max))
		max = max > SZ_4K ? max - SZ_4K : 0;
	return max;
}

#ifdef CONFIG_FIT
/* source of a FIT: 1 when arg is no FIT, else the script's result (0/1). */
static int source_fit(const char *arg)
{
	static struct boot_state bs;
	static char name[64];
	struct fit_ref ref;
	bool named;

	memset(&bs, 0, sizeof(bs));
	if (fit_ref_parse(arg, default_addr(), &ref, name, sizeof(name), &named))
		return 1;
	if (!named && !boot_is_fit(ref.addr))
		return -1;
	if (boot_fit_script(&bs, &ref)) {
		cmd_err("%s", bs.err);
		return 1;
	}
	printf("## Executing script '%s' from FIT Image at %08lx (%s)\n", bs.fit_kernel.image,
	       (unsigned long)ref.addr, bs.fit_kernel.hashes[0] ? bs.fit_kernel.hashes : "no hashes");
	return run_command_list((const char *)bs.fit_kernel.data, bs.fit_kernel.size);
}
#endif

static int do_source(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	uintptr_t addr = default_addr();
	struct uimage_info ui;
	const char *text;
	size_t len, text_len;
	bool is_image;
	char err[160];
	int ret;

	(void)cmd;
#ifdef CONFIG_FIT
	ret = source_fit(argc > 1 ? argv[1] : "");
	if (ret >= 0)
		return ret;
#endif
	if (argc > 1 && get_hex(argv[1], "address", &addr))
		return 1;
	if (!boot_mem_readable(addr, 4)) {
		cmd_err("address 0x%08lx is not in RAM or flash", (unsigned long)addr);
		return 1;
	}
	if (uimage_is((const void *)addr, 4)) {
		if (!boot_mem_readable(addr, IH_HDR_LEN)) {
			cmd_err("script image at 0x%08lx is cut short", (unsigned long)addr);
			return 1;
		}
		uint32_t size = get_be32((const uint8_t *)addr + 12);

		len = IH_HDR_LEN + size;
		if (len < size || !boot_mem_readable(addr, len))
			len = IH_HDR_LEN; /* the parser reports the short image */
	} else {
		unsigned long fs = env_get_hex("filesize", 0);
		len = readable_len(addr, fs ? fs : SCRIPT_TEXT_MAX);
	}
	ret = script_get((const void *)addr, len, &text, &text_len, &is_image, &ui);
	if (ret && is_image) {
		uimage_strerror(&ui, "script", addr, err, sizeof(err));
		cmd_err("%s", err);
		return 1;
	}
	if (ret) {
		cmd_err("no script image or text script at 0x%08lx", (unsigned long)addr);
		return 1;
	}
	printf("## Executing %s at %08lx\n", is_image ? "script" : "plain script", (unsigned long)addr);
	return run_command_list(text, text_len);
}

CMD(bootz, 4, do_bootz, "boot Linux zImage image from memory",
    "[addr [initrd[:size]|-] [fdt]]\n"
    "    - boot Linux zImage stored in memory at addr (default $loadaddr); initrd is a\n"
    "      uImage ramdisk, or raw data with :size; without fdt the kernel gets ATAGs");
CMD(bootm, 4, do_bootm, "boot application image from memory",
    "[addr [initrd[:size]|-] [fdt]]\n"
    "    - boot a legacy uImage (ARM Linux kernel, uncompressed) at addr (default $loadaddr)");
CMD(iminfo, 2, do_iminfo, "print header information for application image",
    "[addr]\n    - print header information for the legacy image at addr (default $loadaddr)");
CMD(source, 2, do_source, "run script from memory",
    "[addr]\n    - run a mkimage -T script image, or plain text ($filesize bytes), at addr\n"
    "      (default $loadaddr)");
