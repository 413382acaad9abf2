/* U-Boot's boot counter kept in the environment: bootcount, bootlimit, upgrade_available, altbootcmd. */
#include "bootcount.h"
#include "env.h"

/* U-Boot's env_get_ulong(name, 10, 0): the leading decimal digits, 0 when none */
static unsigned long env_get_dec(const char *name)
{
	const char *v = env_get(name);
	unsigned long n = 0;

	for (; v && *v >= '0' && *v <= '9'; v++)
		n = n * 10 + (unsigned long)(*v - '0');
	return n;
}

/*
 * The count is read from and saved to the environment only while
 * upgrade_available is non-zero (U-Boot's bootcount_env.c); otherwise it
 * starts from 0 at every boot and only the RAM copy says bootcount=1.
 */
const char *bootcount_bootcmd(void)
{
	bool armed = env_get_dec("upgrade_available") != 0;
	unsigned long count = armed ? env_get_dec("bootcount") : 0, limit;
	char buf[24];

	count++;
	snprintf(buf, sizeof(buf), "%lu", count);
	env_set("bootcount", buf);
	if (armed)
		env_save(); /* it says "Saving Environment to ..." or why not, as U-Boot's */
	limit = env_get_dec("bootlimit");
	if (armed && limit && count > limit) {
		printf("Warning: Bootlimit (%lu) exceeded. Using altbootcmd.\n", limit);
		return "altbootcmd";
	}
	return "bootcmd";
}
