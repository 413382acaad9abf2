/* Helpers shared by the flash commands (nor, nand, mtd, flinfo, erase, protect, phram). */
#ifndef FB_CMD_MTD_H
#define FB_CMD_MTD_H
#include "mtd.h"
#include "mtd_io.h"

/*
 * The current device of a command family (`nand device 1`, `nor device 0`): an index among the
 * registered masters the family takes, in registry order. One per command; mtd names its device
 * in every call and fdt keeps its working tree in $fdtaddr, as U-Boot does.
 */
struct cmd_dev {
	bool (*takes)(const struct mtd_info *master);
	int cur;
};

struct mtd_info *cmd_dev_nth(const struct cmd_dev *d, int n); /* NULL past the last */
struct mtd_info *cmd_dev_current(const struct cmd_dev *d);
int cmd_dev_index(const struct cmd_dev *d, const struct mtd_info *master); /* -1: not one of them */
/* `<cmd> device n`: 0 and the device made current, or -ENODEV (nothing changed) */
int cmd_dev_select(struct cmd_dev *d, const char *arg);

/*
 * Resolve "<off|partition> [size]" at argv[i..]: a partition name (or any
 * registered device name) gives that device, offset 0 and its size; a number
 * is an offset in dev with a size that must follow unless size_optional
 * (then: to the end). Prints a one-line error and returns -errno.
 */
int cmd_mtd_target(struct mtd_info *dev, int argc, char *const argv[], int i, bool size_optional,
		   struct mtd_info **out, uint64_t *off, uint64_t *size);

/*
 * The flash commands' data moves and erases, on any MTD (NAND: bad blocks
 * skipped): checks, the engine with the progress display (show: percent),
 * Ctrl-C, and the one-line result or error. 0 or 1.
 */
int cmd_mtd_io(struct mtd_info *m, bool write, uintptr_t addr, uint64_t off, uint64_t size, bool show);
int cmd_mtd_erase(struct mtd_info *m, uint64_t off, uint64_t size);

/* U-Boot's hex dump: count items of size 1/2/4 from data, labelled from show_addr (cmd/mem.c). */
void print_buffer(uintptr_t addr, const void *data, int size, unsigned long count, uintptr_t show_addr);

/* cp with a destination in memory-mapped NOR: checked and programmed as U-Boot does (handled 1);
 * elsewhere handled 0 and nothing done. 0 or -errno, printed. */
int cmd_flash_cp(uintptr_t src, uintptr_t dst, size_t len, int *handled);

/* A RAM address argument: 0, or 1 after "## Error: bad address '<arg>'" */
int cmd_mtd_addr(const char *arg, unsigned long *addr);

/* A read-only partition (or device) refuses up front, with its name: 1 after the message, else 0 */
int cmd_mtd_refuse_ro(const struct mtd_info *m, const char *what);

/* One-line "## Error: <what> failed at 0x..: <reason>" for an MTD errno. Returns 1. */
int cmd_mtd_error(const char *what, struct mtd_info *mtd, uint64_t off, int err);

const char *mtd_type_str(const struct mtd_info *mtd);
void print_size(uint64_t size, const char *suffix); /* "64 MiB", "128 KiB", "512 Bytes" */

/* Erase blocks of a device (any number of erase regions). */
uint32_t mtd_block_count(struct mtd_info *mtd);
void mtd_block_get(struct mtd_info *mtd, uint32_t idx, uint64_t *start, uint32_t *size);

/*
 * The one progress display of the flash commands, handed to the bad-block
 * engine (mtd/mtd_io.c) as its callbacks: draws the percentage, prints
 * skipped and failed blocks, and stops the operation on Ctrl-C (-EINTR).
 * CMD_PROG_PERCENT: "Writing  40%" redrawn in place (nor, mtd);
 * CMD_PROG_NAND: U-Boot's "\rErasing at 0x... -- 40% complete." (nand).
 * Skipped blocks: "Skipping bad block at <offset on the master>" (NONE, NAND),
 * "Skipping bad block at <offset>" on its own line (PERCENT, as mtd erase).
 */
enum cmd_prog_style { CMD_PROG_NONE, CMD_PROG_PERCENT, CMD_PROG_NAND };

struct cmd_progress {
	enum cmd_prog_style style;
	const char *verb;           /* "Writing" */
	const char *what;           /* "written": for "<INTERRUPT> written 0x.. of 0x.. bytes" */
	uint64_t total, done, base; /* base: offset of the mtd on its master (nand style) */
	int last;                   /* percentage shown, -1 none yet */
	struct mtd_io_cb cb;
};

const struct mtd_io_cb *cmd_progress_init(struct cmd_progress *p, enum cmd_prog_style style,
					  const char *verb, const char *what, struct mtd_info *m,
					  uint64_t total);
/* Ends the line it drew; after -EINTR says how far the operation got. */
void cmd_progress_end(struct cmd_progress *p, int ret);

#endif
