/* FIT on the console: references (addr#conf, addr:image), what a boot took, iminfo's listing. */
#include <libfdt.h>
#include "board.h"
#include "cmd_boot.h"
#include "command.h"
#include "console.h"
#include "fit.h"

int fit_ref_parse(const char *arg, uintptr_t def, struct fit_ref *ref, char *buf, size_t len,
		  bool *named)
{
	const char *sep = strpbrk(arg, "#:");
	char num[24];
	unsigned long v;

	memset(ref, 0, sizeof(*ref));
	ref->addr = def;
	*named = sep != NULL;
	if (!sep)
		sep = arg + strlen(arg);
	if (sep > arg) {
		if ((size_t)(sep - arg) >= sizeof(num))
			goto bad;
		memcpy(num, arg, (size_t)(sep - arg));
		num[sep - arg] = '\0';
		if (parse_ulong(num, &v))
			goto bad;
		ref->addr = v;
	}
	if (!*named) {
		ref->conf = "";
		return 0;
	}
	if (strlen(sep + 1) >= len || !sep[1] || (*sep == '#' && strchr(sep + 1, '#'))) {
		cmd_err("bad FIT reference '%s' (addr#conf or addr:image)", arg);
		return -EINVAL;
	}
	strcpy(buf, sep + 1);
	if (*sep == '#')
		ref->conf = buf;
	else
		ref->image = buf;
	return 0;
bad:
	cmd_err("bad address in '%s' (hex expected)", arg);
	return -EINVAL;
}

void fit_print_part(const char *what, const struct boot_fit_part *p)
{
	if (!p->used)
		return;
	/* the kernel's line is out already: bootm prints it before it looks */
	if (*what != 'k')
		printf("## Loading %s from FIT Image at %08lx ...\n", what, (unsigned long)p->fit);
	if (p->conf) /* as Debian's U-Boot (FIT_SIGNATURE): the configuration's check, signed or not */
		printf("   Using '%s' configuration\n   Verifying Hash Integrity ... %sOK\n", p->conf,
		       p->sig);
	printf("   Trying '%s' %s subimage\n", p->image, what);
	if (p->desc && *p->desc)
		printf("     Description:  %s\n", p->desc);
	printf("     Type:         %s\n     Compression:  %s\n", p->type_name, p->comp_name);
	printf("     Data Start:   0x%08lx\n     Data Size:    ", (unsigned long)p->data);
	print_image_size(p->size);
	if (p->has_load)
		printf("     Load Address: 0x%08lx\n", (unsigned long)p->load);
	if (p->has_entry)
		printf("     Entry Point:  0x%08lx\n", (unsigned long)p->entry);
	printf("   Verifying Hash Integrity ... %s%s\n", p->hashes, p->hashes[0] ? "OK" : "no hashes");
	/* U-Boot passes a compressed ramdisk on as it is (Linux unpacks an initramfs) and says this */
	if (*what == 'r' && strcmp(p->comp_name, "none"))
		printf("WARNING: 'compression' nodes for ramdisks are deprecated, please fix your .its file!\n");
}

/* One image and its hash check: 1 when something is wrong with it. */
static int print_image(const void *fit, size_t avail, int n, int node)
{
	struct fit_image img;
	struct fit_check_res res;
	int ret = fit_image_info(fit, avail, node, &img), h;

	printf("    Image %d (%s)\n", n, fdt_get_name(fit, node, NULL));
	if (ret) {
		printf("     ## Error: bad data, load or entry property (%d)\n", ret);
		return 1;
	}
	if (*img.desc)
		printf("     Description:  %s\n", img.desc);
	printf("     Type:         %s\n     Compression:  %s\n", img.type_name, img.comp_name);
	printf("     Data Start:   0x%08lx%s\n     Data Size:    ", (unsigned long)(uintptr_t)img.data,
	       img.external ? " (external)" : "");
	print_image_size(img.size);
	if (*img.arch)
		printf("     Architecture: %s\n", img.arch);
	if (*img.os)
		printf("     OS:           %s\n", img.os);
	if (img.has_load)
		printf("     Load Address: 0x%08lx\n", (unsigned long)img.load);
	if (img.has_entry)
		printf("     Entry Point:  0x%08lx\n", (unsigned long)img.entry);
	fdt_for_each_subnode (h, fit, node) {
		const char *algo = fit_prop_str(fit, h, "algo");
		const char *name = fdt_get_name(fit, h, NULL);
		if (name && !strncmp(name, "hash", 4))
			printf("     Hash algo:    %s\n", algo ? algo : "(none)");
	}
	ret = fit_image_check_hashes(fit, &img, &res);
	printf("     Hash check:   %s%s\n", res.what,
	       ret > 0           ? "OK"
	       : !ret            ? "no hashes"
	       : ret == -EBADMSG ? "BAD"
				 : "cannot check");
	if (ret < 0)
		printf("     ## Error: %s %s of '%s'\n", res.algo ? res.algo : "",
		       res.node ? res.node : "", fdt_get_name(fit, node, NULL));
	return ret < 0;
}

static int print_conf(const void *fit, int n, int conf)
{
	// clang-format off
	static const char *const props[][2] = {
		{ "kernel", "Kernel:       " }, { "fdt", "FDT:          " }, { "ramdisk", "Init Ramdisk: " },
		{ "loadables", "Loadables:    " }, { "script", "Script:       " },
	};
	// clang-format on
	const char *s = fit_prop_str(fit, conf, "description");
	const void *keys = fit_builtin_keys();
	int sig, bad = 0;

	printf("    Configuration %d (%s)\n", n, fdt_get_name(fit, conf, NULL));
	if (s)
		printf("     Description:  %s\n", s);
	for (size_t i = 0; i < ARRAY_SIZE(props); i++)
		for (int k = 0; (s = fit_prop_stri(fit, conf, props[i][0], k)); k++)
			printf("     %s%s\n", k ? "              " : props[i][1], s);
	fdt_for_each_subnode (sig, fit, conf) {
		const char *name = fdt_get_name(fit, sig, NULL), *algo, *hint;
		int key, ret;

		if (!name || strncmp(name, "signature", 9))
			continue;
		algo = fit_prop_str(fit, sig, "algo");
		hint = fit_prop_str(fit, sig, "key-name-hint");
		key = keys ? fit_sig_key(fit, sig, keys) : -ENOENT;
		ret = key >= 0 ? fit_sig_check(fit, conf, sig, keys, key) : 0;
		printf("     Sign algo:    %s:%s%s\n", algo ? algo : "?", hint ? hint : "?",
		       key < 0 ? " (no such key built in: not checked)"
		       : ret   ? "- BAD"
			       : "+ OK");
		bad |= key >= 0 && ret;
	}
	return bad;
}

int fit_iminfo(uintptr_t addr)
{
	const void *fit = (const void *)addr;
	size_t avail = boot_mem_avail(addr);
	int images, confs, node, n = 0, bad = 0;
	const char *s;

	if (fit_open(fit, avail) < 0) {
		printf("   ## Error: corrupt FIT or not a FIT\n");
		return 1;
	}
	printf("   FIT image found\n");
	if ((s = fit_prop_str(fit, 0, "description")))
		printf("   FIT description: %s\n", s);
	images = fit_images_node(fit);
	for (node = -1; (node = fit_next_child(fit, images, node)) >= 0; n++)
		bad |= print_image(fit, avail, n, node);
	confs = fit_confs_node(fit);
	if (confs >= 0 && (s = fit_prop_str(fit, confs, "default")))
		printf("    Default Configuration: '%s'\n", s);
	n = 0;
	for (node = -1; confs >= 0 && (node = fit_next_child(fit, confs, node)) >= 0; n++)
		bad |= print_conf(fit, n, node);
	printf("## Checking hash(es) for FIT Image at %08lx ... %s\n", (unsigned long)addr,
	       bad ? "Bad hash or signature" : "OK");
	return bad;
}
