/* FIT boots: pick a configuration or image, check signature and hashes, describe it for boot_prepare. */
#include <stdio.h>
#include "bootm.h"
#include <libfdt.h>
#include "fit.h"

/* fit_keys.S: the DTB named by FIT_KEYS_DTB at build time (empty without one) */
extern const uint8_t fit_keys_dtb[], fit_keys_end[];

const void *fit_builtin_keys(void)
{
	return fit_keys_end - fit_keys_dtb >= 40 ? fit_keys_dtb : NULL;
}

bool boot_is_fit(uintptr_t addr)
{
	size_t avail = boot_mem_avail(addr);

	return avail >= 40 && fit_open((const void *)addr, avail) >= 0;
}

static const char *sig_reason(int err)
{
	// clang-format off
	switch (err) {
	case -EACCES: return "signature does not verify (changed, or signed with another key)";
	case -EPERM: return "signature does not cover the configuration and all its images with their hashes";
	case -EOPNOTSUPP: return "signature algorithm is not sha256,rsa2048/3072/4096 with pkcs-1.5";
	default: return "signature node or key is malformed";
	}
	// clang-format on
}

/* The FIT at ref->addr, its configuration checked against the built-in keys. */
static int open_conf(struct boot_state *bs, const struct fit_ref *ref, struct boot_fit_part *p,
		     int *conf)
{
	const void *fit = (const void *)ref->addr, *keys = fit_builtin_keys();
	size_t avail = boot_mem_avail(ref->addr);
	struct fit_check_res res;
	int ret = fit_open(fit, avail);

	if (ret == -EFAULT)
		return boot_fail(bs, ret, "FIT at 0x%08lx runs past mapped memory",
				 (unsigned long)ref->addr);
	if (ret < 0)
		return boot_fail(bs, ret, "%s at 0x%08lx", ret == -ENOEXEC ? "no FIT" : "corrupt FIT",
				 (unsigned long)ref->addr);
	p->used = true;
	p->fit = ref->addr;
	*conf = -1;
	if (ref->image) {
		if (fit_keys_required(keys))
			return boot_fail(
				bs, -EPERM,
				"this firmware requires signed configurations: boot '%lx#<conf>', not '%lx:%s'",
				(unsigned long)ref->addr, (unsigned long)ref->addr, ref->image);
		return 0;
	}
	*conf = fit_conf_find(fit, ref->conf);
	if (*conf < 0)
		return boot_fail(bs, -ENOENT, "FIT at 0x%08lx has no configuration '%s'",
				 (unsigned long)ref->addr, *ref->conf ? ref->conf : "(default)");
	p->conf = fdt_get_name(fit, *conf, NULL);
	ret = fit_conf_verify(fit, *conf, keys, &res);
	if (ret == -ENODATA && !res.node)
		return boot_fail(bs, ret, "configuration '%s' is not signed; key '%s' requires it",
				 p->conf, res.key);
	if (ret == -ENODATA)
		return boot_fail(
			bs, ret,
			"configuration '%s': %s holds no signature value (not signed); key '%s' requires one",
			p->conf, res.node, res.key);
	if (ret < 0)
		return boot_fail(bs, ret, "configuration '%s': %s %s (key '%s')", p->conf,
				 res.node ? res.node : "", sig_reason(ret), res.key);
	if (ret > 0)
		snprintf(p->sig, sizeof(p->sig), "%s:%s+ ", res.algo, res.key);
	return 0;
}

/* The image ref->image, or the one the configuration names in prop: its node. */
static int find_image(struct boot_state *bs, const struct fit_ref *ref, struct boot_fit_part *p,
		      const char *what, const char *prop, int *node)
{
	const void *fit = (const void *)ref->addr;
	int conf, ret = open_conf(bs, ref, p, &conf);

	if (ret)
		return ret;
	if (ref->image) {
		*node = fit_subnode(fit, fit_images_node(fit), ref->image);
		if (*node < 0)
			return boot_fail(bs, -ENOENT, "FIT at 0x%08lx has no image '%s'",
					 (unsigned long)ref->addr, ref->image);
		return 0;
	}
	*node = fit_conf_image(fit, conf, prop, 0);
	if (*node == -ENOENT) {
		p->used = false;
		return boot_fail(bs, -ENOENT, "configuration '%s' has no %s", p->conf, what);
	}
	if (*node < 0)
		return boot_fail(bs, -EINVAL, "configuration '%s' names %s '%s', which /images lacks",
				 p->conf, what, fit_prop_stri(fit, conf, prop, 0));
	return 0;
}

/*
 * Compression, U-Boot's rule (fit_image_load): a kernel is decompressed later, to its load address;
 * a ramdisk passes on compressed; every other image is decompressed where it goes (the fdt where
 * the DTB is placed, the root into its phram region). A script is the exception: U-Boot's source
 * runs a script's bytes as stored, so a compressed one is refused here rather than run as garbage.
 */
static int check_comp(struct boot_state *bs, const char *what, const char *name,
		      const struct fit_image *img)
{
	size_t out;

	if (img->comp == IH_COMP_NONE || !strcmp(what, "ramdisk"))
		return 0;
	if (!strcmp(what, "script"))
		return boot_fail(
			bs, -EOPNOTSUPP,
			"script image '%s' is %s compressed; source runs scripts as stored (compression = \"none\")",
			name, img->comp_name);
	if (image_decompress(img->comp, NULL, 0, NULL, 0, &out) == -EOPNOTSUPP)
		return boot_fail(bs, -EOPNOTSUPP,
				 "%s image '%s' is %s compressed; this build has no %s decompressor",
				 what, name, img->comp_name, img->comp_name);
	return 0;
}

/* One image: its properties, every hash, the compression. */
static int check_image(struct boot_state *bs, const struct fit_ref *ref, struct boot_fit_part *p,
		       const char *what, int node, struct fit_image *img)
{
	const void *fit = (const void *)ref->addr;
	struct fit_check_res res;
	int ret = fit_image_info(fit, boot_mem_avail(ref->addr), node, img);

	p->image = fdt_get_name(fit, node, NULL);
	if (ret)
		return boot_fail(bs, ret, "%s image '%s': %s", what, p->image,
				 ret == -EFAULT ? "its data lies outside mapped memory"
						: "bad data, load or entry property");
	ret = fit_image_check_hashes(fit, img, &res);
	if (ret == -EBADMSG)
		return boot_fail(bs, ret, "%s image '%s': %s hash mismatch (%s)", what, p->image,
				 res.algo, res.node);
	if (ret == -EOPNOTSUPP)
		return boot_fail(bs, ret, "%s image '%s': hash algorithm '%s' not supported (%s)", what,
				 p->image, res.algo, res.node);
	if (ret < 0)
		return boot_fail(bs, ret, "%s image '%s': malformed hash node %s", what, p->image,
				 res.node);
	if (p->sig[0] && !ret)
		return boot_fail(
			bs, -EPERM,
			"%s image '%s' has no hash: a signed configuration protects nothing without one",
			what, p->image);
	snprintf(p->hashes, sizeof(p->hashes), "%s", res.what);
	p->desc = img->desc;
	p->type_name = img->type_name;
	p->comp_name = img->comp_name;
	p->comp = img->comp;
	p->data = (uintptr_t)img->data;
	p->size = img->size;
	p->has_load = img->has_load, p->load = img->load;
	p->has_entry = img->has_entry, p->entry = img->entry;
	ret = check_comp(bs, what, p->image, img);
	if (ret)
		return ret;
	/* nothing may be written over the FIT before everything was taken from it */
	if (!bs->req.keep_end) {
		bs->req.keep_start = (uint32_t)ref->addr;
		bs->req.keep_end = (uint32_t)(ref->addr + fdt_totalsize(fit));
	}
	bs->req.keep_start = MIN(bs->req.keep_start, (uint32_t)ref->addr);
	bs->req.keep_end = MAX(bs->req.keep_end, (uint32_t)((uintptr_t)img->data + img->size));
	return 0;
}

static int take_image(struct boot_state *bs, const struct fit_ref *ref, struct boot_fit_part *p,
		      const char *what, struct fit_image *img)
{
	int node, ret = find_image(bs, ref, p, what, what, &node);

	return ret ? ret : check_image(bs, ref, p, what, node, img);
}

int boot_fit_kernel(struct boot_state *bs, const struct fit_ref *ref)
{
	struct fit_image img;
	struct boot_fit_part *p = &bs->fit_kernel;
	int ret = take_image(bs, ref, p, "kernel", &img);

	if (ret)
		return ret;
	if (img.type != IH_TYPE_KERNEL && img.type != IH_TYPE_KERNEL_NOLOAD)
		return boot_fail(bs, -ENOEXEC, "image '%s' is of type '%s', not kernel or kernel_noload",
				 p->image, img.type_name);
	if (strcmp(img.arch, "arm") || strcmp(img.os, "linux"))
		return boot_fail(bs, -ENOEXEC,
				 "kernel image '%s' is for arch '%s', os '%s' (want arm, linux)",
				 p->image, img.arch, img.os);
	if (img.type == IH_TYPE_KERNEL && !img.has_load)
		return boot_fail(
			bs, -EINVAL,
			"kernel image '%s' has no load address (type kernel_noload runs in place)",
			p->image);
	bs->req.kind = BOOT_FIT;
	bs->req.image = ref->addr;
	bs->req.kdata = (uintptr_t)img.data;
	bs->req.ksize = img.size;
	bs->req.knoload = img.type == IH_TYPE_KERNEL_NOLOAD;
	bs->req.kcomp = img.comp;
	bs->req.kload = img.has_load ? img.load : (uint32_t)(uintptr_t)img.data;
	bs->req.kentry = img.has_entry ? img.entry : bs->req.kload;
	return 0;
}

int boot_fit_ramdisk(struct boot_state *bs, const struct fit_ref *ref)
{
	struct fit_image img;
	struct boot_fit_part *p = &bs->fit_ramdisk;
	int ret = take_image(bs, ref, p, "ramdisk", &img);

	if (ret)
		return ret;
	if (img.type != IH_TYPE_RAMDISK && img.type != IH_TYPE_FILESYSTEM)
		return boot_fail(bs, -ENOEXEC, "image '%s' is of type '%s', not ramdisk", p->image,
				 img.type_name);
	bs->req.has_initrd = true;
	bs->req.initrd = (uintptr_t)img.data;
	bs->req.initrd_size = img.size;
	bs->req.initrd_move = img.has_load && img.load != (uint32_t)(uintptr_t)img.data;
	bs->req.initrd_load = img.load;
	return 0;
}

int boot_fit_fdt(struct boot_state *bs, const struct fit_ref *ref)
{
	struct fit_image img;
	struct boot_fit_part *p = &bs->fit_fdt;
	int ret = take_image(bs, ref, p, "fdt", &img);

	if (ret)
		return ret;
	if (img.type != IH_TYPE_FLATDT)
		return boot_fail(bs, -ENOEXEC, "image '%s' is of type '%s', not flat_dt", p->image,
				 img.type_name);
	bs->req.has_fdt = true;
	bs->req.fdt = (uintptr_t)img.data;
	bs->req.fdt_comp = img.comp;
	bs->req.fdt_csize = img.size;
	return 0;
}

int boot_fit_rootfs(struct boot_state *bs, const struct fit_ref *ref)
{
	static const char *const props[] = { "loadables", "ramdisk" };
	const void *fit = (const void *)ref->addr;
	struct boot_fit_part *p = &bs->fit_ramdisk;
	struct fit_image img;
	int conf, node = -ENOENT, ret;

	ret = open_conf(bs, ref, p, &conf);
	if (ret)
		return ret;
	if (ref->image) {
		node = fit_subnode(fit, fit_images_node(fit), ref->image);
		if (node < 0)
			return boot_fail(bs, -ENOENT, "FIT at 0x%08lx has no image '%s'",
					 (unsigned long)ref->addr, ref->image);
	}
	/* the configuration's first filesystem or ramdisk image: checked through it, so a signature covers it */
	for (size_t i = 0; node < 0 && i < ARRAY_SIZE(props); i++)
		for (int k = 0; (node = fit_conf_image(fit, conf, props[i], k)) >= 0; k++) {
			const char *t = fit_prop_str(fit, node, "type");
			if (t && (!strcmp(t, "filesystem") || !strcmp(t, "ramdisk")))
				break;
		}
	if (node < 0)
		return boot_fail(bs, -ENOENT, "configuration '%s' has no filesystem or ramdisk image",
				 p->conf);
	ret = check_image(bs, ref, p, "root", node, &img);
	if (ret)
		return ret;
	if (img.type != IH_TYPE_RAMDISK && img.type != IH_TYPE_FILESYSTEM)
		return boot_fail(bs, -ENOEXEC, "image '%s' is of type '%s', not filesystem or ramdisk",
				 p->image, img.type_name);
	return 0;
}

int boot_fit_script(struct boot_state *bs, const struct fit_ref *ref)
{
	struct fit_image img;
	struct boot_fit_part *p = &bs->fit_kernel;
	int ret = take_image(bs, ref, p, "script", &img);

	if (ret)
		return ret;
	if (img.type != IH_TYPE_SCRIPT)
		return boot_fail(bs, -ENOEXEC, "image '%s' is of type '%s', not script", p->image,
				 img.type_name);
	return 0;
}
