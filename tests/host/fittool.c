/* Host driver for boot/fit.c and boot/fit_sig.c: pytest checks them against FITs made by mkimage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fit.h"

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f)
		exit(2);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*len + 1);
	if (fread(buf, 1, *len, f) != *len)
		exit(2);
	fclose(f);
	return buf;
}

/* fittool FIT [KEYS.dtb [CONF]]: check the configuration (default when none given) and its images */
int main(int argc, char **argv)
{
	size_t len, klen;
	void *fit, *keys = NULL;
	struct fit_check_res res;
	int conf, ret, img;
	static const char *const props[] = { "kernel", "fdt", "ramdisk", "loadables" };

	if (argc < 2)
		return 2;
	fit = slurp(argv[1], &len);
	if (argc > 2 && strcmp(argv[2], "-"))
		keys = slurp(argv[2], &klen);
	ret = fit_open(fit, len);
	if (ret < 0) {
		printf("open %d\n", ret);
		return 1;
	}
	conf = fit_conf_find(fit, argc > 3 ? argv[3] : NULL);
	if (conf < 0) {
		printf("conf %d\n", conf);
		return 1;
	}
	ret = fit_conf_verify(fit, conf, keys, &res);
	printf("verify %d key %s node %s algo %s\n", ret, res.key ? res.key : "-",
	       res.node ? res.node : "-", res.algo ? res.algo : "-");
	if (ret < 0 || (keys && fit_keys_required(keys) && ret == 0))
		return 1;
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		for (int k = 0; (img = fit_conf_image(fit, conf, props[i], k)) >= 0; k++) {
			struct fit_image im;

			ret = fit_image_info(fit, len, img, &im);
			if (ret) {
				printf("image %d\n", ret);
				return 1;
			}
			ret = fit_image_check_hashes(fit, &im, &res);
			printf("%s %s type %s size %u hashes %d %s%s\n", props[i], im.name, im.type_name,
			       im.size, ret, res.what, ret < 0 ? res.algo : "");
			if (ret < 0)
				return 1;
		}
	}
	return 0;
}
