/* Device-tree helpers on top of libfdt: errno translation, cells, single fixups, MTD nodes, U-Boot value syntax. */
#ifndef FB_FDT_UTIL_H
#define FB_FDT_UTIL_H
#include <libfdt.h>
#include "common.h"
#include "phram_region.h"

/*
 * Every function here returns 0 (or a count) on success and a negative
 * errno on failure; libfdt's -FDT_ERR_* codes never leave fdt/.
 */

/* libfdt code -> errno: NOTFOUND -ENOENT, EXISTS -EEXIST, NOSPACE -ENOSPC,
 * BADVALUE/BADNCELLS -ERANGE, everything else (corrupt tree, bad offset) -EINVAL.
 * Zero and positive values pass through. */
int fdt_errno(int fdt_err);

/* Check the header of the blob at fdt (bufsize bytes are ours) and open it in
 * place into bufsize bytes (totalsize becomes bufsize).
 * -EINVAL corrupt or unaligned, -ENOSPC the tree needs more than bufsize. */
int fdt_open_checked(void *fdt, size_t bufsize);
/* Walk the structure block once: every tag moves forward, property lengths and name offsets stay in
 * their blocks, nodes nest (at most 64 deep) and close, FDT_END ends it. Its length, or -EINVAL.
 * A tree that passes cannot send libfdt's walks round in circles. */
int fdt_check_struct(const void *fdt);

/* The root's #address-cells/#size-cells (libfdt defaults 2/1 when absent). */
int fdt_root_cells(const void *fdt, int *ac, int *sc);
/* Big-endian number in cells 32-bit words; -ERANGE when it does not fit. */
int fdt_cells_put(fdt32_t *out, int cells, uint64_t v);
int fdt_cells_get(const fdt32_t *in, int cells, uint64_t *v);

/* /memory: device_type "memory", one reg entry in the root's cells; other
 * root-level memory nodes are removed (Linux would add their RAM too). */
int fdt_fixup_memory(void *fdt, uint64_t base, uint64_t size);
/* /chosen/bootargs (created as needed). */
int fdt_fixup_bootargs(void *fdt, const char *bootargs);
/* /chosen/linux,initrd-start/-end in the root's address cells; start == end
 * removes both (no initrd); start > end is -EINVAL. */
int fdt_fixup_initrd(void *fdt, uint64_t start, uint64_t end);

/* Node name of a phram region under /reserved-memory: "<label>@<hex addr>",
 * characters not allowed in node names replaced by '-'. -ENOSPC if too long. */
int fdt_phram_node_name(const struct phram_region *r, char *buf, size_t size);
/* /reserved-memory with the root's cells and empty ranges, one child per
 * region (compatible "phram", label, reg, no-map when nomap), in table order.
 * Children with the same node name, or phram children with the same label,
 * are replaced; other children are kept (their reg re-encoded when the cells
 * of /reserved-memory had to change). */
/* local-mac-address = mac in every node compatible with compatible (U-Boot's fdt_fixup_ethernet) */
int fdt_fixup_ethernet(void *fdt, const char *compatible, const uint8_t mac[6]);
int fdt_fixup_phram(void *fdt, const struct phram_region *r, int n, bool nomap);

/*
 * Direct reads (fdt/direct.c) of a tree fdt_open_checked() accepted: no bound
 * is checked again, so never on a tree that did not pass it. Offsets and
 * depth work as libfdt's; errors are libfdt's -FDT_ERR_NOTFOUND.
 */
const char *fdt_direct_name(const void *fdt, int node, int *len);
const void *fdt_direct_prop(const void *fdt, int node, const char *name, int *lenp);
int fdt_direct_next_node(const void *fdt, int node, int *depth);     /* node -1: the root */
int fdt_direct_child(const void *fdt, int parent, const char *name); /* "a" finds "a@1" too */
int fdt_direct_next_child(const void *fdt, int parent, int prev);    /* prev -1: the first */
/* In the structure block s: the offset of the first tag after the name of the node at off
 * (the name is NUL-padded to a word: the first word with a zero byte ends it). */
int fdt_direct_after_name(const uint8_t *s, int off);
int fdt_direct_address_cells(const void *fdt, int node); /* as fdt_address_cells() */
int fdt_direct_size_cells(const void *fdt, int node);    /* as fdt_size_cells() */

/*
 * Direct edits (fdt/edit.c) of such a tree, with libfdt's results: a new child
 * goes after its parent's properties (-FDT_ERR_EXISTS when fdt_direct_child()
 * finds the name), a new property first in its node, its name reused from the
 * strings block when there; -FDT_ERR_NOSPACE when the buffer is full.
 */
int fdt_direct_add_child(void *fdt, int parent, const char *name);
int fdt_direct_setprop(void *fdt, int node, const char *name, const void *val, int len);
int fdt_direct_setprop_string(void *fdt, int node, const char *name, const char *str);
int fdt_direct_setprop_u32(void *fdt, int node, const char *name, uint32_t v);

/* True for nodes Linux turns into an MTD device (see docs/devicetree.md). The tree must be one
 * fdt_open_checked() accepted (the lookups trust its structure block). */
bool fdt_node_is_mtd(const void *fdt, int node);
/* The offset of the MTD device numbered idx by the alias rule (phram regions
 * first, then the tree's MTD nodes in order, partitions before their flash),
 * or -ENOENT. */
int fdt_mtd_node_by_index(const void *fdt, const struct phram_region *r, int n, int idx);
#define FDT_MTD_ALIAS_MAX 32
/* Replace every mtdN alias by the rule above; returns the number written. This one, the next and
 * fdt_node_is_mtd() want a tree fdt_open_checked() accepted (fdt_fixup_for_boot() does that). */
int fdt_fixup_mtd_aliases(void *fdt, const struct phram_region *r, int n);
/* Registered partitions of each memory-mapped master MTD as a
 * "fixed-partitions" child of the MTD node(s) whose reg base equals the
 * master's mapped address (an existing "partitions" child is replaced).
 * Returns the number of flash nodes written. */
int fdt_fixup_mtdparts(void *fdt);

/* U-Boot's `fdt set` value syntax, one shell argument per argv entry:
 * none -> empty, "<1 2 0x3>" -> cells (C-style numbers), "[00 11]" -> bytes
 * (hex), anything else -> one string per argument (a string list).
 * With buf NULL only the length is computed. Returns the length, -EINVAL
 * (*bad points into the offending argument) or -ENOSPC. */
int fdt_value_parse(int argc, char *const argv[], void *buf, size_t size, const char **bad);

enum fdt_value_kind { FDT_VAL_EMPTY, FDT_VAL_STRINGS, FDT_VAL_CELLS, FDT_VAL_BYTES };
/* How U-Boot prints a property: printable string list, cells when len % 4 == 0, else bytes. */
enum fdt_value_kind fdt_value_kind(const void *data, int len);
/* The value as `fdt get value` stores it: a string (index selects one of a
 * list), cells "0x1 0x2" (index selects one), bytes "00 11" (index: "0x11").
 * -ENOENT index out of range, -ENOSPC out too small. */
int fdt_value_format(const void *data, int len, int index, char *out, size_t size);

#endif
