/* Test-rootfs init: reports what the kernel got from flashboot (MTD, cmdline, mounts, memory), marks the boot
 * good, and reboots, or, with flashboot.shell on the command line (make run's demo), offers a small interactive shell. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fwenv.h"

#define TAG "FLASHBOOT-INIT: "

static char buf[16384];

static void say(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(1, line, n) < 0)
		return;
}

/* Reads a whole (small) file into buf; returns its length or -1. */
static ssize_t slurp(const char *path)
{
	ssize_t len = 0, n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (len < (ssize_t)sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

/* Prints every line of a file as "FLASHBOOT-INIT: <tag>: <line>". */
static void show_file(const char *tag, const char *path)
{
	char *line, *save = NULL;

	if (slurp(path) < 0) {
		say(TAG "%s: cannot read %s: %s", tag, path, strerror(errno));
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		say(TAG "%s: %s", tag, line);
}

static int is_mounted(const char *dir)
{
	char pat[64];

	if (slurp("/proc/mounts") < 0)
		return 0;
	snprintf(pat, sizeof(pat), " %s ", dir);
	return strstr(buf, pat) != NULL;
}

static void mount_if_needed(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755); /* fails harmlessly on a read-only root */
	if (is_mounted(dir))
		return;
	if (mount(src, dir, type, 0, NULL) < 0)
		say(TAG "mount %s on %s: %s", type, dir, strerror(errno));
}

/*
 * Safety net: the kernel's built-in initramfs provides /dev/console, but a
 * root without that node leaves init with no stdout (DEVTMPFS_MOUNT only
 * applies to a block-device root), so open the console ourselves then.
 */
static void ensure_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* Table-driven: a bitwise loop over a 16 MiB pad file costs seconds under QEMU. */
static uint32_t crc_table[256];

static void crc32_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
		crc_table[i] = c;
	}
}

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Proves that every byte of a file made it through flash, phram and squashfs. */
static void show_crc(const char *path)
{
	uint32_t crc = 0;
	unsigned long long size = 0;
	double t0 = now();
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	crc32_init();
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		crc = crc32_update(crc, (unsigned char *)buf, n);
		size += n;
	}
	close(fd);
	say(TAG "file: %s size %llu crc32 0x%08x read in %.3f s%s", path, size, crc, now() - t0,
	    n < 0 ? " (read error)" : "");
}

static void show_meminfo(void)
{
	char *p;

	if (slurp("/proc/meminfo") < 0)
		return;
	p = strstr(buf, "MemTotal:");
	if (p)
		say(TAG "meminfo: %.*s", (int)strcspn(p, "\n"), p);
	p = strstr(buf, "MemAvailable:");
	if (p)
		say(TAG "meminfo: %.*s", (int)strcspn(p, "\n"), p);
}

/* ---------------------------------------------------------------- the demo's shell */

static void sh_cat(char **argv, int argc)
{
	ssize_t n;
	int fd;

	for (int i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			printf("cat: %s: %s\n", argv[i], strerror(errno));
			continue;
		}
		fflush(stdout);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(1, buf, n) < 0)
				break;
		if (n < 0)
			printf("cat: %s: %s\n", argv[i], strerror(errno));
		close(fd);
	}
}

static void sh_ls(const char *dir)
{
	char path[512];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d) {
		printf("ls: %s: %s\n", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) < 0)
			printf("%-24s ?\n", e->d_name);
		else if (S_ISDIR(st.st_mode))
			printf("%s/\n", e->d_name);
		else
			printf("%-24s %lld\n", e->d_name, (long long)st.st_size);
	}
	closedir(d);
}

static void sh_help(void)
{
	printf("commands: cat FILE..., ls [DIR], mount (lists /proc/mounts), mtd (= cat /proc/mtd),\n"
	       "          echo ..., help, reboot, poweroff (make run's QEMU quits on either)\n");
}

/* Runs one line; returns 0 to leave the shell. */
static int sh_line(char *line)
{
	char *argv[16], *save = NULL;
	int argc = 0;

	for (char *w = strtok_r(line, " \t\n", &save); w && argc < 16;
	     w = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = w;
	if (!argc)
		return 1;
	if (!strcmp(argv[0], "cat"))
		sh_cat(argv, argc);
	else if (!strcmp(argv[0], "ls"))
		sh_ls(argc > 1 ? argv[1] : ".");
	else if (!strcmp(argv[0], "mount"))
		sh_cat((char *[]){ "cat", "/proc/mounts" }, 2);
	else if (!strcmp(argv[0], "mtd"))
		sh_cat((char *[]){ "cat", "/proc/mtd" }, 2);
	else if (!strcmp(argv[0], "echo"))
		for (int i = 1; i < argc; i++)
			printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
	else if (!strcmp(argv[0], "help"))
		sh_help();
	else if (!strcmp(argv[0], "reboot") || !strcmp(argv[0], "poweroff"))
		return 0;
	else
		printf("%s: unknown command (try help)\n", argv[0]);
	return 1;
}

static void shell(void)
{
	char line[512];

	say(TAG "flashboot.shell: a small shell (help lists its commands)");
	if (chdir("/") < 0)
		return;
	for (;;) {
		printf("/ # ");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			break;
		if (!sh_line(line))
			break;
		fflush(stdout);
	}
	fflush(stdout);
}

int main(void)
{
	int interactive;

	ensure_console();
	say(TAG "start");
	mount_if_needed("proc", "/proc", "proc");
	mount_if_needed("sysfs", "/sys", "sysfs");
	mount_if_needed("devtmpfs", "/dev", "devtmpfs");

	if (slurp("/etc/rootfs-id") > 0)
		say(TAG "rootfs-id: %.*s", (int)strcspn(buf, "\n"), buf);
	/* the A/B test's broken root: init fails, the kernel panics and reboots (panic timeout -1) */
	if (access("/etc/fail-boot", F_OK) == 0) {
		say(TAG "this root is broken (/etc/fail-boot): init exits with status 1");
		return 1;
	}
	show_file("mtd", "/proc/mtd");
	show_file("cmdline", "/proc/cmdline");
	show_file("mounts", "/proc/mounts");
	show_meminfo();
	show_file("uptime", "/proc/uptime");
	show_crc("/pad.bin");
	fwenv_mark_good(say); /* a good boot: clear the boot counter, as fw_setenv would */

	interactive = slurp("/proc/cmdline") > 0 && strstr(buf, "flashboot.shell");
	say(TAG "done");
	if (interactive)
		shell();
	sync();
	reboot(RB_AUTOBOOT);
	say(TAG "reboot: %s", strerror(errno));
	for (;;)
		pause();
}
