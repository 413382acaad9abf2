/* Direct edits of a checked device tree: add a child node, set a property, without libfdt's per-byte walks. */
#include "fdt_util.h"

/*
 * The tree is one fdt_open_checked() accepted and the fixups keep in that
 * shape: a v17 header, the memory reservation map, the structure block, the
 * strings block, then free space up to totalsize. An edit moves everything
 * after the edited spot by the change in size (the strings block included)
 * and updates the two header fields that depend on it. libfdt's own writers
 * find the spot again with its checked walks: from the root that is a walk
 * of the whole tree per new node, and a byte-by-byte search of the strings
 * block per new property name; these start from offsets the caller already
 * holds.
 */
static uint8_t *sblk_w(void *fdt)
{
	return (uint8_t *)fdt + fdt_off_dt_struct(fdt);
}

static uint32_t tag_at(const uint8_t *s, int off)
{
	return fdt32_to_cpu(*(const fdt32_t *)(s + off));
}

static void tag_put(uint8_t *s, int off, uint32_t v)
{
	*(fdt32_t *)(s + off) = cpu_to_fdt32(v);
}

/* Bytes in use: header to the end of the strings block. */
static uint32_t used_end(const void *fdt)
{
	return fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

/* The layout the edits assume (libfdt's writers refuse other trees with the same errors). */
static int layout_check(const void *fdt)
{
	if (fdt_version(fdt) < 17)
		return -FDT_ERR_BADVERSION;
	if (fdt_off_dt_struct(fdt) < fdt_off_mem_rsvmap(fdt) ||
	    (uint64_t)fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt) > fdt_off_dt_strings(fdt) ||
	    (uint64_t)fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt) > fdt_totalsize(fdt))
		return -FDT_ERR_BADLAYOUT;
	return 0;
}

/* Replace oldlen bytes at structure offset off by newlen bytes (contents left to the caller). */
static int splice(void *fdt, int off, int oldlen, int newlen)
{
	uint8_t *p = sblk_w(fdt) + off + oldlen;
	uint32_t end = used_end(fdt);
	int delta = newlen - oldlen;

	if (delta > 0 && (uint64_t)end + (uint32_t)delta > fdt_totalsize(fdt))
		return -FDT_ERR_NOSPACE;
	memmove(p + delta, p, (size_t)((uint8_t *)fdt + end - p));
	fdt_set_size_dt_struct(fdt, fdt_size_dt_struct(fdt) + delta);
	fdt_set_off_dt_strings(fdt, fdt_off_dt_strings(fdt) + delta);
	return 0;
}

/* The first tag after the node's properties (and NOPs): where a new child goes, as libfdt puts it. */
static int after_props(const uint8_t *s, int node)
{
	int off = fdt_direct_after_name(s, node);

	for (;;) {
		fdt32_t tag = *(const fdt32_t *)(s + off); /* compared as stored: no byte swap */

		if (tag == cpu_to_fdt32(FDT_NOP))
			off += FDT_TAGSIZE;
		else if (tag == cpu_to_fdt32(FDT_PROP))
			off += 12 + (int)ALIGN_UP(tag_at(s, off + 4), (uint32_t)FDT_TAGSIZE);
		else
			return off;
	}
}

int fdt_direct_add_child(void *fdt, int parent, const char *name)
{
	size_t n = strlen(name);
	int off, len, ret;
	uint8_t *s;

	if (!n || strchr(name, '/'))
		return -FDT_ERR_BADPATH;
	ret = layout_check(fdt);
	if (ret)
		return ret;
	if (fdt_direct_child(fdt, parent, name) >= 0)
		return -FDT_ERR_EXISTS;
	off = after_props(sblk_w(fdt), parent);
	len = 4 + (int)ALIGN_UP(n + 1, (size_t)FDT_TAGSIZE) + 4;
	ret = splice(fdt, off, 0, len);
	if (ret)
		return ret;
	s = sblk_w(fdt);
	tag_put(s, off, FDT_BEGIN_NODE);
	memset(s + off + 4, 0, (size_t)len - 8);
	memcpy(s + off + 4, name, n);
	tag_put(s, off + len - 4, FDT_END_NODE);
	return off;
}

/*
 * Offset of name in the strings block, as libfdt's search finds it (the first
 * string that ends with it: "cells" is found inside "#size-cells"), or -1.
 * That is the first "name\0" in the block (name holds no NUL): the NULs are
 * found a word at a time and only there is name compared.
 */
static int find_string(const void *fdt, const char *name, size_t n)
{
	const char *t = (const char *)fdt + fdt_off_dt_strings(fdt);
	size_t size = fdt_size_dt_strings(fdt), i = n;

	while (i < size) {
		if (!((uintptr_t)(t + i) & 3) && i + 4 <= size) {
			uint32_t w = *(const uint32_t *)(t + i);

			if (!((w - 0x01010101u) & ~w & 0x80808080u)) {
				i += 4;
				continue;
			}
		}
		if (!t[i] && !memcmp(t + i - n, name, n))
			return (int)(i - n);
		i++;
	}
	return -1;
}

int fdt_direct_setprop(void *fdt, int node, const char *name, const void *val, int len)
{
	uint8_t *s = sblk_w(fdt);
	int off, ret, nameoff, plen;
	const void *old;
	int newlen = (int)ALIGN_UP((uint32_t)len, (uint32_t)FDT_TAGSIZE);
	size_t n = strlen(name);

	if (len < 0)
		return -FDT_ERR_BADVALUE;
	ret = layout_check(fdt);
	if (ret)
		return ret;
	/* an existing property: resize its value in place */
	old = fdt_direct_prop(fdt, node, name, &plen);
	if (old) {
		off = (int)((const uint8_t *)old - s) - 12;
		ret = splice(fdt, off + 12, (int)ALIGN_UP((uint32_t)plen, (uint32_t)FDT_TAGSIZE),
			     newlen);
		if (ret)
			return ret;
		goto fill;
	}
	/* a new one goes first, as libfdt adds it; its name at the end of the strings if new */
	nameoff = find_string(fdt, name, n);
	if (nameoff < 0 && (uint64_t)used_end(fdt) + n + 1 + 12 + (uint32_t)newlen > fdt_totalsize(fdt))
		return -FDT_ERR_NOSPACE;
	if (nameoff < 0) {
		nameoff = (int)fdt_size_dt_strings(fdt);
		memcpy((char *)fdt + used_end(fdt), name, n + 1);
		fdt_set_size_dt_strings(fdt, fdt_size_dt_strings(fdt) + (uint32_t)(n + 1));
	}
	off = fdt_direct_after_name(s, node);
	ret = splice(fdt, off, 0, 12 + newlen);
	if (ret)
		return ret;
	tag_put(s, off, FDT_PROP);
	tag_put(s, off + 8, (uint32_t)nameoff);
fill:
	tag_put(s, off + 4, (uint32_t)len);
	if (len)
		memcpy(s + off + 12, val, (size_t)len);
	memset(s + off + 12 + len, 0, (size_t)(newlen - len));
	return 0;
}

int fdt_direct_setprop_string(void *fdt, int node, const char *name, const char *str)
{
	return fdt_direct_setprop(fdt, node, name, str, (int)strlen(str) + 1);
}

int fdt_direct_setprop_u32(void *fdt, int node, const char *name, uint32_t v)
{
	fdt32_t c = cpu_to_fdt32(v);

	return fdt_direct_setprop(fdt, node, name, &c, 4);
}
