/* Host helper for tests/host/test_env_tools.py: load/save an environment image file with env/env_flash.c. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "env.h"
#include "env_flash.h"
#include "mtd_fault.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: envtool [-s size] [-o off] [-O off_redund] [-e erasesize] [-n] [-c|-b]\n"
		"               [-r range] IMAGE read|import|write|config\n"
		"  read   print name=value lines of the chosen copy (exit 2: bad CRC)\n"
		"  import the same through the firmware's importer (common/env.c; exit 3: refused)\n"
		"  write  save name=value lines from stdin (lines starting with # skipped)\n"
		"  config print the fw_env.config lines for IMAGE\n"
		"  -O makes the environment redundant; -n emulates NAND (2 KiB pages)\n");
	exit(1);
}

static unsigned long long num(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*end)
		usage();
	return v;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		return NULL;
	buf = malloc(n);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* stdin "name=value\n" lines to "name=value\0...\0" */
static char *read_vars(size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *out = malloc(cap), line[65536];

	if (!out)
		return NULL;
	while (fgets(line, sizeof(line), stdin)) {
		size_t l = strcspn(line, "\n");

		line[l] = '\0';
		if (!l || line[0] == '#')
			continue;
		if (n + l + 2 > cap) {
			free(out);
			return NULL;
		}
		memcpy(out + n, line, l + 1);
		n += l + 1;
	}
	out[n++] = '\0';
	*len = n;
	return out;
}

/* The chosen copy's data (malloc'd), or NULL with *rc: 2 no good CRC, 1 any other failure. */
static char *load_copy(const struct env_location *loc, struct env_load_info *info, bool verbose, int *rc)
{
	size_t len = env_data_size(loc->size, loc->redundant);
	char *data = malloc(len + 1);
	int ret;

	*rc = 1;
	if (!data)
		return NULL;
	ret = env_flash_load(loc, data, len, info);
	if (verbose)
		fprintf(stderr, "copy=%d flags=%u status=%d,%d degraded=%d\n", info->copy, info->flags,
			info->status[0], info->status[1], info->degraded);
	if (ret) {
		fprintf(stderr, "envtool: load: %s\n", strerror(-ret));
		free(data);
		*rc = ret == -EBADMSG ? 2 : 1;
		return NULL;
	}
	*rc = 0;
	return data;
}

static int cmd_read(const struct env_location *loc)
{
	struct env_load_info info;
	int rc;
	char *data = load_copy(loc, &info, true, &rc);

	if (!data)
		return rc;
	for (size_t i = 0; i < info.used && data[i];) {
		size_t l = strnlen(data + i, info.used - i);

		fwrite(data + i, 1, l, stdout);
		putchar('\n');
		i += l + 1;
	}
	free(data);
	return 0;
}

static int print_var(const char *name, const char *value, void *arg)
{
	(void)arg;
	printf("%s=%s\n", name, value);
	return 0;
}

/* What the firmware's RAM environment holds after loading this image at boot. */
static int cmd_import(const struct env_location *loc)
{
	struct env_load_info info;
	int ret;
	char *data = load_copy(loc, &info, false, &ret);

	if (!data)
		return ret;
	ret = env_import(data, info.used, '\0', true);
	free(data);
	if (ret < 0) {
		fprintf(stderr, "envtool: import: %s\n", strerror(-ret));
		return 3;
	}
	fprintf(stderr, "imported %d entries\n", ret);
	env_for_each(print_var, NULL);
	env_clear();
	return 0;
}

static int cmd_write(const struct env_location *loc, const char *path, const uint8_t *img,
		     size_t img_len)
{
	struct env_load_info info;
	size_t len;
	char *data = read_vars(&len);
	FILE *f;
	int ret;

	if (!data)
		return 1;
	ret = env_flash_save(loc, data, len, &info);
	free(data);
	if (ret) {
		fprintf(stderr, "envtool: save: %s\n", strerror(-ret));
		return 1;
	}
	fprintf(stderr, "copy=%d flags=%u\n", info.copy, info.flags);
	f = fopen(path, "r+b");
	if (!f)
		return 1;
	ret = fwrite(img, 1, img_len, f) != img_len;
	return fclose(f) || ret;
}

static int cmd_config(const struct env_location *loc, const char *path)
{
	char cfg[512];

	if (env_flash_fw_config(loc, path, cfg, sizeof(cfg)) < 0)
		return 1;
	fputs(cfg, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct env_location loc = { .size = 0x4000 };
	struct mtd_info ram;
	struct mtd_fault fl;
	uint32_t erasesize = 0x1000;
	bool nand = false;
	size_t img_len;
	uint8_t *img;
	const char *cmd;
	int opt, rc = 1;

	while ((opt = getopt(argc, argv, "s:o:O:e:r:ncb")) != -1) {
		// clang-format off
		switch (opt) {
		case 's': loc.size = num(optarg); break;
		case 'o': loc.offset = num(optarg); break;
		case 'O': loc.offset_redund = num(optarg); loc.redundant = true; break;
		case 'e': erasesize = num(optarg); break;
		case 'r': loc.range = num(optarg); break;
		case 'n': nand = true; break;
		case 'c': loc.scheme = ENV_FLAGS_COUNTER; break;
		case 'b': loc.scheme = ENV_FLAGS_BOOLEAN; break;
		default: usage();
		}
		// clang-format on
	}
	if (argc - optind != 2)
		usage();
	img = read_file(argv[optind], &img_len);
	if (!img) {
		fprintf(stderr, "envtool: cannot read %s\n", argv[optind]);
		return 1;
	}
	if (mtdram_init(&ram, "file", img, img_len, erasesize) ||
	    (nand ? mtd_fault_init_nand(&fl, &ram, "nand", 2048) : mtd_fault_init(&fl, &ram, "nor"))) {
		fprintf(stderr, "envtool: image size %zu is not a multiple of 0x%x\n", img_len,
			erasesize);
		return 1;
	}
	loc.mtd = &fl.mtd;

	cmd = argv[optind + 1];
	if (!strcmp(cmd, "read"))
		rc = cmd_read(&loc);
	else if (!strcmp(cmd, "import"))
		rc = cmd_import(&loc);
	else if (!strcmp(cmd, "write"))
		rc = cmd_write(&loc, argv[optind], img, img_len);
	else if (!strcmp(cmd, "config"))
		rc = cmd_config(&loc, argv[optind]);
	else
		usage();
	free(img);
	return rc;
}
