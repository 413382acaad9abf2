/* Command table lookup and dispatch, U-Boot number parsing, address checks, run_command. */
#include <stdlib.h>
#include "command.h"
#include "console.h"
#include "env.h"
#include "shell.h"
#include "arch.h"
#include "ramguard.h"

#ifdef HOST_SIM
extern const struct cmd_tbl __start_cmd_tbl[], __stop_cmd_tbl[];
#define __cmd_start __start_cmd_tbl
#define __cmd_end __stop_cmd_tbl
#else
extern const struct cmd_tbl __cmd_start[], __cmd_end[];
#endif

const struct cmd_tbl *cmd_first(void)
{
	return __cmd_start;
}
const struct cmd_tbl *cmd_end(void)
{
	return __cmd_end;
}

const struct cmd_tbl *cmd_find(const char *name)
{
	const char *dot = strchr(name, '.');
	size_t len = dot ? (size_t)(dot - name) : strlen(name);

	for (const struct cmd_tbl *c = __cmd_start; c < __cmd_end; c++) {
		/* exact match first (command names like "erase.part" are not split) */
		if (!strcmp(c->name, name))
			return c;
	}
	const struct cmd_tbl *found = NULL;
	int n = 0;

	if (!strcmp(name, "?"))
		return cmd_find("help");
	for (const struct cmd_tbl *c = __cmd_start; c < __cmd_end; c++) {
		if (strncmp(c->name, name, len))
			continue;
		if (strlen(c->name) == len)
			return c;
		found = c; /* as U-Boot: a unique prefix names the command (pri, sav) */
		n++;
	}
	return n == 1 ? found : NULL;
}

const char *cmd_sub_suffix(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot ? dot : name + strlen(name);
}

const struct cmd_sub *cmd_sub_find(const struct cmd_sub *tbl, size_t n, unsigned int flags,
				   const char *name)
{
	size_t len = (size_t)(cmd_sub_suffix(name) - name), whole = strlen(name);
	const struct cmd_sub *s, *found = NULL;
	int nfound = 0;

	for (s = tbl; s < tbl + n; s++) {
		size_t sl = strlen(s->name);

		if (!strcmp(name, s->name))
			return s; /* the whole name (nor's "erase.part" too) */
		if (strncmp(name, s->name, len))
			continue;
		if (len == sl && (s->dot || flags))
			return s; /* name.suffix where it may have one */
		if (whole == len && len >= s->abbrev && s->abbrev)
			return s; /* fdt's abbreviations */
		if (flags && len)
			found = s, nfound++;
	}
	return nfound == 1 ? found : NULL;
}

int cmd_sub_run(const struct cmd_sub *tbl, size_t n, unsigned int flags, int argc, char *const argv[])
{
	const struct cmd_sub *s;

	if (argc < 2)
		return CMD_RET_USAGE;
	s = cmd_sub_find(tbl, n, flags, argv[1]);
	if (!s || argc - 1 < s->minargs || (s->maxargs && argc - 1 > s->maxargs))
		return CMD_RET_USAGE;
	if (cmd_repeating() && !s->repeat)
		return 0; /* `nand write` is not written again by an Enter */
	return s->fn(argc - 1, argv + 1);
}

int cmd_usage(const struct cmd_tbl *cmd)
{
	printf("%s - %s\n\nUsage:\n%s %s\n", cmd->name, cmd->usage, cmd->name,
	       cmd->help ? cmd->help : "");
	return 1;
}

/* A digit's value in bases up to 16, 99 for anything else. */
static unsigned int digit_value(char c)
{
	unsigned int l = (unsigned int)(c | 0x20);

	return c >= '0' && c <= '9' ? (unsigned int)(c - '0') : l >= 'a' && l <= 'f' ? l - 'a' + 10 : 99;
}

void cmd_err(const char *fmt, ...)
{
	va_list ap;

	console_puts("## Error: ");
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
	console_putc('\n');
}

int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		unsigned int d = digit_value(*s);

		if (d > 15)
			return -EINVAL;
		if (v >> 60)
			return -ERANGE;
		v = (v << 4) | (unsigned)d;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_ulong(const char *s, unsigned long *out)
{
	uint64_t v;
	int ret = parse_u64(s, &v);

	if (ret)
		return ret;
	if (v > (unsigned long)-1)
		return -ERANGE;
	*out = (unsigned long)v;
	return 0;
}

uint32_t simple_strtou32(const char *s, unsigned int base)
{
	uint32_t v = 0;
	unsigned int d;

	if (!base)
		base = s[0] != '0' ? 10 : (s[1] | 0x20) == 'x' && digit_value(s[2]) < 16 ? 16 : 8;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (; (d = digit_value(*s)) < base; s++)
		v = v * base + d;
	return v;
}

int cmd_get_data_size(const char *arg, int def)
{
	const char *dot = strchr(arg, '.');

	if (!dot)
		return def;
	if (!strcmp(dot, ".b"))
		return 1;
	if (!strcmp(dot, ".w"))
		return 2;
	if (!strcmp(dot, ".l"))
		return 4;
	return -1;
}

static bool repeat_ok, repeating;

bool cmd_repeating(void)
{
	return repeating;
}

static int exec_argv(int argc, char *argv[], void *ctx)
{
	const struct cmd_tbl *cmd = cmd_find(argv[0]);
	int ret;

	(void)ctx;
	if (!cmd) {
		printf("Unknown command '%s' - try 'help'\n", argv[0]);
		return 1;
	}
	if (cmd->maxargs && argc > cmd->maxargs) {
		cmd_usage(cmd);
		return 1;
	}
	ret = cmd->fn(cmd, argc, argv);
	/*
	 * As U-Boot's cmd_process(): a line is repeated when every command it ran is repeatable,
	 * whether it worked or not (an unknown command or too many arguments change nothing).
	 */
	repeat_ok &= cmd->repeatable;
	if (ret == CMD_RET_USAGE) {
		cmd_usage(cmd);
		return 1;
	}
	/* positive statuses pass through: `run` hands on the n of a script's `exit n` */
	return ret < 0 ? 1 : ret;
}

static const char *getvar(const char *name, void *ctx)
{
	(void)ctx;
	return env_get(name);
}

static bool intr_quiet; /* the Ctrl-C was already reported (by the command or an inner run) */

/* A Ctrl-C seen by a command (sleep, a flash loop) stops the rest of the list too. */
static bool interrupted(void *ctx)
{
	(void)ctx;
	intr_quiet = had_ctrlc();
	return intr_quiet || ctrlc();
}

static int last_status;
static struct shell_var *locals;
static char shell_err[SHELL_ERRLEN];

static const struct shell_ops fb_shell = {
	.last_status = &last_status,
	.exec = exec_argv,
	.getvar = getvar,
	.interrupted = interrupted,
	.locals = &locals,
	.errmsg = shell_err,
};

static int run_depth;

void command_abandoned(void)
{
	run_depth = 0;
	last_status = 1;
}

/* Run text through the shell; at the prompt `exit` only sets $? (as U-Boot). */
static int run_text(const char *text, size_t len, bool prompt)
{
	int ret;

	if (run_depth >= 16) {
		cmd_err("commands nested too deep");
		return 1;
	}
	if (!run_depth)
		clear_ctrlc();
	run_depth++;
	ret = shell_run(&fb_shell, text, len);
	run_depth--;
	if (ret == SHELL_EXIT) {
		if (prompt)
			printf("exit not allowed from main input shell.\n");
		return last_status;
	}
	if (ret == -EINVAL)
		printf("syntax error: %s\n", shell_err);
	else if (ret == -E2BIG)
		cmd_err("too many arguments (max %d) or too long (max %d bytes)", SHELL_MAXARGS,
			SHELL_ARGS_MAX);
	else if (ret == -EINTR && !intr_quiet)
		printf("<INTERRUPT>\n");
	else if (ret == -ENOMEM)
		cmd_err("out of memory");
	intr_quiet |= ret == -EINTR;
	return ret < 0 ? 1 : ret;
}

int run_command_list(const char *text, size_t len)
{
	return run_text(text, len, false);
}

int run_command(const char *line)
{
	return run_text(line, strlen(line), false);
}

/* A line from the prompt, or (repeat) the last one again; a Ctrl-C in it stops repeats, as U-Boot. */
static int run_typed(const char *line, bool repeat)
{
	int ret;

	repeating = repeat;
	ret = run_text(line, strlen(line), true);
	repeating = false;
	if (had_ctrlc())
		repeat_ok = false;
	return ret;
}

int run_command_prompt(const char *line)
{
	repeat_ok = true;
	return run_typed(line, false);
}

int run_command_repeat(const char *line)
{
	return repeat_ok ? run_typed(line, true) : 0;
}

static bool ranges_overlap(uintptr_t a, size_t alen, uintptr_t b, uintptr_t bend)
{
	return a < bend && b < a + alen;
}

int addr_check_read(uintptr_t addr, size_t len)
{
	if (len && addr + len - 1 < addr) {
		cmd_err("range 0x%lx + 0x%lx wraps around", (unsigned long)addr, (unsigned long)len);
		return -EFAULT;
	}
	for (uintptr_t a = addr; len;) {
		const struct mem_region *r = NULL;
		for (int i = 0; i < fw.nmemmap; i++) {
			const struct mem_region *m = &fw.memmap[i];
			if (m->attr != MEM_FAULT && a >= m->base && a - m->base <= m->size - 1)
				r = m;
		}
		if (!r) {
			cmd_err("address 0x%08lx is not mapped on this board (see bdinfo)",
				(unsigned long)a);
			return -EFAULT;
		}
		if ((uint64_t)r->base + r->size - a >= len)
			break;
		len -= r->base + r->size - a;
		a = r->base + r->size;
	}
	return 0;
}

/* Refuse a write over flashboot's image, heap or stacks, or into a protected range (phram). */
static int check_not_protected(uintptr_t addr, size_t len)
{
	const struct ram_guard *g;

	if (ranges_overlap(addr, len, fw.start, fw.stack_hi)) {
		cmd_err("0x%08lx..0x%08lx overlaps flashboot itself (0x%08lx..0x%08lx)",
			(unsigned long)addr, (unsigned long)(addr + len - 1), (unsigned long)fw.start,
			(unsigned long)(fw.stack_hi - 1));
		return -EFAULT;
	}
	g = ram_guard_hit(addr, len);
	if (g) {
		cmd_err("0x%08lx..0x%08lx overlaps %s '%s' (0x%08lx..0x%08lx)", (unsigned long)addr,
			(unsigned long)(addr + len - 1), g->kind, g->name, (unsigned long)g->start,
			(unsigned long)(g->start + g->size - 1));
		return -EBUSY;
	}
	return 0;
}

int addr_check_write(uintptr_t addr, size_t len)
{
	if (addr_check_read(addr, len))
		return -EFAULT;
	for (int i = 0; i < fw.nmemmap; i++) {
		const struct mem_region *m = &fw.memmap[i];

		if (m->attr == MEM_FLASH && len && addr <= m->base + (m->size - 1) &&
		    m->base <= addr + (len - 1)) {
			cmd_err("0x%08lx..0x%08lx is in flash, not RAM (program flash with cp or "
				"nor/mtd write)",
				(unsigned long)addr, (unsigned long)(addr + len - 1));
			return -EFAULT;
		}
	}
	return check_not_protected(addr, len);
}

bool addr_is_memory(uintptr_t addr, size_t len)
{
	while (len) {
		const struct mem_region *r = NULL;
		uint64_t left;

		for (int i = 0; i < fw.nmemmap; i++) {
			const struct mem_region *m = &fw.memmap[i];
			if (addr >= m->base && addr - m->base <= m->size - 1)
				r = m;
		}
		if (!r || (r->attr != MEM_RAM && r->attr != MEM_FLASH))
			return false;
		left = (uint64_t)r->base + r->size - addr;
		if (left >= len)
			break;
		len -= left;
		addr = r->base + r->size;
	}
	return true;
}

int addr_check_poke(uintptr_t addr, size_t len)
{
	if (addr_check_read(addr, len))
		return -EFAULT;
	return check_not_protected(addr, len);
}
