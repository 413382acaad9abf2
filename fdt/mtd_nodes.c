/* MTD devices in the device tree: which nodes Linux turns into MTDs, mtdN aliases, fixed-partitions from our registry. */
#include <stdio.h>
#include <stdlib.h>
#include "fdt_util.h"
#include "mtd.h"

/* Compatibles whose node is itself one MTD device in Linux 6.1. */
// clang-format off
static const char *const mtd_compatibles[] = {
	"cfi-flash", "jedec-flash", "mtd-ram", "mtd-rom", "direct-mapped", /* physmap-of */
	"jedec,spi-nor", "spi-nand", "phram",
};
// clang-format on

static bool name_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return name && !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

static bool compatible_contains(const void *fdt, int node, const char *needle)
{
	int len;
	const char *c = fdt_direct_prop(fdt, node, "compatible", &len);

	/* the list is NUL-separated; a missing final NUL only shortens the search */
	for (int i = 0; c && i < len; i += (int)strnlen(c + i, (size_t)(len - i)) + 1) {
		size_t l = strnlen(c + i, (size_t)(len - i));
		size_t nl = strlen(needle);
		for (size_t j = 0; j + nl <= l; j++)
			if (!memcmp(c + i + j, needle, nl))
				return true;
	}
	return false;
}

static bool node_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_direct_prop(fdt, node, "status", &len);

	if (!s || len < 1)
		return true;
	return !strncmp(s, "okay", (size_t)len) || !strncmp(s, "ok", (size_t)len);
}

/* A NAND controller: named nand-controller, or any "...nand..." compatible. */
static bool is_nand_controller(const void *fdt, int node)
{
	return name_is(fdt_get_name(fdt, node, NULL), "nand-controller") ||
	       compatible_contains(fdt, node, "nand");
}

static bool has_nand_chip_child(const void *fdt, int node)
{
	int child;

	fdt_for_each_subnode(child, fdt, node)
		if (name_is(fdt_get_name(fdt, child, NULL), "nand"))
			return true;
	return false;
}

/* One pass over a compatible list: an entry (NUL-terminated inside it) that names an MTD device. */
static bool compat_is_mtd(const char *c, int len)
{
	for (int i = 0; i < len;) {
		const char *e = c + i, *nul = memchr(e, '\0', (size_t)(len - i));

		if (!nul)
			return false; /* an unterminated last entry names nothing (as fdt_stringlist_contains) */
		for (size_t k = 0; k < ARRAY_SIZE(mtd_compatibles); k++)
			if (e[0] == mtd_compatibles[k][0] && !strcmp(e, mtd_compatibles[k]))
				return true;
		i = (int)(nul - c) + 1;
	}
	return false;
}

bool fdt_node_is_mtd(const void *fdt, int node)
{
	int parent, clen, nlen;
	const char *name = fdt_direct_name(fdt, node, &nlen);
	/* the cheap tests first: every walk asks this of every node, and
	 * "status" is only worth a property scan for the few candidates */
	const char *compat = fdt_direct_prop(fdt, node, "compatible", &clen);
	bool nand_name = name_is(name, "nand");

	if (!name || (!compat && !nand_name))
		return false;
	if (compat && compat_is_mtd(compat, clen))
		return node_enabled(fdt, node);
	/* a NAND chip node under its controller carries the MTD */
	if (nand_name) {
		parent = fdt_parent_offset(fdt, node);
		return parent >= 0 && is_nand_controller(fdt, parent) && node_enabled(fdt, parent) &&
		       node_enabled(fdt, node);
	}
	/* older single-chip controllers are the MTD themselves */
	return compatible_contains(fdt, node, "nand") && !name_is(name, "nand-controller") &&
	       !has_nand_chip_child(fdt, node) && node_enabled(fdt, node);
}

/* The "partitions" child of an MTD node when Linux gives its partitions DT nodes. */
static int fixed_partitions_child(const void *fdt, int node)
{
	int parts = fdt_direct_child(fdt, node, "partitions");

	if (parts < 0 || fdt_node_check_compatible(fdt, parts, "fixed-partitions"))
		return -1;
	return parts;
}

/* Offset of our phram region's node under /reserved-memory, or < 0. */
static int phram_node(const void *fdt, const struct phram_region *r)
{
	char name[64];
	int resm = fdt_direct_child(fdt, 0, "reserved-memory");

	if (resm < 0 || fdt_phram_node_name(r, name, sizeof(name)))
		return -1;
	return fdt_direct_child(fdt, resm, name);
}

static bool is_listed_phram(const void *fdt, int node, const struct phram_region *r, int n)
{
	if (fdt_node_check_compatible(fdt, node, "phram"))
		return false;
	for (int i = 0; i < n; i++)
		if (phram_node(fdt, &r[i]) == node)
			return true;
	return false;
}

int fdt_mtd_node_by_index(const void *fdt, const struct phram_region *r, int n, int idx)
{
	int node, depth = 0;

	if (idx < 0)
		return -ENOENT;
	if (idx < n) {
		node = phram_node(fdt, &r[idx]);
		return node < 0 ? -ENOENT : node;
	}
	idx -= n;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int parts, p;

		if (!fdt_node_is_mtd(fdt, node) || is_listed_phram(fdt, node, r, n))
			continue;
		/* partitions register after their flash but are what Linux
		 * numbers by default (the master itself only with
		 * CONFIG_MTD_PARTITIONED_MASTER): they come first */
		parts = fixed_partitions_child(fdt, node);
		if (parts >= 0) {
			fdt_for_each_subnode(p, fdt, parts) {
				if (fdt_getprop(fdt, p, "reg", NULL) && node_enabled(fdt, p) && !idx--)
					return p;
			}
		}
		if (!idx--)
			return node;
	}
	return node == -FDT_ERR_NOTFOUND ? -ENOENT : fdt_errno(node);
}

static bool is_mtd_alias(const char *name)
{
	if (strncmp(name, "mtd", 3) || !name[3])
		return false;
	for (const char *p = name + 3; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static int drop_mtd_aliases(void *fdt, int aliases)
{
	int prop, ret;

	for (;;) {
		const char *name = NULL;
		fdt_for_each_property_offset(prop, fdt, aliases) {
			if (fdt_getprop_by_offset(fdt, prop, &name, NULL) && name && is_mtd_alias(name))
				break;
			name = NULL;
		}
		if (!name)
			return prop == -FDT_ERR_NOTFOUND ? 0 : fdt_errno(prop);
		ret = fdt_delprop(fdt, aliases, name);
		if (ret)
			return fdt_errno(ret);
	}
}

static int aliases_node(void *fdt)
{
	int node = fdt_subnode_offset(fdt, 0, "aliases");

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_direct_add_child(fdt, 0, "aliases");
	return fdt_errno(node);
}

/* A node's full path (libfdt's fdt_get_path() runs off the start of its
 * buffer when a path does not fit). -ENAMETOOLONG past size. */
static int node_path(const void *fdt, int node, char *buf, size_t size)
{
	int depth = fdt_node_depth(fdt, node);
	size_t pos = 0;

	if (depth < 0)
		return fdt_errno(depth);
	if (size < 2)
		return -ENAMETOOLONG;
	strcpy(buf, "/");
	for (int d = 1; d <= depth; d++) {
		int anc = fdt_supernode_atdepth_offset(fdt, node, d, NULL), len;
		const char *name;

		if (anc < 0)
			return fdt_errno(anc);
		name = fdt_get_name(fdt, anc, &len);
		if (!name)
			return fdt_errno(len);
		if (pos + 1 + (size_t)len + 1 > size)
			return -ENAMETOOLONG;
		buf[pos++] = '/';
		memcpy(buf + pos, name, (size_t)len);
		pos += (size_t)len;
		buf[pos] = '\0';
	}
	return 0;
}

#define MTD_PATH_MAX 256
#define MTD_WALK_DEPTH 16

/* Append the path of child `name` of the node whose path is path[0..len). */
static int path_join(char *path, size_t len, const char *name, int nlen, size_t *out)
{
	if (len + 1 + (size_t)nlen + 1 > MTD_PATH_MAX)
		return -ENAMETOOLONG;
	path[len] = '/';
	memcpy(path + len + 1, name, (size_t)nlen);
	path[len + 1 + nlen] = '\0';
	*out = len + 1 + (size_t)nlen;
	return 0;
}

/*
 * The path bookkeeping of a one-pass walk in fdt_next_node() order: path
 * becomes node's full path and plen[depth] its length. 1 for the root (it
 * adds nothing, so children read "/name"), 0 with the path ready, or -errno.
 */
static int walk_path(const void *fdt, int node, int depth, char *path, size_t *plen)
{
	const char *name;
	int nlen;

	if (depth > MTD_WALK_DEPTH)
		return -ENAMETOOLONG;
	if (depth <= 1)
		return 1;
	name = fdt_direct_name(fdt, node, &nlen);
	return path_join(path, plen[depth - 1], name, nlen, &plen[depth]);
}

/*
 * The paths Linux's numbering gives mtdN, N >= n (the phram regions come
 * first), in one walk of the tree: the same order as
 * fdt_mtd_node_by_index(), without a walk per alias.
 */
static int collect_mtd_paths(const void *fdt, const struct phram_region *r, int n,
			     char (*paths)[MTD_PATH_MAX], int max)
{
	char path[MTD_PATH_MAX];
	size_t plen[MTD_WALK_DEPTH + 1];
	int node, depth = 0, count = 0, ret; /* libfdt counts the root as depth 1 */

	plen[1] = 0;
	for (node = fdt_direct_next_node(fdt, -1, &depth); node >= 0; node = fdt_direct_next_node(fdt, node, &depth)) {
		int parts, p;

		ret = walk_path(fdt, node, depth, path, plen);
		if (ret < 0)
			return ret;
		if (ret || !fdt_node_is_mtd(fdt, node) || is_listed_phram(fdt, node, r, n))
			continue;
		parts = fixed_partitions_child(fdt, node);
		if (parts >= 0) {
			fdt_for_each_subnode(p, fdt, parts) {
				size_t l;
				const char *pn;
				int pl;

				if (!fdt_direct_prop(fdt, p, "reg", NULL) || !node_enabled(fdt, p))
					continue;
				if (count == max)
					return count;
				pn = fdt_get_name(fdt, p, &pl);
				memcpy(paths[count], path, plen[depth] + 1);
				if (!pn || path_join(paths[count], plen[depth], "partitions", 10, &l) ||
				    path_join(paths[count], l, pn, pl, &l))
					return -ENAMETOOLONG;
				count++;
			}
		}
		if (count == max)
			return count;
		memcpy(paths[count++], path, plen[depth] + 1);
	}
	return node == -FDT_ERR_NOTFOUND ? count : fdt_errno(node);
}

int fdt_fixup_mtd_aliases(void *fdt, const struct phram_region *r, int n)
{
	char (*paths)[MTD_PATH_MAX];
	char name[16];
	int count, node, ret, i;

	if (n > FDT_MTD_ALIAS_MAX)
		n = FDT_MTD_ALIAS_MAX;
	paths = malloc(FDT_MTD_ALIAS_MAX * sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		node = phram_node(fdt, &r[i]);
		ret = node < 0 ? -ENOENT : node_path(fdt, node, paths[i], MTD_PATH_MAX);
		if (ret)
			goto out;
	}
	ret = collect_mtd_paths(fdt, r, n, paths + n, FDT_MTD_ALIAS_MAX - n);
	if (ret < 0)
		goto out;
	count = n + ret;
	node = aliases_node(fdt);
	ret = node < 0 ? node : drop_mtd_aliases(fdt, node);
	/*
	 * new properties go first: write mtdN..mtd0 so they read mtd0 first.
	 * Adding a property moves what follows the node, never the node
	 * itself: its offset holds (looking it up again walked the whole tree).
	 */
	for (i = count - 1; !ret && i >= 0; i--) {
		snprintf(name, sizeof(name), "mtd%d", i);
		ret = fdt_errno(fdt_direct_setprop_string(fdt, node, name, paths[i]));
	}
	if (!ret)
		ret = count;
out:
	free(paths);
	return ret;
}

/*
 * Carry addr from bus's child address space into its parent's through bus's
 * "ranges" (child address, parent address, size per entry; empty: identity).
 * -ENOENT when bus has no ranges (not memory-mapped: Linux's physmap would not
 * map it either) or no entry covers addr.
 */
static int translate_one(const void *fdt, int bus, int parent, uint64_t *addr)
{
	int len, cac, csc, pac, n;
	const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);

	if (!r)
		return -ENOENT;
	if (!len)
		return 0;
	cac = fdt_address_cells(fdt, bus);
	csc = fdt_size_cells(fdt, bus);
	pac = fdt_address_cells(fdt, parent);
	if (cac < 0 || csc < 0 || pac < 0)
		return -EINVAL;
	n = cac + pac + csc;
	for (int i = 0; n && (i + n) * 4 <= len; i += n) {
		uint64_t cb, pb, size;

		if (fdt_cells_get(r + i, cac, &cb) || fdt_cells_get(r + i + cac, pac, &pb) ||
		    fdt_cells_get(r + i + cac + pac, csc, &size))
			continue; /* wider than 64 bits (PCI): not ours */
		if (*addr >= cb && *addr - cb < size) {
			*addr = pb + (*addr - cb);
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * CPU address of the first reg entry of anc[depth] (anc[d]: its ancestor at
 * depth d, the root at 1): its parent's cells, then every bus's ranges up to
 * the root.
 */
static int node_reg_base(const void *fdt, const int *anc, int depth, uint64_t *base)
{
	int ac, len, ret;
	const fdt32_t *reg;

	ac = fdt_address_cells(fdt, anc[depth - 1]);
	if (ac < 0)
		return fdt_errno(ac);
	reg = fdt_getprop(fdt, anc[depth], "reg", &len);
	if (!reg || len < ac * 4)
		return -ENOENT;
	ret = fdt_cells_get(reg, ac, base);
	for (int d = depth - 1; !ret && d > 1; d--)
		ret = translate_one(fdt, anc[d], anc[d - 1], base);
	return ret;
}

static int write_partition(void *fdt, int parts, const struct mtd_info *p)
{
	fdt32_t reg[2];
	char name[32];
	int node, ret;

	if (p->offset > UINT32_MAX || p->size > UINT32_MAX)
		return -ERANGE;
	snprintf(name, sizeof(name), "part@%llx", (unsigned long long)p->offset);
	node = fdt_direct_add_child(fdt, parts, name);
	if (node < 0)
		return fdt_errno(node);
	reg[0] = cpu_to_fdt32((uint32_t)p->offset);
	reg[1] = cpu_to_fdt32((uint32_t)p->size);
	ret = (p->flags & MTD_RO) ? fdt_direct_setprop(fdt, node, "read-only", NULL, 0) : 0;
	if (!ret)
		ret = fdt_direct_setprop(fdt, node, "reg", reg, sizeof(reg));
	if (!ret)
		ret = fdt_direct_setprop_string(fdt, node, "label", p->name);
	return fdt_errno(ret);
}

static int write_partitions(void *fdt, int flash, struct mtd_info *master)
{
	int parts, ret;
	uint64_t below = UINT64_MAX;
	bool first = true;

	parts = fdt_subnode_offset(fdt, flash, "partitions");
	if (parts >= 0) {
		ret = fdt_del_node(fdt, parts);
		if (ret)
			return fdt_errno(ret);
	} else if (parts != -FDT_ERR_NOTFOUND) {
		return fdt_errno(parts);
	}
	parts = fdt_direct_add_child(fdt, flash, "partitions");
	if (parts < 0)
		return fdt_errno(parts);
	ret = fdt_direct_setprop_u32(fdt, parts, "#size-cells", 1);
	if (!ret)
		ret = fdt_direct_setprop_u32(fdt, parts, "#address-cells", 1);
	if (!ret)
		ret = fdt_direct_setprop_string(fdt, parts, "compatible", "fixed-partitions");
	if (ret)
		return fdt_errno(ret);
	/* new nodes go first: add from the highest offset down */
	for (;;) {
		struct mtd_info *next = NULL;
		for (struct mtd_info *p = mtd_first(); p; p = p->next)
			if (p->parent == master && (first || p->offset < below) &&
			    (!next || p->offset > next->offset))
				next = p;
		if (!next)
			return 0;
		ret = write_partition(fdt, parts, next);
		if (ret)
			return ret;
		below = next->offset;
		first = false;
	}
}

/* MTD nodes and where their reg starts, found in one walk (paths survive the edits that follow). */
struct mtd_node_ref {
	char path[MTD_PATH_MAX];
	uint64_t base;
};

static int collect_mtd_nodes(const void *fdt, struct mtd_node_ref *refs, int max)
{
	char path[MTD_PATH_MAX];
	size_t plen[MTD_WALK_DEPTH + 1];
	int anc[MTD_WALK_DEPTH + 1]; /* the walk's ancestors: no fdt_parent_offset() walk from the root */
	int node, depth = 0, count = 0, ret;

	plen[1] = 0;
	for (node = fdt_direct_next_node(fdt, -1, &depth); node >= 0; node = fdt_direct_next_node(fdt, node, &depth)) {
		ret = walk_path(fdt, node, depth, path, plen);
		if (ret < 0)
			return ret;
		anc[depth] = node;
		if (!ret && count < max && fdt_node_is_mtd(fdt, node) &&
		    !node_reg_base(fdt, anc, depth, &refs[count].base))
			memcpy(refs[count++].path, path, plen[depth] + 1);
	}
	return node == -FDT_ERR_NOTFOUND ? count : fdt_errno(node);
}

int fdt_fixup_mtdparts(void *fdt)
{
	struct mtd_node_ref *refs = malloc(FDT_MTD_ALIAS_MAX * sizeof(*refs));
	int written = 0, nrefs, ret = 0;

	if (!refs)
		return -ENOMEM;
	nrefs = collect_mtd_nodes(fdt, refs, FDT_MTD_ALIAS_MAX);
	if (nrefs < 0) {
		free(refs);
		return nrefs;
	}
	for (struct mtd_info *m = mtd_first(); m && !ret; m = m->next) {
		bool has_parts = false;

		if (m->parent || !(m->flags & MTD_MAPPED))
			continue;
		for (struct mtd_info *p = mtd_first(); p; p = p->next)
			has_parts |= p->parent == m;
		for (int i = 0; has_parts && i < nrefs && !ret; i++) {
			int node;

			if (refs[i].base != m->mapped)
				continue;
			node = fdt_path_offset(fdt, refs[i].path);
			ret = node < 0 ? fdt_errno(node) : write_partitions(fdt, node, m);
			written += !ret;
		}
	}
	free(refs);
	return ret ? ret : written;
}
