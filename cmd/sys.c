/* System commands: help, version, bdinfo, echo, sleep, go, reset, run, boot/bootd. */
#include <stdlib.h>
#include "board.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "timer.h"

static int do_help(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	if (argc > 1) {
		int ret = 0;
		for (int i = 1; i < argc; i++) {
			const struct cmd_tbl *c = cmd_find(argv[i]);
			if (!c) {
				printf("Unknown command '%s' - try 'help' without arguments\n", argv[i]);
				ret = 1;
				continue;
			}
			cmd_usage(c);
		}
		return ret;
	}
	for (const struct cmd_tbl *c = cmd_first(); c < cmd_end(); c++)
		printf("%-10s- %s\n", c->name, c->usage);
	return 0;
}

static int do_version(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	printf("flashboot %s (%s) for %s\n", FB_VERSION, FB_GIT_REV, board->name);
	printf("%s\n", __VERSION__);
	return 0;
}

static int do_bdinfo(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	printf("board       = %s (%s)\n", board->name, board->cpu);
	printf("arch_number = 0x%08lx (%lu)\n", (unsigned long)board->machine_id,
	       (unsigned long)board->machine_id);
	printf("DRAM bank   = 0x%08lx\n-> start    = 0x%08lx\n-> size     = 0x%08lx\n", 0ul,
	       (unsigned long)board->ram_base, (unsigned long)fw.ram_size);
	printf("boot source = %s\n", fw.boot_source);
	printf("loaded at   = 0x%08lx (r0 0x%lx, r1 0x%lx, r2 0x%lx)\n", (unsigned long)fw.load_addr,
	       (unsigned long)fw.boot_r0, (unsigned long)fw.boot_r1, (unsigned long)fw.boot_r2);
	printf("relocaddr   = 0x%08lx\n", (unsigned long)fw.start);
	printf("image+bss   = 0x%08lx..0x%08lx\n", (unsigned long)fw.start, (unsigned long)fw.end);
	printf("heap        = 0x%08lx..0x%08lx\n", (unsigned long)fw.heap_lo, (unsigned long)fw.heap_hi);
	printf("stacks      = 0x%08lx..0x%08lx\n", (unsigned long)fw.stack_lo,
	       (unsigned long)fw.stack_hi);
	printf("start-up    = %llu ns from reset to autoboot\n", (unsigned long long)fw.prompt_ns);
	printf("baudrate    = %lu bps\n", (unsigned long)board->console->baud);
	for (int i = 0; i < board->nmemmap; i++) {
		static const char *const attr[] = { "fault", "device", "RAM (cached)", "flash" };
		printf("map         = 0x%08lx..0x%08lx %s\n", (unsigned long)board->memmap[i].base,
		       (unsigned long)(board->memmap[i].base + board->memmap[i].size - 1),
		       attr[board->memmap[i].attr]);
	}
	return 0;
}

static int do_echo(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	bool newline = true;
	int i = 1;

	(void)cmd;
	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		i++;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		printf("\n");
	return 0;
}

/* "sleep N[.frac]" in decimal seconds, as U-Boot; Ctrl-C stops it. */
static int do_sleep(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	unsigned long sec = 0, ms = 0, scale = 100;
	const char *p;
	uint64_t end;

	(void)cmd;
	if (argc != 2)
		return CMD_RET_USAGE;
	/* stop accumulating past the limit so a long number cannot wrap into a small one */
	for (p = argv[1]; *p >= '0' && *p <= '9'; p++)
		if (sec <= 1000000)
			sec = sec * 10 + (unsigned long)(*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			ms += (unsigned long)(*p - '0') * scale;
	if (*p || p == argv[1] || sec > 1000000) {
		cmd_err("bad delay '%s' (decimal seconds)", argv[1]);
		return 1;
	}
	end = timer_us() + (uint64_t)sec * 1000000 + ms * 1000;
	while (timer_us() < end)
		if (ctrlc()) {
			printf("<INTERRUPT>\n");
			return 1;
		}
	return 0;
}

static int do_go(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	unsigned long addr;
	unsigned long (*entry)(int, char *const[]);
	unsigned long ret;

	(void)cmd;
	if (argc < 2)
		return CMD_RET_USAGE;
	if (parse_ulong(argv[1], &addr) || (addr & 3)) {
		cmd_err("bad address '%s'", argv[1]);
		return 1;
	}
	if (addr_check_read(addr, 4))
		return 1;
	printf("## Starting application at 0x%08lx ...\n", addr);
	arch_cache_flush();
	entry = (void *)addr;
	ret = entry(argc - 1, argv + 1);
	printf("## Application terminated, rc = 0x%lx\n", ret);
	return 0;
}

static int do_reset(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	printf("resetting ...\n");
	mdelay(5);
	if (board->reset)
		board->reset();
	cmd_err("reset did not happen");
	return 1;
}

/* Run the commands in one variable; 1 when it is unset, else its status (an `exit n` gives n). */
static int run_var(const char *name)
{
	const char *s = env_get(name);
	char *copy;
	int ret;

	if (!s) {
		cmd_err("\"%s\" not defined", name);
		return 1;
	}
	/* the value may change while it runs: work on a copy */
	copy = strdup(s);
	if (!copy)
		return 1;
	ret = run_command_list(copy, strlen(copy));
	free(copy);
	return ret;
}

static int do_run(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	if (argc < 2)
		return cmd_usage(cmd);
	/* as U-Boot: the first failure stops the rest */
	for (int i = 1; i < argc; i++) {
		int ret = run_var(argv[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* boot, bootd: run $bootcmd (no boot counting: that is autoboot's) */
static int do_bootd(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	return run_var("bootcmd");
}

CMD_REPEATABLE(help, 0, do_help, "print command description/usage", "[command ...]");
CMD_REPEATABLE(version, 1, do_version, "print monitor, compiler and linker version", NULL);
CMD_REPEATABLE(bdinfo, 1, do_bdinfo, "print Board Info structure", NULL);
CMD_REPEATABLE(echo, 0, do_echo, "echo args to console", "[-n] [args..]");
CMD_REPEATABLE(sleep, 2, do_sleep, "delay execution for some time",
	       "N\n    - delay execution for N seconds (N is _decimal_ and can be fractional)");
CMD_REPEATABLE(go, 0, do_go, "start application at address 'addr'", "addr [arg ...]");
CMD(reset, 1, do_reset, "Perform RESET of the CPU", NULL);
CMD_REPEATABLE(boot, 1, do_bootd, "boot default, i.e., run 'bootcmd'", NULL);
CMD_REPEATABLE(bootd, 1, do_bootd, "boot default, i.e., run 'bootcmd'", NULL);
CMD_REPEATABLE(run, 0, do_run, "run commands in an environment variable", "var [...]");
