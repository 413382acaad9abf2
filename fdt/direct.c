/* Direct reads of a checked device tree: node names, properties and walks straight from the structure block. */
#include "fdt_util.h"

/*
 * Reads straight from the structure block, for the boot fixups' walks: a node
 * is FDT_BEGIN_NODE, its NUL-terminated name padded to 4 bytes, then its
 * properties (FDT_PROP, length, name offset, value padded to 4), its child
 * nodes and FDT_END_NODE. Trees reach the fixups through fdt_open_checked()
 * (fdt_check_struct(): every tag inside the block, names terminated), so no
 * bound needs checking again; libfdt's own calls re-check them per byte of
 * every name and are most of the fixups' cost.
 */
static const uint8_t *sblk(const void *fdt)
{
	return (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
}

/* A tag as stored (big-endian): the walks compare it with these, no byte swap (Thumb has none). */
#define RAW(t) cpu_to_fdt32(t)

static inline fdt32_t raw_at(const uint8_t *s, int off)
{
	return *(const fdt32_t *)(s + off);
}

static inline uint32_t tag_at(const uint8_t *s, int off)
{
	return fdt32_to_cpu(raw_at(s, off));
}

int fdt_direct_after_name(const uint8_t *s, int off)
{
	const uint32_t *w = (const uint32_t *)(s + off + 4);

	/* a word with a zero byte ends the name (the check made sure one comes) */
	while (!((*w - 0x01010101u) & ~*w & 0x80808080u))
		w++;
	return (int)((const uint8_t *)(w + 1) - s);
}

/* The offset after the property at off (a FDT_PROP tag). */
static inline int after_prop(const uint8_t *s, int off)
{
	return off + 12 + (int)ALIGN_UP(tag_at(s, off + 4), (uint32_t)FDT_TAGSIZE);
}

const char *fdt_direct_name(const void *fdt, int node, int *len)
{
	const char *name = (const char *)sblk(fdt) + node + 4;

	*len = (int)strlen(name);
	return name;
}

const void *fdt_direct_prop(const void *fdt, int node, const char *name, int *lenp)
{
	const uint8_t *s = sblk(fdt);
	const char *strs = (const char *)fdt + fdt_off_dt_strings(fdt);
	int off = fdt_direct_after_name(s, node);

	for (;;) {
		fdt32_t tag = raw_at(s, off);

		if (tag == RAW(FDT_NOP)) {
			off += FDT_TAGSIZE;
			continue;
		}
		if (tag != RAW(FDT_PROP))
			break;
		const char *pn = strs + tag_at(s, off + 8);

		/* the first letters differ for most properties: no call for them */
		if (pn[0] == name[0] && !strcmp(pn, name)) {
			if (lenp)
				*lenp = (int)tag_at(s, off + 4);
			return s + off + 12;
		}
		off = after_prop(s, off);
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

/* The next node in document order after node (-1: the root), *depth kept as fdt_next_node() does. */
int fdt_direct_next_node(const void *fdt, int node, int *depth)
{
	const uint8_t *s = sblk(fdt);
	int off = node < 0 ? 0 : fdt_direct_after_name(s, node);

	for (;;) {
		fdt32_t tag = raw_at(s, off);

		if (tag == RAW(FDT_PROP)) {
			off = after_prop(s, off);
		} else if (tag == RAW(FDT_BEGIN_NODE)) {
			(*depth)++;
			return off;
		} else if (tag == RAW(FDT_END_NODE) || tag == RAW(FDT_NOP)) {
			*depth -= tag == RAW(FDT_END_NODE);
			off += FDT_TAGSIZE;
		} else { /* FDT_END */
			return -FDT_ERR_NOTFOUND;
		}
	}
}

int fdt_direct_next_child(const void *fdt, int parent, int prev)
{
	int depth = prev < 0 ? 0 : 1, node = prev < 0 ? parent : prev;

	/* depth 1: a child; back to 0 or below: past the parent's end */
	while ((node = fdt_direct_next_node(fdt, node, &depth)) >= 0 && depth > 0)
		if (depth == 1)
			return node;
	return -FDT_ERR_NOTFOUND;
}

/*
 * The child of parent called name (libfdt's rule: a name without a unit
 * address matches any unit address, so "reserved-memory" finds
 * "reserved-memory@0"), or -FDT_ERR_NOTFOUND.
 */
int fdt_direct_child(const void *fdt, int parent, const char *name)
{
	size_t n = strlen(name);
	bool any_unit = !strchr(name, '@');
	int node;

	for (node = fdt_direct_next_child(fdt, parent, -1); node >= 0;
	     node = fdt_direct_next_child(fdt, parent, node)) {
		int len;
		const char *c = fdt_direct_name(fdt, node, &len);

		if ((size_t)len >= n && !memcmp(c, name, n) &&
		    (c[n] == '\0' || (any_unit && c[n] == '@')))
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

/*
 * libfdt's fdt_address_cells()/fdt_size_cells() (absent: 2 or 1; not one
 * cell or above FDT_MAX_NCELLS: -FDT_ERR_BADNCELLS; #address-cells 0 too)
 * read directly.
 */
static int direct_cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *c = fdt_direct_prop(fdt, node, name, &len);
	uint32_t v;

	if (!c)
		return dflt;
	v = len == 4 ? fdt32_to_cpu(*c) : FDT_MAX_NCELLS + 1;
	return v > FDT_MAX_NCELLS || (!v && dflt == 2) ? -FDT_ERR_BADNCELLS : (int)v;
}

int fdt_direct_address_cells(const void *fdt, int node)
{
	return direct_cells(fdt, node, "#address-cells", 2);
}

int fdt_direct_size_cells(const void *fdt, int node)
{
	return direct_cells(fdt, node, "#size-cells", 1);
}
