/* Fuzz target: environment images and flash contents of any shape through env_image_parse and env_flash_load. */
#include <stdlib.h>
#include "env_flash.h"
#include "mtd_fault.h"

#define FLASH 0x4000

static uint8_t flash[FLASH];
static char data[FLASH];
static uint8_t img[FLASH];

static void load_all(struct mtd_info *mtd, uint32_t size, bool nand)
{
	struct env_load_info info;
	struct env_location loc = { .mtd = mtd, .size = size };
	int ret;

	ret = env_flash_load(&loc, data, sizeof(data), &info);
	if (!ret && info.used > env_data_size(size, false))
		abort();
	loc.redundant = true;
	loc.offset_redund = nand ? 0x2000 : FLASH / 2;
	ret = env_flash_load(&loc, data, sizeof(data), &info);
	if (!ret && (info.copy < 0 || info.copy > 1 || info.used > env_data_size(size, true)))
		abort();
	if (ret && info.copy != -1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct env_image im;
	struct mtd_info ram;
	struct mtd_fault fl;
	uint32_t size;
	int n;

	/* the image as it came */
	if (env_image_parse(buf, len, false, &im) == 0 && im.used > im.data_size)
		abort();
	if (env_image_parse(buf, len, true, &im) == 0 && im.used > im.data_size)
		abort();

	/* the input as variables: build, then parse must agree */
	size = len < 64 ? 64 : (len > FLASH ? FLASH : (uint32_t)len + 8);
	n = env_image_build(img, size, len & 1, (uint8_t)len, (const char *)buf, len, 0xff);
	if (n >= 0) {
		if (env_image_parse(img, size, len & 1, &im) || im.used != (size_t)n ||
		    memcmp(im.data, buf, n > 2 ? MIN((size_t)n - 2, len) : 0))
			abort();
	}

	/* the input as flash contents plus a 2-byte env size at the end, NOR and NAND-like */
	if (len < 3)
		return 0;
	size = 16 + ((buf[len - 2] | buf[len - 1] << 8) % 0x2000);
	len -= 2;
	memset(flash, 0xff, sizeof(flash));
	memcpy(flash, buf, MIN(len, sizeof(flash)));
	if (mtdram_init(&ram, "fz", flash, sizeof(flash), 0x1000) || mtd_fault_init(&fl, &ram, "nor"))
		abort();
	load_all(&fl.mtd, size, false);
	if (mtdram_init(&ram, "fz", flash, sizeof(flash), 0x1000) ||
	    mtd_fault_init_nand(&fl, &ram, "nand", 512))
		abort();
	if (buf[len - 1] & 1)
		mtd_fault_set_bad(&fl, 0x1000);
	load_all(&fl.mtd, size & ~0x1ffu ? size : 0x200, true);
	return 0;
}
