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

static uint32_t tag_at(const uint8_t *s, int off)
{
	return fdt32_to_cpu(*(const fdt32_t *)(s + off));
}

/* Offset of the first tag after the name of the node at off. */
static int after_name(const uint8_t *s, int off)
{
	size_t n = strlen((const char *)s + off + 4);

	return (int)ALIGN_UP((size_t)off + 4 + n + 1, (size_t)FDT_TAGSIZE);
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
	int off = after_name(s, node);

	for (;;) {
		uint32_t tag = tag_at(s, off), len;

		if (tag == FDT_NOP) {
			off += FDT_TAGSIZE;
			continue;
		}
		if (tag != FDT_PROP)
			break;
		len = tag_at(s, off + 4);
		if (!strcmp(strs + tag_at(s, off + 8), name)) {
			if (lenp)
				*lenp = (int)len;
			return s + off + 12;
		}
		off += 12 + (int)ALIGN_UP(len, (uint32_t)FDT_TAGSIZE);
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

/* The next node in document order after node (-1: the root), *depth kept as fdt_next_node() does. */
int fdt_direct_next_node(const void *fdt, int node, int *depth)
{
	const uint8_t *s = sblk(fdt);
	int off = node < 0 ? 0 : after_name(s, node);

	for (;;) {
		switch (tag_at(s, off)) {
		case FDT_BEGIN_NODE:
			(*depth)++;
			return off;
		case FDT_END_NODE:
			(*depth)--;
			off += FDT_TAGSIZE;
			break;
		case FDT_PROP:
			off += 12 + (int)ALIGN_UP(tag_at(s, off + 4), (uint32_t)FDT_TAGSIZE);
			break;
		case FDT_NOP:
			off += FDT_TAGSIZE;
			break;
		default: /* FDT_END */
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
