/* Linux-compatible mtdparts parser, its resolution against a device, mtdids and formatting. */
#ifndef FB_MTDPARTS_H
#define FB_MTDPARTS_H

#include "common.h"

struct mtd_info;

/*
 * Markers, with Linux's values (cmdlinepart.c uses ULLONG_MAX for both), so an
 * explicit size or offset of 0xffffffffffffffff means the same as in Linux.
 */
#define MTDPARTS_SIZE_REST UINT64_MAX  /* size "-": the rest of the device */
#define MTDPARTS_OFS_APPEND UINT64_MAX /* no "@": right after the previous one */

/* Partition flags as written in the string */
#define MTDPARTS_F_RO 0x1  /* "ro": read-only */
#define MTDPARTS_F_LK 0x2  /* "lk": do not unlock at power-up */
#define MTDPARTS_F_SLC 0x4 /* "slc": SLC emulation on MLC NAND */

#ifndef MTDPARTS_MAX_DEVS
// clang-format off
#define MTDPARTS_MAX_DEVS 8   /* mtddefs in one string */
// clang-format on
#endif
#ifndef MTDPARTS_MAX_PARTS
#define MTDPARTS_MAX_PARTS 64 /* partdefs in one string, and per resolved device */
#endif
// clang-format off
#define MTDPARTS_NAME_MAX 31  /* fits mtd_info.name */
#define MTDPARTS_ID_MAX 63
// clang-format on

/* One <partdef>. Strings point into the parsed input (not NUL-terminated). */
struct mtdparts_part {
	uint64_t size;    /* bytes, or MTDPARTS_SIZE_REST */
	uint64_t offset;  /* bytes, or MTDPARTS_OFS_APPEND */
	const char *name; /* NULL when no "(name)" was given; may have name_len 0 */
	size_t name_len;
	uint32_t flags; /* MTDPARTS_F_* */
};

/* One <mtddef>: its partitions are parts[first .. first + nparts - 1]. */
struct mtdparts_dev {
	const char *id; /* mtd-id, into the input */
	size_t id_len;
	int first;
	int nparts;
};

struct mtdparts_table {
	struct mtdparts_dev devs[MTDPARTS_MAX_DEVS];
	int ndevs;
	struct mtdparts_part parts[MTDPARTS_MAX_PARTS];
	int nparts;
};

/*
 * Parse "[mtdparts=]<mtddef>[;<mtddef>...]" of at most len bytes (stops at a
 * NUL). Returns 0, -EINVAL (syntax, as Linux rejects it) or -ENOSPC (table
 * full); *err_pos (may be NULL) gets the byte index of the error. The table
 * points into s, which must outlive it.
 */
int mtdparts_parse(const char *s, size_t len, struct mtdparts_table *t, size_t *err_pos);

/* Index of the mtddef for an mtd-id (the last one, as Linux), or -ENOENT. */
int mtdparts_find_dev(const struct mtdparts_table *t, const char *id, size_t id_len);

/* Format as a canonical "mtdparts=..." string; returns its length or -ENOSPC. */
int mtdparts_format(const struct mtdparts_table *t, char *buf, size_t size);

/* ---------------------------------------------------------------- resolution */

/* Warning bits of a resolved partition (what Linux would print about it) */
#define MTDPARTS_W_TRUNCATED 0x01    /* extends beyond the end: size truncated */
#define MTDPARTS_W_OUT_OF_REACH 0x02 /* starts at/after the end: disabled, size 0 */
#define MTDPARTS_W_RO_START 0x04     /* does not start on an erase block: forced read-only */
#define MTDPARTS_W_RO_END 0x08       /* does not end on an erase block: forced read-only */
#define MTDPARTS_W_OVERLAP 0x10      /* overlaps the earlier partition ->overlap */
#define MTDPARTS_W_FORCED_RO (MTDPARTS_W_RO_START | MTDPARTS_W_RO_END)

struct mtdparts_rpart {
	char name[MTDPARTS_NAME_MAX + 1]; /* Linux's "Partition_%03d" when unnamed */
	uint64_t offset;
	uint64_t size;  /* 0 when out of reach */
	uint32_t flags; /* MTDPARTS_F_* as written */
	uint32_t warn;  /* MTDPARTS_W_* */
	int overlap;    /* index of the first earlier partition it overlaps, or -1 */
	int src;        /* index of its <partdef> within the mtddef */
};

/* One device's partitions as Linux would register them (Linux's numbering). */
struct mtdparts_rtable {
	char id[MTDPARTS_ID_MAX + 1];
	uint64_t devsize;
	struct mtdparts_rpart parts[MTDPARTS_MAX_PARTS];
	int nparts;
	int skipped[MTDPARTS_MAX_PARTS]; /* <partdef> indexes Linux drops (size 0) */
	int nskipped;
	int err_part; /* <partdef> index an error refers to, or -1 */
};

/*
 * Resolve mtddef number dev of t against the whole device mtd, as Linux's
 * cmdlinepart.c + mtdpart.c do. Returns 0, -EINVAL (bad dev index), -E2BIG
 * (a name longer than MTDPARTS_NAME_MAX or an id longer than MTDPARTS_ID_MAX)
 * or -EEXIST (duplicate name); r->err_part says which partition.
 */
int mtdparts_resolve(const struct mtdparts_table *t, int dev, struct mtd_info *mtd,
		     struct mtdparts_rtable *r);

/* True when the partition exists on the device (Linux registers it, size > 0). */
static inline bool mtdparts_rpart_active(const struct mtdparts_rpart *p)
{
	return !(p->warn & MTDPARTS_W_OUT_OF_REACH);
}

/* MTD_RO when written "ro" or forced read-only, else 0. */
uint32_t mtdparts_rpart_mtd_flags(const struct mtdparts_rpart *p);

/* Short text for one MTDPARTS_W_* bit, for commands to print. */
const char *mtdparts_warn_str(uint32_t bit);

/*
 * Index of the first partition (other than skip; -1 for none) whose range
 * intersects [offset, offset + size), or -1. Empty ranges never overlap.
 */
int mtdparts_find_overlap(const struct mtdparts_rtable *r, uint64_t offset, uint64_t size, int skip);

/*
 * Editing helpers for "mtdparts add/del": insert a partition (kept sorted by
 * offset) after checking name (-E2BIG, -EEXIST), range (-EINVAL) and overlap
 * (-EBUSY); delete one by index. Warnings of edited entries are not updated:
 * format, re-parse and re-resolve to see what Linux will make of the result.
 */
int mtdparts_rtable_add(struct mtdparts_rtable *r, const char *name, uint64_t offset, uint64_t size,
			uint32_t flags);
int mtdparts_rtable_del(struct mtdparts_rtable *r, int idx);

/*
 * Replace mtddef dev of t by the canonical form of r (offsets only where not
 * contiguous, "-" for a last partition reaching the end, out-of-reach ones
 * left out); dev == t->ndevs appends a new mtddef for r->id; an r without
 * active partitions removes the mtddef. t then points into r. 0, -EINVAL or -ENOSPC.
 */
int mtdparts_set_dev(struct mtdparts_table *t, int dev, const struct mtdparts_rtable *r);

/*
 * Register the active partitions of r on mtd with mtd_add_partition(), all or
 * nothing. mtd must have no partitions yet (-EBUSY). -EEXIST when a name is
 * taken, -EINVAL for a range mtd refuses, -ENOMEM; *failed (may be NULL) gets
 * the index in r->parts of the partition that failed, else -1.
 */
int mtdparts_apply(struct mtd_info *mtd, const struct mtdparts_rtable *r, int *failed);

/* ---------------------------------------------------------------- mtdids */

#ifndef MTDIDS_MAX
#define MTDIDS_MAX 8
#endif

/* "<dev>=<mtd-id>": one of our device names and the Linux mtd-id it maps to. */
struct mtdids_entry {
	const char *dev; /* into the parsed string, not NUL-terminated */
	size_t dev_len;
	const char *id;
	size_t id_len;
};

struct mtdids {
	struct mtdids_entry e[MTDIDS_MAX];
	int n;
};

/*
 * Parse "<dev>=<mtd-id>[,<dev>=<mtd-id>...]" (U-Boot's mtdids), e.g.
 * "nor0=34000000.flash,nand0=nand". An empty string gives no entries.
 * 0, -EINVAL, -E2BIG (dev name longer than MTDPARTS_NAME_MAX) or -ENOSPC;
 * *err_pos (may be NULL) gets the byte index of the error.
 */
int mtdids_parse(const char *s, size_t len, struct mtdids *m, size_t *err_pos);

const struct mtdids_entry *mtdids_find_by_dev(const struct mtdids *m, const char *dev);
const struct mtdids_entry *mtdids_find_by_id(const struct mtdids *m, const char *id, size_t id_len);

/* ---------------------------------------------------------------- kernel command line */

/*
 * mtdparts= on the kernel command line (mtd/mtdparts_cmdline.c). Words are
 * split as Linux's next_arg() does (blanks, double quotes); the words Linux
 * hands to cmdlinepart are "mtdparts=" (__setup) and "cmdlinepart.mtdparts="
 * (its module parameter, applied later, so it wins) before any "--".
 */
#define MTDPARTS_CMDLINE_NOTES 8

enum mtdparts_note_kind {
	MTDPARTS_NOTE_UNKNOWN_ID, /* mtd-id in neither column of mtdids: left as it is */
	MTDPARTS_NOTE_BAD_WORD,   /* Linux's parser rejects the value: word left unchanged */
	MTDPARTS_NOTE_BAD_ID, /* our name maps to an id with blanks, '"', '(' or ';': not translated */
	MTDPARTS_NOTE_UNCHECKED,  /* mtdparts="mtdparts=...": ids not looked at */
	MTDPARTS_NOTE_OVERRIDDEN, /* Linux ignores this word: a later one wins */
};

struct mtdparts_note {
	enum mtdparts_note_kind kind;
	const char *s; /* into bootargs: the mtd-id, or the whole word */
	size_t len;
	size_t pos; /* BAD_WORD: error position within the word's value */
	int err;    /* BAD_WORD: the parser's error */
};

struct mtdparts_cmdline_info {
	size_t len;      /* length of the result, also when it did not fit */
	int nwords;      /* mtdparts=/cmdlinepart.mtdparts= words Linux reads */
	int ntranslated; /* mtd-ids rewritten from our names to Linux's */
	int nremoved;    /* words dropped for the table */
	int nnotes;      /* may exceed MTDPARTS_CMDLINE_NOTES; the rest are not stored */
	struct mtdparts_note notes[MTDPARTS_CMDLINE_NOTES];
};

/*
 * The command line Linux should get for bootargs (NULL: ""), into buf.
 * table == NULL: every mtd-id of a mtdparts= word that is one of our device
 * names (the dev side of ids) becomes its Linux id; everything else stays
 * byte for byte. table != NULL ("" or "mtdparts=..." as mtdparts_format()
 * writes it): every mtdparts= word is removed with the blanks after it and
 * the table is added at the end (before a "--"), quoted when its names need
 * it. scratch is parsing space. Returns the length, -ENOSPC (info->len says
 * how long it would be) or -EINVAL (table not "mtdparts=..." or not
 * expressible on a command line: names with both blanks and '"').
 */
int mtdparts_cmdline(const char *bootargs, const struct mtdids *ids, const char *table,
		     struct mtdparts_table *scratch, char *buf, size_t size,
		     struct mtdparts_cmdline_info *info);

struct mtdparts_cmdline_work {
	struct mtdparts_table t;   /* the mtdparts string */
	struct mtdparts_table one; /* one device in canonical form */
	struct mtdparts_rtable r;
};

/*
 * The table in force as one canonical "mtdparts=..." string keyed by Linux
 * mtd-ids: every mtddef of the mtdparts string (the last of a repeated id)
 * resolved against our device mtdids maps it to (mtd_find()), as
 * "mtdparts init" registers it: partitions out of reach or of size 0 left
 * out, forced read-only ones written "ro". "" when mtdparts is NULL/empty or
 * leaves no partition. Returns the length, a parse error (-EINVAL, -ENOSPC),
 * -ENOENT (id not in mtdids), -ENODEV (no such device), -E2BIG/-EEXIST
 * (resolution) or -ENOSPC (buf); *err_pos (may be NULL) gets the byte index
 * in mtdparts of the error or of the mtd-id it concerns.
 */
int mtdparts_cmdline_table(const char *mtdparts, const struct mtdids *ids,
			   struct mtdparts_cmdline_work *w, char *buf, size_t size, size_t *err_pos);

#endif
