/* Boot-time device-tree fixups: open/grow the tree, /memory, /chosen, /reserved-memory phram nodes, then MTD. */
#include <limits.h>
#include <stdio.h>
#include "fdt_fixup.h"
#include "fdt_util.h"

int fdt_errno(int err)
{
	if (err >= 0)
		return err;
	switch (-err) {
	case FDT_ERR_NOTFOUND:
		return -ENOENT;
	case FDT_ERR_EXISTS:
		return -EEXIST;
	case FDT_ERR_NOSPACE:
		return -ENOSPC;
	case FDT_ERR_BADVALUE:
	case FDT_ERR_BADNCELLS:
		return -ERANGE;
	default:
		return -EINVAL;
	}
}

/* A big-endian word of the block (byte loads: libfdt_env.h's fdt32_to_cpu is a call, ~16 instructions). */
static inline __attribute__((always_inline)) uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The word after the one holding the NUL that ends the name at w, looked for a word at a time
 * in the whole words below end; NULL when none ends there (a name ending in the last 1-3 bytes
 * of the block leaves no room for FDT_END anyway). */
static const uint8_t *after_name(const uint8_t *w, const uint8_t *end)
{
	for (; end - w >= 4; w += 4) {
		uint32_t v = *(const uint32_t *)w;

		if ((v - 0x01010101u) & ~v & 0x80808080u)
			return w + 4;
	}
	return NULL;
}

/*
 * A v17 structure block read directly: every tag, name and value must lie in
 * the block (and in totalsize), names end in a NUL, property names point into
 * the strings block, nodes nest at most 64 deep and close before FDT_END.
 * Returns the offset after FDT_END or -EINVAL. One pass over the tags (448 in
 * versatile-pb.dtb), tags compared as stored: no byte swap but for property
 * lengths and name offsets.
 */
static int check_struct_v17(const void *fdt)
{
	const uint8_t *s = (const uint8_t *)fdt + fdt_off_dt_struct(fdt), *p = s, *end;
	uint32_t total = fdt_totalsize(fdt), soff = fdt_off_dt_struct(fdt);
	uint32_t lim = soff < total ? MIN(fdt_size_dt_struct(fdt), total - soff) : 0;
	uint32_t nstr = fdt_size_dt_strings(fdt), len;
	int depth = 0;

	if (lim >= INT_MAX)
		return -EINVAL;
	end = s + lim;
	while (end - p >= 4) {
		fdt32_t tag = *(const fdt32_t *)p;

		if (tag == cpu_to_fdt32(FDT_PROP)) {
			if (end - p < 12 || depth < 1)
				return -EINVAL;
			len = be32_at(p + 4);
			if (len > (uint32_t)(end - p - 12) || be32_at(p + 8) >= nstr)
				return -EINVAL;
			p += 12 + ALIGN_UP(len, (uint32_t)FDT_TAGSIZE);
		} else if (tag == cpu_to_fdt32(FDT_BEGIN_NODE)) {
			p = after_name(p + 4, end);
			if (!p || ++depth > 64)
				return -EINVAL;
		} else if (tag == cpu_to_fdt32(FDT_END_NODE)) {
			if (--depth < 0)
				return -EINVAL;
			p += FDT_TAGSIZE;
		} else if (tag == cpu_to_fdt32(FDT_NOP)) {
			p += FDT_TAGSIZE;
		} else if (tag == cpu_to_fdt32(FDT_END)) {
			return depth ? -EINVAL : (int)(p + FDT_TAGSIZE - s);
		} else {
			return -EINVAL;
		}
	}
	return -EINVAL;
}

int fdt_check_struct(const void *fdt)
{
	int off = 0, next, depth = 0;

	/* every property name ends inside the strings block (the fast lookups rely on it) */
	if (fdt_version(fdt) >= 17 && fdt_size_dt_strings(fdt)) {
		uint64_t end = (uint64_t)fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);

		if (end > fdt_totalsize(fdt) || ((const char *)fdt)[end - 1] != '\0')
			return -EINVAL;
	}
	if (fdt_version(fdt) >= 17 && !(((uintptr_t)fdt + fdt_off_dt_struct(fdt)) & 3))
		return check_struct_v17(fdt);
	/* older trees (8-byte aligned values before v16) and a block not word-aligned: libfdt's tag walker */
	for (;;) {
		uint32_t tag = fdt_next_tag(fdt, off, &next);

		/*
		 * Every tag must move forward: libfdt's fdt_next_tag() takes a
		 * property length near 2^32 as a step back or none at all, and
		 * every later walk of such a tree would go round for ever.
		 */
		if (next <= off)
			return -EINVAL;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (++depth > 64)
				return -EINVAL;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return -EINVAL;
			break;
		case FDT_PROP: {
			const struct fdt_property *p = fdt_offset_ptr(fdt, off, sizeof(*p));

			if (!p || depth < 1 || fdt32_to_cpu(p->len) > (uint32_t)(next - off))
				return -EINVAL;
			break;
		}
		case FDT_NOP:
			break;
		default: /* FDT_END */
			return depth ? -EINVAL : next;
		}
		off = next;
	}
}

/*
 * Blocks in the standard order (header, reserve map, struct, strings) and
 * aligned as the spec says. libfdt would reorder others through a scratch
 * copy at the unaligned end of the old tree, and its unchecked reserve-map
 * count turns into a negative memmove size: refuse such blobs instead.
 */
static int blocks_in_order(const void *fdt)
{
	uint64_t rsv = fdt_off_mem_rsvmap(fdt), st = fdt_off_dt_struct(fdt);
	uint64_t str = fdt_off_dt_strings(fdt);
	int nrsv, off = 0;

	if (rsv % 8 || st % 4)
		return -EINVAL;
	nrsv = fdt_num_mem_rsv(fdt);
	if (nrsv < 0)
		return -EINVAL;
	off = fdt_check_struct(fdt);
	if (off < 0)
		return off;
	if (fdt_version(fdt) >= 17)
		off = (int)fdt_size_dt_struct(fdt);
	if (rsv < 40 || st < rsv + ((uint64_t)nrsv + 1) * 16 || str < st + (uint64_t)off ||
	    str + fdt_size_dt_strings(fdt) > fdt_totalsize(fdt))
		return -EINVAL;
	return 0;
}

int fdt_open_checked(void *fdt, size_t bufsize)
{
	const char *name;
	bool old_version;
	int ret, len;

	/* fdt_check_header() reads a whole v17 header: make sure it is ours */
	if (!fdt || bufsize < sizeof(struct fdt_header))
		return -EINVAL;
	/* the kernel (and newer libfdt) want the blob 8-byte aligned */
	if ((uintptr_t)fdt & 7)
		return -EINVAL;
	if (fdt_check_header(fdt))
		return -EINVAL;
	/* libfdt trusts totalsize: never let it read past our buffer */
	if (fdt_totalsize(fdt) > bufsize)
		return -ENOSPC;
	if (bufsize > INT_MAX)
		bufsize = INT_MAX & ~7;
	ret = blocks_in_order(fdt);
	if (ret)
		return ret;
	old_version = fdt_version(fdt) < 17;
	ret = fdt_open_into(fdt, fdt, (int)bufsize);
	if (ret)
		return fdt_errno(ret);
	/* an older tree had no string-block size to check names against: now it has */
	if (old_version && fdt_check_struct(fdt) < 0)
		return -EINVAL;
	/* the root must be the first node and nameless, or paths mean nothing */
	name = fdt_get_name(fdt, 0, &len);
	return name && len == 0 ? 0 : -EINVAL;
}

int fdt_root_cells(const void *fdt, int *ac, int *sc)
{
	*ac = fdt_direct_address_cells(fdt, 0);
	if (*ac < 0)
		return fdt_errno(*ac);
	*sc = fdt_direct_size_cells(fdt, 0);
	if (*sc < 0)
		return fdt_errno(*sc);
	/* a reg without a size (or address) cannot describe RAM */
	if (*ac < 1 || *sc < 1)
		return -ERANGE;
	return 0;
}

int fdt_cells_put(fdt32_t *out, int cells, uint64_t v)
{
	for (int i = cells - 1; i >= 0; i--) {
		out[i] = cpu_to_fdt32((uint32_t)v);
		v >>= 32;
	}
	return v ? -ERANGE : 0;
}

int fdt_cells_get(const fdt32_t *in, int cells, uint64_t *v)
{
	uint64_t r = 0;

	for (int i = 0; i < cells; i++) {
		if (r >> 32)
			return -ERANGE;
		r = (r << 32) | fdt32_to_cpu(in[i]);
	}
	*v = r;
	return 0;
}

/* The root's cells written out explicitly: Linux assumes 1/1 when they are
 * missing, libfdt and the spec 2/1; saying it removes the doubt. */
static int root_cells_explicit(void *fdt, int *ac, int *sc)
{
	int ret = fdt_root_cells(fdt, ac, sc);

	if (ret)
		return ret;
	if (!fdt_direct_prop(fdt, 0, "#address-cells", NULL)) {
		ret = fdt_direct_setprop_u32(fdt, 0, "#address-cells", (uint32_t)*ac);
		if (ret)
			return fdt_errno(ret);
	}
	if (!fdt_direct_prop(fdt, 0, "#size-cells", NULL))
		return fdt_errno(fdt_direct_setprop_u32(fdt, 0, "#size-cells", (uint32_t)*sc));
	return 0;
}

static int reg_encode(fdt32_t *buf, int ac, int sc, uint64_t base, uint64_t size)
{
	int ret = fdt_cells_put(buf, ac, base);

	return ret ? ret : fdt_cells_put(buf + ac, sc, size);
}

static bool is_memory_node(const void *fdt, int node)
{
	int len;
	const char *t = fdt_direct_prop(fdt, node, "device_type", &len);

	return t && len == 7 && !memcmp(t, "memory", 7);
}

int fdt_fixup_memory(void *fdt, uint64_t base, uint64_t size)
{
	fdt32_t reg[8];
	int ac, sc, node, other, ret;

	ret = root_cells_explicit(fdt, &ac, &sc);
	if (!ret)
		ret = reg_encode(reg, ac, sc, base, size);
	if (ret)
		return ret;
	for (node = fdt_direct_next_child(fdt, 0, -1); node >= 0;
	     node = fdt_direct_next_child(fdt, 0, node))
		if (is_memory_node(fdt, node))
			break;
	if (node == -FDT_ERR_NOTFOUND) {
		node = fdt_direct_child(fdt, 0, "memory");
		if (node == -FDT_ERR_NOTFOUND)
			node = fdt_direct_add_child(fdt, 0, "memory");
	}
	if (node < 0)
		return fdt_errno(node);
	/* Linux adds the RAM of every memory node: keep only ours (the others come after it) */
	for (;;) {
		for (other = fdt_direct_next_child(fdt, 0, node); other >= 0;
		     other = fdt_direct_next_child(fdt, 0, other))
			if (is_memory_node(fdt, other))
				break;
		if (other < 0)
			break;
		ret = fdt_del_node(fdt, other);
		if (ret)
			return fdt_errno(ret);
	}
	if (other != -FDT_ERR_NOTFOUND)
		return fdt_errno(other);
	ret = fdt_direct_setprop(fdt, node, "reg", reg, (ac + sc) * 4);
	if (!ret)
		ret = fdt_direct_setprop_string(fdt, node, "device_type", "memory");
	return fdt_errno(ret);
}

static int chosen_node(void *fdt)
{
	int node = fdt_direct_child(fdt, 0, "chosen");

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_direct_add_child(fdt, 0, "chosen");
	return fdt_errno(node);
}

int fdt_fixup_bootargs(void *fdt, const char *bootargs)
{
	int node = chosen_node(fdt);

	if (node < 0)
		return node;
	return fdt_errno(fdt_direct_setprop_string(fdt, node, "bootargs", bootargs));
}

int fdt_fixup_initrd(void *fdt, uint64_t start, uint64_t end)
{
	fdt32_t v[4];
	int ac, sc, node, ret;

	if (start > end)
		return -EINVAL;
	node = chosen_node(fdt);
	if (node < 0)
		return node;
	if (start == end) {
		/* a stale initrd from the DTB would make Linux read garbage (libfdt's delete only when there) */
		static const char *const props[] = { "linux,initrd-start", "linux,initrd-end" };

		for (int i = 0; i < 2; i++) {
			ret = fdt_direct_prop(fdt, node, props[i], NULL)
				      ? fdt_delprop(fdt, node, props[i])
				      : 0;
			if (ret)
				return fdt_errno(ret);
		}
		return 0;
	}
	ret = fdt_root_cells(fdt, &ac, &sc);
	if (!ret)
		ret = fdt_cells_put(v, ac, end);
	if (ret)
		return ret;
	ret = fdt_direct_setprop(fdt, node, "linux,initrd-end", v, ac * 4);
	if (ret)
		return fdt_errno(ret);
	fdt_cells_put(v, ac, start);
	return fdt_errno(fdt_direct_setprop(fdt, node, "linux,initrd-start", v, ac * 4));
}

int fdt_phram_node_name(const struct phram_region *r, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s@%lx", r->label, (unsigned long)r->addr);

	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	for (char *p = buf; p < buf + strlen(r->label); p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ',' || c == '.' || c == '_' || c == '+' || c == '-'))
			*p = '-';
	}
	if (buf[0] == '@')
		return -EINVAL;
	return 0;
}

/* Re-encode one child's reg from (oac, osc) to (ac, sc) cells. */
static int reg_recode(void *fdt, int node, int oac, int osc, int ac, int sc)
{
	fdt32_t buf[16 * 8];
	const fdt32_t *old;
	int len, n, ret;

	old = fdt_direct_prop(fdt, node, "reg", &len);
	if (!old)
		return 0;
	if (oac + osc == 0 || len % ((oac + osc) * 4))
		return -EINVAL;
	n = len / ((oac + osc) * 4);
	if (n > 16)
		return -ERANGE;
	for (int i = 0; i < n; i++) {
		uint64_t a, s;
		const fdt32_t *e = old + i * (oac + osc);
		ret = fdt_cells_get(e, oac, &a);
		if (!ret)
			ret = fdt_cells_get(e + oac, osc, &s);
		if (!ret)
			ret = reg_encode(buf + i * (ac + sc), ac, sc, a, s);
		if (ret)
			return ret;
	}
	return fdt_errno(fdt_direct_setprop(fdt, node, "reg", buf, n * (ac + sc) * 4));
}

/* /reserved-memory as Linux accepts it: the root's cells and a ranges property. */
static int resmem_node(void *fdt, int ac, int sc)
{
	int node = fdt_direct_child(fdt, 0, "reserved-memory");
	int oac, osc, child, ret;

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_direct_add_child(fdt, 0, "reserved-memory");
	if (node < 0)
		return fdt_errno(node);
	oac = fdt_direct_address_cells(fdt, node);
	osc = fdt_direct_size_cells(fdt, node);
	if (oac < 0 || osc < 0)
		return -EINVAL;
	if (oac != ac || osc != sc) {
		fdt_for_each_subnode (child, fdt, node) {
			ret = reg_recode(fdt, child, oac, osc, ac, sc);
			if (ret)
				return ret;
		}
	}
	ret = fdt_direct_setprop(fdt, node, "ranges", NULL, 0);
	if (!ret)
		ret = fdt_direct_setprop_u32(fdt, node, "#size-cells", (uint32_t)sc);
	if (!ret)
		ret = fdt_direct_setprop_u32(fdt, node, "#address-cells", (uint32_t)ac);
	return ret ? fdt_errno(ret) : node;
}

static bool phram_child_matches(const void *fdt, int child, const char *name, const char *label)
{
	int len;
	const char *n = fdt_direct_name(fdt, child, &len);
	const char *c = fdt_direct_prop(fdt, child, "compatible", &len);
	const char *l;

	if (!strcmp(n, name))
		return true;
	if (!c || !fdt_stringlist_contains(c, len, "phram"))
		return false;
	l = fdt_direct_prop(fdt, child, "label", &len);
	return l && len > 0 && !strcmp(l, label);
}

static int phram_add_node(void *fdt, int resm, const struct phram_region *r, int ac, int sc, bool nomap)
{
	fdt32_t reg[8];
	char name[64];
	int child, ret;

	ret = fdt_phram_node_name(r, name, sizeof(name));
	if (!ret)
		ret = reg_encode(reg, ac, sc, r->addr, r->size);
	if (ret)
		return ret;
	for (;;) {
		for (child = fdt_direct_next_child(fdt, resm, -1); child >= 0;
		     child = fdt_direct_next_child(fdt, resm, child))
			if (phram_child_matches(fdt, child, name, r->label))
				break;
		if (child < 0)
			break;
		ret = fdt_del_node(fdt, child);
		if (ret)
			return fdt_errno(ret);
	}
	if (child != -FDT_ERR_NOTFOUND)
		return fdt_errno(child);
	child = fdt_direct_add_child(fdt, resm, name);
	if (child < 0)
		return fdt_errno(child);
	/* libfdt puts a new property first: add them last to first */
	ret = nomap ? fdt_direct_setprop(fdt, child, "no-map", NULL, 0) : 0;
	if (!ret)
		ret = fdt_direct_setprop(fdt, child, "reg", reg, (ac + sc) * 4);
	if (!ret)
		ret = fdt_direct_setprop_string(fdt, child, "label", r->label);
	if (!ret)
		ret = fdt_direct_setprop_string(fdt, child, "compatible", "phram");
	return fdt_errno(ret);
}

int fdt_fixup_phram(void *fdt, const struct phram_region *r, int n, bool nomap)
{
	int ac, sc, resm, ret;

	ret = root_cells_explicit(fdt, &ac, &sc);
	if (ret)
		return ret;
	resm = resmem_node(fdt, ac, sc);
	if (resm < 0)
		return resm;
	/* a new node becomes the first child: add the table backwards */
	for (int i = n - 1; i >= 0; i--) {
		ret = phram_add_node(fdt, resm, &r[i], ac, sc, nomap);
		if (ret)
			return ret;
	}
	return 0;
}

int fdt_fixup_ethernet(void *fdt, const char *compatible, const uint8_t mac[6])
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compatible);

	for (; node >= 0; node = fdt_node_offset_by_compatible(fdt, node, compatible)) {
		int ret = fdt_setprop(fdt, node, "local-mac-address", mac, 6);
		if (ret)
			return fdt_errno(ret);
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : fdt_errno(node);
}

int fdt_fixup_for_boot(void *fdt, size_t bufsize, const struct fdt_boot_info *info)
{
	const struct phram_region *regions = info->phram;
	int n = MIN(info->nphram, PHRAM_MAX), ret;

	ret = fdt_open_checked(fdt, bufsize);
	if (ret)
		return ret;
	ret = fdt_fixup_memory(fdt, info->mem_base, info->mem_size);
	if (!ret && info->bootargs)
		ret = fdt_fixup_bootargs(fdt, info->bootargs);
	if (!ret)
		ret = fdt_fixup_initrd(fdt, info->initrd_start, info->initrd_end);
	if (!ret && n)
		ret = fdt_fixup_phram(fdt, regions, n, info->phram_nomap);
	if (!ret && info->mtdparts_to_dt)
		ret = MIN(fdt_fixup_mtdparts(fdt), 0); /* a count of flash nodes */
	if (!ret)
		ret = fdt_fixup_mtd_aliases(fdt, regions, n);
	if (!ret && info->mac && info->eth_compatible)
		ret = fdt_fixup_ethernet(fdt, info->eth_compatible, info->mac);
	return ret < 0 ? ret : 0;
}
