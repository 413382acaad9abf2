/* Shell commands: a linker-section table filled by the CMD() macro. */
#ifndef FB_COMMAND_H
#define FB_COMMAND_H
#include "common.h"

enum { CMD_RET_SUCCESS = 0, CMD_RET_FAILURE = 1, CMD_RET_USAGE = -1 };

struct cmd_tbl {
	const char *name;
	int maxargs;
	int (*fn)(const struct cmd_tbl *cmd, int argc, char *const argv[]);
	const char *usage; /* one line */
	const char *help;  /* "args\n    - description" lines, may be NULL */
	bool repeatable;   /* Enter on an empty line runs it again (md goes on where it stopped) */
};

#ifdef HOST_SIM
/* host builds (the sim board): the linker's __start_/__stop_ symbols need a C-identifier section */
#define CMD_SECTION(_name) "cmd_tbl"
#else
/* target: one section per command, sorted by name in linker/arm.lds */
#define CMD_SECTION(_name) ".cmd_tbl." #_name
#endif
// clang-format off
#define CMD_FULL(_name, _maxargs, _fn, _usage, _help, _rep)                         \
	static const struct cmd_tbl __cmd_##_name __attribute__((used, aligned(__alignof__(struct cmd_tbl)), \
		section(CMD_SECTION(_name)))) = { #_name, _maxargs, _fn, _usage, _help, _rep }
#define CMD(_name, _maxargs, _fn, _usage, _help) CMD_FULL(_name, _maxargs, _fn, _usage, _help, 0)
// clang-format on
/* a command that Enter on an empty line repeats (as U-Boot's md, cmp, nand, mtd) */
#define CMD_REPEATABLE(_name, _maxargs, _fn, _usage, _help) \
	CMD_FULL(_name, _maxargs, _fn, _usage, _help, 1)

/*
 * Sub-commands (`nand read`, `env print`, ...): a static table and one dispatcher, cmd_sub_run().
 * The handler gets argv from the sub-command's name on (argv[0] = "read.raw"), as U-Boot's.
 */
struct cmd_sub {
	const char *name;
	uint8_t minargs, maxargs; /* the handler's argc, its name included; maxargs 0: no limit */
	uint8_t abbrev;           /* fdt's way: a prefix of the name this long or longer names it
				   * (U-Boot's strncmp(argv[1], "ad", 2)); 0: the whole name */
	bool dot; /* "name.suffix" names it too (nand read.raw); the handler reads the suffix */
	int (*fn)(int argc, char *const argv[]);
	bool repeat; /* Enter on an empty line runs it again (nand dump, mtd list/bad); else nothing, as U-Boot */
};
/* The usage is the command's help text (CMD()): U-Boot prints all of it for a sub-command's error too. */

/* cmd_sub_run() flags: U-Boot's find_cmd_tbl() (mtd, env): the part before the first '.' names the
 * sub-command exactly or as a unique prefix (`env pri`), whatever the entries say */
#define CMD_SUB_PREFIX 0x1

/*
 * Run the sub-command argv[1] from tbl[0..n). An unknown sub-command or an argument count outside the
 * entry's range returns CMD_RET_USAGE (the shell prints the command's usage, as U-Boot does).
 */
int cmd_sub_run(const struct cmd_sub *tbl, size_t n, unsigned int flags, int argc, char *const argv[]);
const struct cmd_sub *cmd_sub_find(const struct cmd_sub *tbl, size_t n, unsigned int flags,
				   const char *name);
#define CMD_SUB_RUN(tbl, flags, argc, argv) cmd_sub_run(tbl, ARRAY_SIZE(tbl), flags, argc, argv)
/* The suffix of a sub-command's name ("read.raw" -> ".raw"), "" without one */
const char *cmd_sub_suffix(const char *name);

/* exact, "name.suffix" for name, a unique prefix (`pri`), or `?` for help */
const struct cmd_tbl *cmd_find(const char *name);
const struct cmd_tbl *cmd_first(void);
const struct cmd_tbl *cmd_end(void);
int cmd_usage(const struct cmd_tbl *cmd);

/* Run one line through the shell parser (; && || quotes $var). Returns 0 on success. */
int run_command(const char *line);
int run_command_list(const char *text, size_t len); /* several lines; `exit n` ends them with n */
int run_command_prompt(const char *line);           /* a line typed at the prompt */
/* Enter on an empty line: the last line again when every command it ran is repeatable */
int run_command_repeat(const char *line);
bool cmd_repeating(void); /* inside run_command_repeat(): md continues where it stopped */
/* After an exception longjmp'd back to the prompt: forget the nesting, $? = 1. */
void command_abandoned(void);

/* "## Error: <fmt>\n": U-Boot's prefix for a command's refusal, written once instead of in 160 strings */
void cmd_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Numbers as U-Boot reads them: hex by default, 0x optional; returns -EINVAL on junk. */
int parse_ulong(const char *s, unsigned long *out);
int parse_u64(const char *s, uint64_t *out);
/*
 * U-Boot's simple_strtoul(s, NULL, base) on its 32-bit ulong, for the commands that read
 * numbers its way without complaint (setexpr, itest, test, bootdelay): base 0 takes "0x" and a
 * hex digit as hex, a leading 0 as octal, else decimal; base 16 skips a "0x"; no sign or blanks;
 * the digits up to the first other character (none: 0), wrapping at 2^32.
 */
uint32_t simple_strtou32(const char *s, unsigned int base);
/* "name.b/.w/.l" -> 1/2/4 (default 4); -1 on a bad suffix */
int cmd_get_data_size(const char *arg, int def);

/*
 * Refuse (with a printed error) a data write over the firmware, its stack,
 * outside mapped memory, or into memory-mapped flash (bus writes there are
 * flash commands: data could erase or program it).
 */
int addr_check_write(uintptr_t addr, size_t len);
/* Same, but flash allowed: mw's raw bus writes (a person typing flash commands). */
int addr_check_poke(uintptr_t addr, size_t len);
int addr_check_read(uintptr_t addr, size_t len);
/*
 * True when [addr, addr + len) is all RAM or mapped flash, where any access
 * width reads the same bytes (memcpy's ldm is fine); false for I/O registers,
 * which must be read and written at the width asked for.
 */
bool addr_is_memory(uintptr_t addr, size_t len);

#endif
