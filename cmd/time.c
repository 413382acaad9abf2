/* time: run a command and report how long it took (instructions under QEMU -icount shift=0). */
#include "command.h"
#include "timer.h"

static int do_time(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	char line[1024];
	size_t pos = 0;
	uint64_t t0, ns;
	int ret;

	if (argc < 2)
		return cmd_usage(cmd);
	line[0] = '\0';
	for (int i = 1; i < argc; i++) {
		int n = snprintf(line + pos, sizeof(line) - pos, "%s'%s'", i > 1 ? " " : "", argv[i]);
		if (n < 0 || (size_t)n >= sizeof(line) - pos || strchr(argv[i], '\'')) {
			cmd_err("command too long or contains a single quote");
			return 1;
		}
		pos += (size_t)n;
	}
	t0 = timer_since_reset_ns();
	ret = run_command(line);
	ns = timer_since_reset_ns() - t0;
	printf("time: %lu.%06lu seconds (%llu ns)\n", (unsigned long)(ns / 1000000000u),
	       (unsigned long)(ns / 1000 % 1000000), (unsigned long long)ns);
	return ret;
}

static int do_uptime(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	printf("%llu ns since reset\n", (unsigned long long)timer_since_reset_ns());
	return 0;
}

CMD(time, 0, do_time, "run a command and report the execution time", "command [args...]");
CMD(uptime, 1, do_uptime, "print the time since reset (ns; instructions under -icount shift=0)", NULL);
