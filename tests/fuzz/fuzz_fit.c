/* libFuzzer target: random FITs through the walker (boot/fit.c) and the signature check (boot/fit_sig.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "fit.h"
#include "fuzz_check.h"
#include "phram.h"

/* fdt/fixup.c (linked for fdt_check_struct) asks for the phram table */
int phram_count(void)
{
	return 0;
}

const struct phram_region *phram_get(int i)
{
	(void)i;
	return NULL;
}

/* A 2048-bit key with required = "conf" (made up, so nothing verifies; the walk and the math run). */
static uint8_t keys[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t n[256], rr[256];
	uint32_t n0 = 0xfffffff1u, inv = n0;

	(void)argc, (void)argv;
	for (int i = 0; i < 256; i++)
		n[i] = (uint8_t)(0xc3 ^ i * 37), rr[i] = (uint8_t)(i * 11);
	n[0] = 0xe5, rr[0] = 0x12;
	n[252] = 0xff, n[253] = 0xff, n[254] = 0xff, n[255] = 0xf1;
	for (int i = 0; i < 5; i++)
		inv *= 2 - n0 * inv; /* Newton: n0 * inv == 1 mod 2^32 */
	if (fdt_create(keys, sizeof(keys)) || fdt_finish_reservemap(keys) || fdt_begin_node(keys, "") ||
	    fdt_begin_node(keys, "signature") || fdt_begin_node(keys, "key-dev") ||
	    fdt_property_string(keys, "required", "conf") ||
	    fdt_property_u32(keys, "rsa,num-bits", 2048) ||
	    fdt_property_u32(keys, "rsa,n0-inverse", -inv) ||
	    fdt_property(keys, "rsa,modulus", n, 256) || fdt_property(keys, "rsa,r-squared", rr, 256) ||
	    fdt_property_u64(keys, "rsa,exponent", 65537) || fdt_end_node(keys) || fdt_end_node(keys) ||
	    fdt_end_node(keys) || fdt_finish(keys))
		abort();
	return 0;
}

static void walk_conf(const uint8_t *fit, size_t size, int conf)
{
	static const char *const props[] = { "kernel", "fdt", "ramdisk", "loadables", "script" };
	struct fit_check_res res;
	int ret = fit_conf_verify(fit, conf, keys, &res);

	CHECK(ret <= 1);
	CHECK(ret != 1); /* the made-up key verifies nothing */
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		for (int k = 0; k < 4; k++) {
			int node = fit_conf_image(fit, conf, props[i], k);
			CHECK(node >= 0 || node == -ENOENT || node == -ESRCH);
			if (node == -ENOENT)
				break;
			(void)size;
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *fit;
	int total, images, confs, node;

	if (size > 1 << 20)
		return 0;
	/* libfdt wants 8-byte alignment: a copy, with a little slack for external data past the tree */
	fit = aligned_alloc(8, (size + 15) & ~(size_t)7);
	memcpy(fit, data, size);
	total = fit_open(fit, size);
	if (total < 0) {
		free(fit);
		return 0;
	}
	CHECK((size_t)total <= size);
	images = fit_images_node(fit);
	CHECK(images >= 0);
	for (node = -1; (node = fit_next_child(fit, images, node)) >= 0;) {
		struct fit_image img;
		struct fit_check_res res;

		if (fit_image_info(fit, size, node, &img))
			continue;
		CHECK(img.data >= fit && img.data + img.size <= fit + size);
		int ret = fit_image_check_hashes(fit, &img, &res);
		CHECK(ret >= 0 || ret == -EBADMSG || ret == -EOPNOTSUPP || ret == -EINVAL);
	}
	confs = fit_confs_node(fit);
	for (node = -1; confs >= 0 && (node = fit_next_child(fit, confs, node)) >= 0;)
		walk_conf(fit, size, node);
	node = fit_conf_find(fit, NULL);
	CHECK(node >= 0 || node == -ENOENT);
	free(fit);
	return 0;
}
