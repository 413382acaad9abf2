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

/* "nand" inside a compatible list (c, len) of any entry, c may be NULL. */
static bool compat_has_nand(const char *c, int len)
{
	/* the list is NUL-separated and "nand" has no NUL: no match spans two entries */
	for (int j = 0; c && j + 4 <= len; j++)
		if (c[j] == 'n' && c[j + 1] == 'a' && c[j + 2] == 'n' && c[j + 3] == 'd')
			return true;
	return false;
}

static bool compatible_contains_nand(const void *fdt, int node)
{
	int len;
	const char *c = fdt_direct_prop(fdt, node, "compatible", &len);

	return compat_has_nand(c, len);
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
	       compatible_contains_nand(fdt, node);
}

static bool has_nand_chip_child(const void *fdt, int node)
{
	int child;

	fdt_for_each_subnode (child, fdt, node)
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
	return compat_has_nand(compat, clen) && !name_is(name, "nand-controller") &&
	       !has_nand_chip_child(fdt, node) && node_enabled(fdt, node);
}

/* The "partitions" child of an MTD node when Linux gives its partitions DT nodes. */
static int fixed_partitions_child(const void *fdt, int node)
{
	int parts = fdt_direct_child(fdt, node, "partitions"), len;
	const char *c = parts < 0 ? NULL : fdt_direct_prop(fdt, parts, "compatible", &len);

	return c && fdt_stringlist_contains(c, len, "fixed-partitions") ? parts : -1;
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

/* The regions' nodes (phram_node()), looked up once before a walk; negative for none. */
static void phram_nodes(const void *fdt, const struct phram_region *r, int n, int *off)
{
	char name[64];
	int resm = fdt_direct_child(fdt, 0, "reserved-memory");

	for (int i = 0; i < n; i++)
		off[i] = resm < 0 || fdt_phram_node_name(&r[i], name, sizeof(name))
				 ? -1
				 : fdt_direct_child(fdt, resm, name);
}

/* Which region's node this is (a phram node listed first among the aliases), or -1. */
static int listed_phram(const void *fdt, int node, const int *off, int n)
{
	for (int i = 0; i < n; i++) {
		int len;
		const char *c;

		if (off[i] != node)
			continue;
		c = fdt_direct_prop(fdt, node, "compatible", &len);
		return c && fdt_stringlist_contains(c, len, "phram") ? i : -1;
	}
	return -1;
}

int fdt_mtd_node_by_index(const void *fdt, const struct phram_region *r, int n, int idx)
{
	int node, depth = 0, off[FDT_MTD_ALIAS_MAX];

	if (idx < 0)
		return -ENOENT;
	if (idx < n) {
		node = phram_node(fdt, &r[idx]);
		return node < 0 ? -ENOENT : node;
	}
	idx -= n;
	n = MIN(n, FDT_MTD_ALIAS_MAX);
	phram_nodes(fdt, r, n, off);
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		int parts, p;

		if (!fdt_node_is_mtd(fdt, node) || listed_phram(fdt, node, off, n) >= 0)
			continue;
		/* partitions register after their flash but are what Linux
		 * numbers by default (the master itself only with
		 * CONFIG_MTD_PARTITIONED_MASTER): they come first */
		parts = fixed_partitions_child(fdt, node);
		if (parts >= 0) {
			fdt_for_each_subnode (p, fdt, parts) {
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
		fdt_for_each_property_offset (prop, fdt, aliases) {
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
	int node = fdt_direct_child(fdt, 0, "aliases");

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_direct_add_child(fdt, 0, "aliases");
	return fdt_errno(node);
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
 * The paths Linux's numbering gives mtdN, in one walk of the tree: the n
 * phram regions' nodes (off[], from phram_nodes()) into paths[0..n), every
 * other MTD node, partitions first, from paths[n] on: the same order as
 * fdt_mtd_node_by_index(), without a walk per alias. The count after n, or
 * -ENOENT when a region has no node.
 */
static int collect_mtd_paths(const void *fdt, const int *off, int n, char (*paths)[MTD_PATH_MAX],
			     int max)
{
	char path[MTD_PATH_MAX];
	size_t plen[MTD_WALK_DEPTH + 1];
	int node, depth = 0, count = 0, found = 0, ret, i; /* libfdt counts the root as depth 1 */

	for (i = 0; i < n; i++)
		found += off[i] < 0;
	if (found)
		return -ENOENT;
	plen[1] = 0;
	paths += n;
	for (node = fdt_direct_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_direct_next_node(fdt, node, &depth)) {
		int parts, p;

		ret = walk_path(fdt, node, depth, path, plen);
		if (ret < 0)
			return ret;
		if (ret)
			continue;
		i = n ? listed_phram(fdt, node, off, n) : -1;
		if (i >= 0) {
			memcpy(paths[i - n], path, plen[depth] + 1);
			found++;
			continue;
		}
		if (!fdt_node_is_mtd(fdt, node))
			continue;
		parts = fixed_partitions_child(fdt, node);
		if (parts >= 0) {
			for (p = fdt_direct_next_child(fdt, parts, -1); p >= 0;
			     p = fdt_direct_next_child(fdt, parts, p)) {
				size_t l;
				const char *pn;
				int pl;

				if (!fdt_direct_prop(fdt, p, "reg", NULL) || !node_enabled(fdt, p))
					continue;
				if (count == max)
					return count;
				pn = fdt_direct_name(fdt, p, &pl);
				memcpy(paths[count], path, plen[depth] + 1);
				if (path_join(paths[count], plen[depth], "partitions", 10, &l) ||
				    path_join(paths[count], l, pn, pl, &l))
					return -ENAMETOOLONG;
				count++;
			}
		}
		if (count == max)
			return count;
		memcpy(paths[count++], path, plen[depth] + 1);
	}
	if (node != -FDT_ERR_NOTFOUND)
		return fdt_errno(node);
	return found == n ? count : -ENOENT;
}

int fdt_fixup_mtd_aliases(void *fdt, const struct phram_region *r, int n)
{
	char(*paths)[MTD_PATH_MAX];
	char name[16];
	int count, node, ret, i, off[FDT_MTD_ALIAS_MAX];

	if (n > FDT_MTD_ALIAS_MAX)
		n = FDT_MTD_ALIAS_MAX;
	paths = malloc(FDT_MTD_ALIAS_MAX * sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	phram_nodes(fdt, r, n, off);
	ret = collect_mtd_paths(fdt, off, n, paths, FDT_MTD_ALIAS_MAX - n);
	if (ret < 0) {
		free(paths);
		return ret;
	}
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
	const fdt32_t *r = fdt_direct_prop(fdt, bus, "ranges", &len);

	if (!r)
		return -ENOENT;
	if (!len)
		return 0;
	cac = fdt_direct_address_cells(fdt, bus);
	csc = fdt_direct_size_cells(fdt, bus);
	pac = fdt_direct_address_cells(fdt, parent);
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

	ac = fdt_direct_address_cells(fdt, anc[depth - 1]);
	if (ac < 0)
		return fdt_errno(ac);
	reg = fdt_direct_prop(fdt, anc[depth], "reg", &len);
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

	parts = fdt_direct_child(fdt, flash, "partitions");
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

/* MTD nodes (their offsets, in document order) and where their reg starts, found in one walk. */
struct mtd_node_ref {
	int node;
	uint64_t base;
};

static int collect_mtd_nodes(const void *fdt, struct mtd_node_ref *refs, int max)
{
	int anc[MTD_WALK_DEPTH + 1]; /* the walk's ancestors: no fdt_parent_offset() walk from the root */
	int node, depth = 0, count = 0;

	for (node = fdt_direct_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_direct_next_node(fdt, node, &depth)) {
		if (depth > MTD_WALK_DEPTH)
			return -ENAMETOOLONG;
		anc[depth] = node;
		if (depth > 1 && count < max && fdt_node_is_mtd(fdt, node) &&
		    !node_reg_base(fdt, anc, depth, &refs[count].base))
			refs[count++].node = node;
	}
	return node == -FDT_ERR_NOTFOUND ? count : fdt_errno(node);
}

/* A master MTD with registered partitions. */
static bool has_parts(const struct mtd_info *m)
{
	if (m->parent || !(m->flags & MTD_MAPPED))
		return false;
	for (struct mtd_info *p = mtd_first(); p; p = p->next)
		if (p->parent == m)
			return true;
	return false;
}

int fdt_fixup_mtdparts(void *fdt)
{
	struct mtd_node_ref refs[FDT_MTD_ALIAS_MAX];
	int written = 0, nrefs, ret = 0;

	nrefs = collect_mtd_nodes(fdt, refs, FDT_MTD_ALIAS_MAX);
	if (nrefs < 0)
		return nrefs;
	/*
	 * Last node first: an edit inside a node moves only what follows its
	 * start, so the offsets of the nodes before it still hold (no lookup by
	 * path after each edit). A node two masters map gets the last one's
	 * partitions, as registry order would give.
	 */
	for (int i = nrefs - 1; i >= 0 && !ret; i--) {
		for (struct mtd_info *m = mtd_first(); m && !ret; m = m->next) {
			if (refs[i].base != m->mapped || !has_parts(m))
				continue;
			ret = write_partitions(fdt, refs[i].node, m);
			written += !ret;
		}
	}
	return ret ? ret : written;
}
