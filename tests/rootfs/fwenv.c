/*
 * Test-rootfs: what `fw_setenv bootcount 0; fw_setenv upgrade_available 0` does after a good boot,
 * on flashboot's environment in the NOR partition "env" (U-Boot's redundant format, boolean flags).
 */
#include <errno.h>
#include <fcntl.h>
#include <mtd/mtd-user.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "fwenv.h"

/* The versatilepb layout (board/versatilepb/board.c; `env info` prints the same fw_env.config) */
#define ENV_PART "env"
#define ENV_COPY1 0x40000 /* copy 1, from the partition's start; copy 0 is at 0 */
#define ENV_SIZE 0x10000  /* one copy: CRC (4), flag (1), data */
#define ENV_DATA (ENV_SIZE - 5)

static const char *const cleared[] = { "bootcount", "upgrade_available" };

static uint32_t crc32_ieee(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
	}
	return ~c;
}

/* /dev/mtdN of the partition called name, from /proc/mtd */
static int find_mtd(const char *name, char *dev, size_t len)
{
	char line[128], want[64];
	FILE *f = fopen("/proc/mtd", "r");
	int n, found = -1;

	if (!f)
		return -1;
	snprintf(want, sizeof(want), "\"%s\"", name);
	while (found < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "mtd%d:", &n) == 1 && strstr(line, want))
			found = n;
	fclose(f);
	if (found >= 0)
		snprintf(dev, len, "/dev/mtd%d", found);
	return found;
}

static int copy_ok(const unsigned char *c)
{
	uint32_t crc = c[0] | c[1] << 8 | c[2] << 16 | (uint32_t)c[3] << 24;

	return crc32_ieee(c + 5, ENV_DATA) == crc;
}

/* U-Boot's choice between two good copies on NOR (boolean flags; counter as a fallback) */
static int active_copy(const unsigned char *c0, const unsigned char *c1)
{
	int ok0 = copy_ok(c0), ok1 = copy_ok(c1);
	unsigned f0 = c0[4], f1 = c1[4];

	if (!ok0 || !ok1)
		return ok0 ? 0 : ok1 ? 1 : -1;
	if (f0 == 1 && f1 == 0)
		return 0;
	if (f0 == 0 && f1 == 1)
		return 1;
	if (f0 == f1 || f0 == 0xff)
		return 0;
	if (f1 == 0xff)
		return 1;
	return f1 > f0;
}

static const char *get(const unsigned char *data, const char *name)
{
	size_t l = strlen(name);

	for (const char *e = (const char *)data; *e && e < (const char *)data + ENV_DATA;
	     e += strlen(e) + 1)
		if (!strncmp(e, name, l) && e[l] == '=')
			return e + l + 1;
	return NULL;
}

static int is_cleared(const char *name)
{
	for (size_t i = 0; i < sizeof(cleared) / sizeof(*cleared); i++)
		if (!strcmp(name, cleared[i]))
			return 1;
	return 0;
}

/* The new data area: every variable as it was, bootcount=0 and upgrade_available=0 */
static int rebuild(const unsigned char *old, unsigned char *out)
{
	size_t pos = 0;

	memset(out, 0xff, ENV_DATA);
	for (const char *e = (const char *)old; *e && e < (const char *)old + ENV_DATA;
	     e += strlen(e) + 1) {
		const char *eq = strchr(e, '=');
		char name[128];

		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - e) : 0, e);
		if (is_cleared(name))
			continue;
		if (pos + strlen(e) + 1 >= ENV_DATA)
			return -1;
		memcpy(out + pos, e, strlen(e) + 1);
		pos += strlen(e) + 1;
	}
	for (size_t i = 0; i < sizeof(cleared) / sizeof(*cleared); i++) {
		int n = snprintf((char *)out + pos, ENV_DATA - pos, "%s=0", cleared[i]);

		if (n < 0 || pos + n + 2 > ENV_DATA)
			return -1;
		pos += n + 1;
	}
	out[pos] = '\0';
	return 0;
}

static int write_copy(int fd, off_t at, const unsigned char *data, const struct mtd_info_user *mi)
{
	struct erase_info_user ei = { (uint32_t)at / mi->erasesize * mi->erasesize, mi->erasesize };
	unsigned char hdr[5];
	uint32_t crc = crc32_ieee(data, ENV_DATA);

	hdr[0] = crc, hdr[1] = crc >> 8, hdr[2] = crc >> 16, hdr[3] = crc >> 24;
	hdr[4] = 1; /* active */
	if (ioctl(fd, MEMERASE, &ei) < 0 || pwrite(fd, hdr, 5, at) != 5 ||
	    pwrite(fd, data, ENV_DATA, at + 5) != ENV_DATA)
		return -1;
	return 0;
}

int fwenv_mark_good(void (*say)(const char *fmt, ...))
{
	static unsigned char c[2][ENV_SIZE], data[ENV_DATA];
	const char *ua, *bc;
	struct mtd_info_user mi;
	char dev[32];
	int fd, act;
	unsigned char obsolete = 0;

	if (find_mtd(ENV_PART, dev, sizeof(dev)) < 0)
		return 0; /* no environment partition: nothing to mark */
	fd = open(dev, O_RDWR);
	if (fd < 0 || ioctl(fd, MEMGETINFO, &mi) < 0 || pread(fd, c[0], ENV_SIZE, 0) != ENV_SIZE ||
	    pread(fd, c[1], ENV_SIZE, ENV_COPY1) != ENV_SIZE) {
		say("FLASHBOOT-INIT: fwenv: cannot read %s: %s", dev, strerror(errno));
		goto fail;
	}
	act = active_copy(c[0], c[1]);
	if (act < 0) {
		say("FLASHBOOT-INIT: fwenv: no valid environment in %s", dev);
		goto fail;
	}
	ua = get(c[act] + 5, "upgrade_available");
	bc = get(c[act] + 5, "bootcount");
	say("FLASHBOOT-INIT: fwenv: %s copy %d: bootcount=%s upgrade_available=%s", dev, act,
	    bc ? bc : "", ua ? ua : "");
	if (!(ua && strtoul(ua, NULL, 10)) && !(bc && strcmp(bc, "0"))) {
		close(fd);
		return 0;
	}
	if (rebuild(c[act] + 5, data) < 0 || write_copy(fd, act ? 0 : ENV_COPY1, data, &mi) < 0 ||
	    pwrite(fd, &obsolete, 1, (act ? ENV_COPY1 : 0) + 4) != 1) {
		say("FLASHBOOT-INIT: fwenv: cannot write %s: %s", dev, strerror(errno));
		goto fail;
	}
	fsync(fd);
	close(fd);
	say("FLASHBOOT-INIT: fwenv: boot marked good: bootcount=0 upgrade_available=0 in copy %d", !act);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}
