/* Boot-time device-tree fixups: open/grow the tree, /memory, /chosen, /reserved-memory phram nodes, then MTD. */
#include <limits.h>
#include <stdio.h>
#include "fdt_fixup.h"
#include "fdt_util.h"
#include "phram.h"

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

/*
 * Read-only walks with libfdt's results but without its cost: fdt_next_tag()
 * fetches a node name one byte per fdt_offset_ptr() call, and every lookup
 * walks tags again. These read the tags straight from the structure block,
 * under the same bounds fdt_offset_ptr() applies. Blobs they do not expect
 * (not 8-byte aligned, older than v17, ...) go to libfdt itself.
 */
struct fdtq {
	const void *fdt;
	const char *s;	/* structure block */
	uint64_t lim;	/* bytes of it fdt_offset_ptr() hands out */
};

static bool q_init(struct fdtq *q, const void *fdt)
{
	uint32_t ts, ods;

	if ((uintptr_t)fdt & 7 || fdt_magic(fdt) != FDT_MAGIC || fdt_version(fdt) < 17 ||
	    fdt_last_comp_version(fdt) > FDT_LAST_SUPPORTED_VERSION)
		return false;
	ts = fdt_totalsize(fdt);
	ods = fdt_off_dt_struct(fdt);
	if (ts >= INT32_MAX || ods > ts)
		return false;
	q->fdt = fdt;
	q->s = (const char *)fdt + ods;
	q->lim = MIN(ts - ods, fdt_size_dt_struct(fdt));
	return true;
}

/* fdt_next_tag() */
static uint32_t q_tag(const struct fdtq *q, int off, int *next)
{
	uint64_t end;
	uint32_t tag;

	*next = -FDT_ERR_TRUNCATED;
	if (off < 0 || (uint64_t)off + 4 > q->lim)
		return FDT_END;
	tag = fdt32_ld((const fdt32_t *)(q->s + off));
	*next = -FDT_ERR_BADSTRUCTURE;
	switch (tag) {
	case FDT_BEGIN_NODE: {
		const char *nul = (uint64_t)off + 4 < q->lim ?
			memchr(q->s + off + 4, 0, (size_t)(q->lim - (uint64_t)off - 4)) : NULL;

		if (!nul)
			return FDT_END;
		end = (uint64_t)(nul - q->s) + 1;
		break;
	}
	case FDT_PROP:
		if ((uint64_t)off + 8 > q->lim)
			return FDT_END;
		/* libfdt's int arithmetic: the step wraps at 32 bits */
		end = (uint64_t)off + (uint32_t)(12u + fdt32_ld((const fdt32_t *)(q->s + off + 4)));
		if (end > q->lim)
			return FDT_END;
		break;
	case FDT_END:
	case FDT_END_NODE:
	case FDT_NOP:
		end = (uint64_t)off + 4;
		break;
	default:
		return FDT_END;
	}
	*next = (int)((end + FDT_TAGSIZE - 1) & ~(uint64_t)(FDT_TAGSIZE - 1));
	return tag;
}

/* fdt_check_node_offset_(): the offset after the node's name, or an error */
static int q_check_node(const struct fdtq *q, int off)
{
	int next;

	if (off < 0 || off % FDT_TAGSIZE || q_tag(q, off, &next) != FDT_BEGIN_NODE)
		return -FDT_ERR_BADOFFSET;
	return next;
}

static int q_next_node(const struct fdtq *q, int offset, int *depth)
{
	int nextoffset = 0;
	uint32_t tag;

	if (offset >= 0 && (nextoffset = q_check_node(q, offset)) < 0)
		return nextoffset;
	do {
		offset = nextoffset;
		tag = q_tag(q, offset, &nextoffset);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			break;
		case FDT_END_NODE:
			if (depth && --(*depth) < 0)
				return nextoffset;
			break;
		case FDT_END:
			if (nextoffset >= 0 || (nextoffset == -FDT_ERR_TRUNCATED && !depth))
				return -FDT_ERR_NOTFOUND;
			return nextoffset;
		}
	} while (tag != FDT_BEGIN_NODE);
	return offset;
}

/* libfdt's nextprop_(): the property tag at or after off (NOPs skipped) */
static int q_nextprop(const struct fdtq *q, int off)
{
	uint32_t tag;
	int next;

	do {
		tag = q_tag(q, off, &next);
		if (tag == FDT_END)
			return next >= 0 ? -FDT_ERR_BADSTRUCTURE : next;
		if (tag == FDT_PROP)
			return off;
		off = next;
	} while (tag == FDT_NOP);
	return -FDT_ERR_NOTFOUND;
}

int fdtq_next_node(const void *fdt, int offset, int *depth)
{
	struct fdtq q;

	return q_init(&q, fdt) ? q_next_node(&q, offset, depth) : fdt_next_node(fdt, offset, depth);
}

int fdtq_first_subnode(const void *fdt, int offset)
{
	int depth = 0;

	offset = fdtq_next_node(fdt, offset, &depth);
	return offset < 0 || depth != 1 ? -FDT_ERR_NOTFOUND : offset;
}

int fdtq_next_subnode(const void *fdt, int offset)
{
	struct fdtq q;
	int depth = 1;

	if (!q_init(&q, fdt))
		return fdt_next_subnode(fdt, offset);
	do {
		offset = q_next_node(&q, offset, &depth);
		if (offset < 0 || depth < 1)
			return -FDT_ERR_NOTFOUND;
	} while (depth > 1);
	return offset;
}

const char *fdtq_get_name(const void *fdt, int node, int *len)
{
	struct fdtq q;
	int err;

	if (!q_init(&q, fdt))
		return fdt_get_name(fdt, node, len);
	err = q_check_node(&q, node);
	if (err < 0) {
		if (len)
			*len = err;
		return NULL;
	}
	if (len)
		*len = (int)strlen(q.s + node + 4);
	return q.s + node + 4;
}

static int q_subnode_offset(const struct fdtq *q, int offset, const char *name, size_t len)
{
	int depth;

	for (depth = 0; offset >= 0 && depth >= 0; offset = q_next_node(q, offset, &depth)) {
		/* fdt_nodename_eq_(): a name without '@' matches any unit address */
		const char *p = q->s + offset + 4;

		if (depth == 1 && !strncmp(p, name, len) &&
		    (p[len] == '\0' || (p[len] == '@' && !memchr(name, '@', len))))
			return offset;
	}
	return depth < 0 ? -FDT_ERR_NOTFOUND : offset;
}

int fdtq_subnode_offset(const void *fdt, int offset, const char *name)
{
	struct fdtq q;

	if (!q_init(&q, fdt))
		return fdt_subnode_offset(fdt, offset, name);
	return q_subnode_offset(&q, offset, name, strlen(name));
}

int fdtq_path_offset(const void *fdt, const char *path)
{
	const char *p = path, *end = path + strlen(path);
	struct fdtq q;
	int offset = 0;

	/* aliases stay with libfdt */
	if (*path != '/' || !q_init(&q, fdt))
		return fdt_path_offset(fdt, path);
	while (p < end) {
		const char *e;

		while (*p == '/')
			if (++p == end)
				return offset;
		e = memchr(p, '/', (size_t)(end - p));
		if (!e)
			e = end;
		offset = q_subnode_offset(&q, offset, p, (size_t)(e - p));
		if (offset < 0)
			return offset;
		p = e;
	}
	return offset;
}

const void *fdtq_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	struct fdtq q;
	size_t namelen = strlen(name);
	int off, next;

	if (!q_init(&q, fdt))
		return fdt_getprop(fdt, node, name, lenp);
	off = q_check_node(&q, node);
	for (off = off < 0 ? off : q_nextprop(&q, off); off >= 0; off = q_nextprop(&q, next)) {
		const struct fdt_property *p = (const void *)(q.s + off);
		int slen;
		const char *pn = fdt_get_string(fdt, (int)fdt32_ld(&p->nameoff), &slen);

		if (pn && (size_t)slen == namelen && !memcmp(pn, name, namelen)) {
			if (lenp)
				*lenp = (int)fdt32_ld(&p->len);
			return p->data;
		}
		q_tag(&q, off, &next);
	}
	if (lenp)
		*lenp = off;
	return NULL;
}

int fdtq_supernode_atdepth_offset(const void *fdt, int node, int superdepth, int *nodedepth)
{
	struct fdtq q;
	int offset, depth, super = -FDT_ERR_INTERNAL;

	if (!q_init(&q, fdt))
		return fdt_supernode_atdepth_offset(fdt, node, superdepth, nodedepth);
	if (superdepth < 0)
		return -FDT_ERR_NOTFOUND;
	for (offset = 0, depth = 0; offset >= 0 && offset <= node;
	     offset = q_next_node(&q, offset, &depth)) {
		if (depth == superdepth)
			super = offset;
		if (offset == node) {
			if (nodedepth)
				*nodedepth = depth;
			return superdepth > depth ? -FDT_ERR_NOTFOUND : super;
		}
	}
	if (offset == -FDT_ERR_NOTFOUND || offset >= 0)
		return -FDT_ERR_BADOFFSET;
	return offset == -FDT_ERR_BADOFFSET ? -FDT_ERR_BADSTRUCTURE : offset;
}

int fdtq_node_depth(const void *fdt, int node)
{
	int depth, err = fdtq_supernode_atdepth_offset(fdt, node, 0, &depth);

	if (err)
		return err < 0 ? err : -FDT_ERR_INTERNAL;
	return depth;
}

int fdtq_parent_offset(const void *fdt, int node)
{
	int depth = fdtq_node_depth(fdt, node);

	return depth < 0 ? depth : fdtq_supernode_atdepth_offset(fdt, node, depth - 1, NULL);
}

int fdtq_node_check_compatible(const void *fdt, int node, const char *compatible)
{
	int len;
	const void *prop = fdtq_getprop(fdt, node, "compatible", &len);

	return prop ? !fdt_stringlist_contains(prop, len, compatible) : len;
}

/* fdt_address_cells() / fdt_size_cells(): missing 2 / 1, more than 4 an error */
static int q_cells(const void *fdt, int node, const char *name, int missing)
{
	int len;
	const fdt32_t *c = fdtq_getprop(fdt, node, name, &len);
	uint32_t val;

	if (!c)
		return len == -FDT_ERR_NOTFOUND ? missing : len;
	if (len != sizeof(*c))
		return -FDT_ERR_BADNCELLS;
	val = fdt32_ld(c);
	return val > FDT_MAX_NCELLS ? -FDT_ERR_BADNCELLS : (int)val;
}

int fdtq_address_cells(const void *fdt, int node)
{
	int val = q_cells(fdt, node, "#address-cells", 2);

	return val == 0 ? -FDT_ERR_BADNCELLS : val;
}

int fdtq_size_cells(const void *fdt, int node)
{
	return q_cells(fdt, node, "#size-cells", 1);
}

int fdt_check_struct(const void *fdt)
{
	struct fdtq q;
	bool fast = q_init(&q, fdt);
	int off = 0, next, depth = 0;

	for (;;) {
		uint32_t tag = fast ? q_tag(&q, off, &next) : fdt_next_tag(fdt, off, &next);

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

			if (!p || depth < 1 || fdt32_to_cpu(p->len) > (uint32_t)(next - off) ||
			    (fdt_version(fdt) >= 17 &&
			     fdt32_to_cpu(p->nameoff) >= fdt_size_dt_strings(fdt)))
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
	ret = fdt_open_into(fdt, fdt, (int)bufsize);
	if (ret)
		return fdt_errno(ret);
	/* the root must be the first node and nameless, or paths mean nothing */
	name = fdtq_get_name(fdt, 0, &len);
	return name && len == 0 ? 0 : -EINVAL;
}

int fdt_root_cells(const void *fdt, int *ac, int *sc)
{
	*ac = fdtq_address_cells(fdt, 0);
	if (*ac < 0)
		return fdt_errno(*ac);
	*sc = fdtq_size_cells(fdt, 0);
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
	if (!fdtq_getprop(fdt, 0, "#address-cells", NULL)) {
		ret = fdt_setprop_u32(fdt, 0, "#address-cells", (uint32_t)*ac);
		if (ret)
			return fdt_errno(ret);
	}
	if (!fdtq_getprop(fdt, 0, "#size-cells", NULL))
		return fdt_errno(fdt_setprop_u32(fdt, 0, "#size-cells", (uint32_t)*sc));
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
	const char *t = fdtq_getprop(fdt, node, "device_type", &len);

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
	fdtq_for_each_subnode(node, fdt, 0)
		if (is_memory_node(fdt, node))
			break;
	if (node == -FDT_ERR_NOTFOUND) {
		node = fdtq_subnode_offset(fdt, 0, "memory");
		if (node == -FDT_ERR_NOTFOUND)
			node = fdt_add_subnode(fdt, 0, "memory");
	}
	if (node < 0)
		return fdt_errno(node);
	/* Linux adds the RAM of every memory node: keep only ours */
	for (;;) {
		fdtq_for_each_subnode(other, fdt, 0)
			if (other > node && is_memory_node(fdt, other))
				break;
		if (other < 0)
			break;
		ret = fdt_del_node(fdt, other);
		if (ret)
			return fdt_errno(ret);
	}
	if (other != -FDT_ERR_NOTFOUND)
		return fdt_errno(other);
	ret = fdt_setprop(fdt, node, "reg", reg, (ac + sc) * 4);
	if (!ret)
		ret = fdt_setprop_string(fdt, node, "device_type", "memory");
	return fdt_errno(ret);
}

static int chosen_node(void *fdt)
{
	int node = fdtq_subnode_offset(fdt, 0, "chosen");

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(fdt, 0, "chosen");
	return fdt_errno(node);
}

int fdt_fixup_bootargs(void *fdt, const char *bootargs)
{
	int node = chosen_node(fdt);

	if (node < 0)
		return node;
	return fdt_errno(fdt_setprop_string(fdt, node, "bootargs", bootargs));
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
		/* a stale initrd from the DTB would make Linux read garbage */
		ret = fdt_delprop(fdt, node, "linux,initrd-start");
		if (ret && ret != -FDT_ERR_NOTFOUND)
			return fdt_errno(ret);
		ret = fdt_delprop(fdt, node, "linux,initrd-end");
		return ret == -FDT_ERR_NOTFOUND ? 0 : fdt_errno(ret);
	}
	ret = fdt_root_cells(fdt, &ac, &sc);
	if (!ret)
		ret = fdt_cells_put(v, ac, end);
	if (ret)
		return ret;
	ret = fdt_setprop(fdt, node, "linux,initrd-end", v, ac * 4);
	if (ret)
		return fdt_errno(ret);
	fdt_cells_put(v, ac, start);
	return fdt_errno(fdt_setprop(fdt, node, "linux,initrd-start", v, ac * 4));
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

	old = fdtq_getprop(fdt, node, "reg", &len);
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
	return fdt_errno(fdt_setprop(fdt, node, "reg", buf, n * (ac + sc) * 4));
}

/* /reserved-memory as Linux accepts it: the root's cells and a ranges property. */
static int resmem_node(void *fdt, int ac, int sc)
{
	int node = fdtq_subnode_offset(fdt, 0, "reserved-memory");
	int oac, osc, child, ret;

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(fdt, 0, "reserved-memory");
	if (node < 0)
		return fdt_errno(node);
	oac = fdtq_address_cells(fdt, node);
	osc = fdtq_size_cells(fdt, node);
	if (oac < 0 || osc < 0)
		return -EINVAL;
	if (oac != ac || osc != sc) {
		fdtq_for_each_subnode(child, fdt, node) {
			ret = reg_recode(fdt, child, oac, osc, ac, sc);
			if (ret)
				return ret;
		}
	}
	ret = fdt_setprop_empty(fdt, node, "ranges");
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#size-cells", (uint32_t)sc);
	if (!ret)
		ret = fdt_setprop_u32(fdt, node, "#address-cells", (uint32_t)ac);
	return ret ? fdt_errno(ret) : node;
}

static bool phram_child_matches(const void *fdt, int child, const char *name, const char *label)
{
	const char *n = fdtq_get_name(fdt, child, NULL);
	const char *l;

	if (n && !strcmp(n, name))
		return true;
	if (fdtq_node_check_compatible(fdt, child, "phram"))
		return false;
	l = fdtq_getprop(fdt, child, "label", NULL);
	return l && !strcmp(l, label);
}

static int phram_add_node(void *fdt, int resm, const struct phram_region *r, int ac, int sc,
			  bool nomap)
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
		fdtq_for_each_subnode(child, fdt, resm)
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
	child = fdt_add_subnode(fdt, resm, name);
	if (child < 0)
		return fdt_errno(child);
	/* libfdt puts a new property first: add them last to first */
	ret = nomap ? fdt_setprop_empty(fdt, child, "no-map") : 0;
	if (!ret)
		ret = fdt_setprop(fdt, child, "reg", reg, (ac + sc) * 4);
	if (!ret)
		ret = fdt_setprop_string(fdt, child, "label", r->label);
	if (!ret)
		ret = fdt_setprop_string(fdt, child, "compatible", "phram");
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

int fdt_fixup_for_boot(void *fdt, size_t bufsize, const struct fdt_boot_info *info)
{
	struct phram_region regions[PHRAM_MAX];
	int n = 0, ret;

	ret = fdt_open_checked(fdt, bufsize);
	if (ret)
		return ret;
	for (int i = 0; i < phram_count() && n < PHRAM_MAX; i++) {
		const struct phram_region *r = phram_get(i);
		if (r)
			regions[n++] = *r;
	}
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
	return ret < 0 ? ret : 0;
}
