/* FIT walker: images, configurations and hashes of a FIT read with libfdt after a structure check. */
#include <stdio.h>
#include <libfdt.h>
#include "fit.h"
#include "fdt_util.h"
#include "image.h"
#include "crc32.h"
#include "hash.h"

int fit_open(const void *fit, size_t avail)
{
	uint32_t total;

	if (avail < sizeof(struct fdt_header) || fdt_magic(fit) != FDT_MAGIC)
		return -ENOEXEC;
	total = fdt_totalsize(fit);
	if (total > avail)
		return -EFAULT;
	if (fdt_check_header(fit) || fdt_check_struct(fit) < 0)
		return -EINVAL;
	if (fit_images_node(fit) < 0)
		return -ENOEXEC;
	return (int)total;
}

int fit_subnode(const void *fit, int parent, const char *name)
{
	int node;

	/* exact names: "kernel" must never find a "kernel@1" placed before it */
	fdt_for_each_subnode (node, fit, parent) {
		const char *n = fdt_get_name(fit, node, NULL);
		if (n && !strcmp(n, name))
			return node;
	}
	return -ENOENT;
}

int fit_next_child(const void *fit, int parent, int prev)
{
	int node = prev < 0 ? fdt_first_subnode(fit, parent) : fdt_next_subnode(fit, prev);

	return node < 0 ? -ENOENT : node;
}

int fit_images_node(const void *fit)
{
	return fit_subnode(fit, 0, "images");
}

int fit_confs_node(const void *fit)
{
	return fit_subnode(fit, 0, "configurations");
}

const char *fit_prop_str(const void *fit, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fit, node, name, &len);

	return s && len > 0 && !s[len - 1] ? s : NULL;
}

const char *fit_prop_stri(const void *fit, int node, const char *name, int index)
{
	int len;
	const char *s = fdt_getprop(fit, node, name, &len), *end;

	if (!s || len <= 0 || s[len - 1])
		return NULL;
	for (end = s + len; s < end; s += strlen(s) + 1)
		if (!index--)
			return s;
	return NULL;
}

struct id_name {
	int id;
	const char *name;
};

static int lookup(const struct id_name *t, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].id;
	return -1;
}

int fit_type_id(const char *name)
{
	// clang-format off
	static const struct id_name t[] = {
		{ IH_TYPE_KERNEL, "kernel" },	  { IH_TYPE_KERNEL_NOLOAD, "kernel_noload" },
		{ IH_TYPE_FLATDT, "flat_dt" },	  { IH_TYPE_RAMDISK, "ramdisk" },
		{ IH_TYPE_SCRIPT, "script" },	  { IH_TYPE_FILESYSTEM, "filesystem" },
		{ IH_TYPE_FIRMWARE, "firmware" }, { IH_TYPE_STANDALONE, "standalone" },
	};
	// clang-format on
	return lookup(t, ARRAY_SIZE(t), name);
}

int fit_comp_id(const char *name)
{
	static const struct id_name t[] = {
		{ IH_COMP_NONE, "none" }, { IH_COMP_GZIP, "gzip" }, { IH_COMP_BZIP2, "bzip2" },
		{ IH_COMP_LZMA, "lzma" }, { IH_COMP_LZO, "lzo" },   { IH_COMP_LZ4, "lz4" },
		{ IH_COMP_ZSTD, "zstd" },
	};
	return lookup(t, ARRAY_SIZE(t), name);
}

/* A one- or two-cell address property (the upper cell must be 0 on this 32-bit CPU). */
static int get_addr(const void *fit, int node, const char *name, bool *has, uint32_t *v)
{
	int len;
	const uint8_t *p = fdt_getprop(fit, node, name, &len);

	*has = false;
	if (!p)
		return 0;
	if (len == 8 && !get_be32(p))
		p += 4, len = 4;
	if (len != 4)
		return -EINVAL;
	*v = get_be32(p);
	*has = true;
	return 0;
}

static int image_data(const void *fit, size_t avail, int node, struct fit_image *img)
{
	int len;
	const uint8_t *p = fdt_getprop(fit, node, "data", &len);
	uint64_t start;

	if (p) {
		img->data = p;
		img->size = (uint32_t)len;
		return 0;
	}
	/* mkimage -E / -p: the data follows the tree (data-offset) or sits at data-position */
	p = fdt_getprop(fit, node, "data-size", &len);
	if (!p || len != 4)
		return -EINVAL;
	img->size = get_be32(p);
	img->external = true;
	if ((p = fdt_getprop(fit, node, "data-offset", &len)) && len == 4)
		start = ALIGN_UP((uint64_t)fdt_totalsize(fit), 4) + get_be32(p);
	else if ((p = fdt_getprop(fit, node, "data-position", &len)) && len == 4)
		start = get_be32(p);
	else
		return -EINVAL;
	if (start + img->size > avail)
		return -EFAULT;
	img->data = (const uint8_t *)fit + start;
	return 0;
}

int fit_image_info(const void *fit, size_t avail, int node, struct fit_image *img)
{
	const char *s;

	memset(img, 0, sizeof(*img));
	img->node = node;
	img->name = fdt_get_name(fit, node, NULL);
	img->desc = (s = fit_prop_str(fit, node, "description")) ? s : "";
	img->type_name = (s = fit_prop_str(fit, node, "type")) ? s : "";
	img->type = fit_type_id(img->type_name);
	img->comp_name = (s = fit_prop_str(fit, node, "compression")) ? s : "none";
	img->comp = fit_comp_id(img->comp_name);
	img->arch = (s = fit_prop_str(fit, node, "arch")) ? s : "";
	img->os = (s = fit_prop_str(fit, node, "os")) ? s : "";
	if (!img->name || get_addr(fit, node, "load", &img->has_load, &img->load) ||
	    get_addr(fit, node, "entry", &img->has_entry, &img->entry))
		return -EINVAL;
	return image_data(fit, avail, node, img);
}

int fit_conf_find(const void *fit, const char *name)
{
	int confs = fit_confs_node(fit);

	if (confs < 0)
		return -ENOENT;
	if (!name || !*name)
		name = fit_prop_str(fit, confs, "default");
	return name ? fit_subnode(fit, confs, name) : -ENOENT;
}

int fit_conf_image(const void *fit, int conf, const char *prop, int index)
{
	const char *name = fit_prop_stri(fit, conf, prop, index);
	int node;

	if (!name)
		return -ENOENT;
	node = fit_subnode(fit, fit_images_node(fit), name);
	return node < 0 ? -ESRCH : node;
}

/* digest of data with algo into out; its length or -EOPNOTSUPP */
static int digest(const char *algo, const void *data, size_t len, uint8_t *out)
{
#ifdef CONFIG_SHA256
	if (!strcmp(algo, "sha256")) {
		sha256(data, len, out);
		return SHA256_LEN;
	}
#endif
#ifdef CONFIG_SHA1
	if (!strcmp(algo, "sha1")) {
		sha1(data, len, out);
		return SHA1_LEN;
	}
#endif
	if (!strcmp(algo, "crc32")) {
		uint32_t c = crc32(0, data, len);
		out[0] = (uint8_t)(c >> 24), out[1] = (uint8_t)(c >> 16);
		out[2] = (uint8_t)(c >> 8), out[3] = (uint8_t)c;
		return 4;
	}
	return -EOPNOTSUPP;
}

int fit_image_check_hashes(const void *fit, const struct fit_image *img, struct fit_check_res *res)
{
	int node;

	memset(res, 0, sizeof(*res));
	fdt_for_each_subnode (node, fit, img->node) {
		uint8_t d[FIT_HASH_MAX];
		const char *name = fdt_get_name(fit, node, NULL);
		const void *value;
		int n, len;
		size_t w = strlen(res->what);

		if (!name || strncmp(name, "hash", 4))
			continue;
		res->node = name;
		res->algo = fit_prop_str(fit, node, "algo");
		if (!res->algo) {
			res->algo = "";
			return -EINVAL;
		}
		n = digest(res->algo, img->data, img->size, d);
		if (n < 0)
			return n;
		value = fdt_getprop(fit, node, "value", &len);
		if (!value || len != n)
			return -EINVAL;
		if (memcmp(value, d, (size_t)n))
			return -EBADMSG;
		res->nchecked++;
		if (w + strlen(res->algo) + 3 < sizeof(res->what))
			snprintf(res->what + w, sizeof(res->what) - w, "%s+ ", res->algo);
	}
	return res->nchecked;
}
