/* libFuzzer target: zImage/uImage/multi-file/script parsers, squashfs superblock check, ATAG builder and DTB placement. */
#include <stdio.h>
#include <stdlib.h>
#include "atags.h"
#include "bootm.h"
#include "crc32.h"
#include "image.h"
#include "squashfs.h"
#include "fuzz_check.h"

static void fuzz_uimage(const uint8_t *data, size_t size)
{
	struct uimage_info ui;
	uint32_t sizes[8], off;
	const char *text;
	size_t tlen;
	bool is_image;
	char msg[200];
	int n, ret;

	for (int w = UIMAGE_WANT_KERNEL; w <= UIMAGE_WANT_SCRIPT; w++) {
		ret = uimage_check(data, size, (enum uimage_want)w, &ui);
		CHECK((ret == 0) == (ui.fault == IMG_OK));
		CHECK(strlen(ui.name) <= IH_NMLEN);
		uimage_strerror(&ui, "image", 0x800000, msg, sizeof(msg));
		if (!ret) {
			CHECK(size >= IH_HDR_LEN + (size_t)ui.size);
			CHECK(crc32(0, data + IH_HDR_LEN, ui.size) == ui.dcrc);
			/* a kernel (decompressed by bootm) or a ramdisk (passed on) may be compressed */
			CHECK(ui.comp == IH_COMP_NONE || w != UIMAGE_WANT_SCRIPT);
		}
	}
	if (uimage_parse(data, size, &ui) == 0) {
		n = uimage_multi_sizes(data, size, &ui, sizes, 8, &off);
		if (n > 0) {
			uint64_t total = 0;
			for (int i = 0; i < n && i < 8; i++)
				total += sizes[i];
			CHECK(off >= IH_HDR_LEN + 8 && off <= IH_HDR_LEN + ui.size);
			CHECK(n > 8 || total <= ui.size);
			CHECK(off + sizes[0] <= size);
		}
	}
	ret = script_get(data, size, &text, &tlen, &is_image, &ui);
	if (!ret) {
		CHECK(text >= (const char *)data && text + tlen <= (const char *)data + size);
		CHECK(tlen > 0 || is_image);
		CHECK(!memchr(text, 0, tlen));
	}
}

static void fuzz_zimage(const uint8_t *data, size_t size)
{
	struct zimage_info zi;

	if (!zimage_parse(data, size, &zi)) {
		CHECK(zi.end > zi.start && zi.size == zi.end - zi.start);
		CHECK(!zi.big_endian);
	}
}

static void fuzz_squashfs(const uint8_t *data, size_t size)
{
	struct squashfs_info si;
	uint64_t part = size >= 8 ? get_le32(data + size - 4) : 0;

	if (!squashfs_check(data, size, part, &si)) {
		CHECK(si.major == 4 && si.minor == 0);
		CHECK(si.block_size == 1u << si.block_log);
		CHECK(!part || si.bytes_used <= part);
		CHECK(si.inode_table < si.bytes_used);
	}
	squashfs_comp_name(si.compression);
}

/* ATAGs and placement from fuzzed numbers: every tag stays in the buffer, banks avoid the regions. */
static void fuzz_atags(const uint8_t *data, size_t size)
{
	struct phram_region r[PHRAM_MAX];
	struct atag_bank b[ATAGS_MAX_BANKS];
	static uint32_t buf[1024];
	struct atag_params p = { 0 };
	struct boot_layout l = { 0 };
	uint32_t dst, bufsize;
	char args[64];
	int n, nr;

	if (size < 12 + PHRAM_MAX * 8)
		return;
	p.ram_base = get_le32(data) & 0xfff00000u;
	p.ram_size = (get_le32(data + 4) & 0x1ff00000u) + SZ_1M;
	if ((uint64_t)p.ram_base + p.ram_size > 0xffffffffull)
		return;
	nr = data[8] % (PHRAM_MAX + 1);
	for (int i = 0; i < nr; i++) {
		snprintf(r[i].label, sizeof(r[i].label), "r%d", i);
		r[i].addr = p.ram_base + (get_le32(data + 12 + 8 * i) % p.ram_size & ~0xfffu);
		r[i].size = (get_le32(data + 16 + 8 * i) & 0x3fff000u) + 0x1000;
	}
	p.regions = r, p.nregions = nr;
	size_t alen = MIN(size - 12 - PHRAM_MAX * 8, sizeof(args) - 1);
	memcpy(args, data + 12 + PHRAM_MAX * 8, alen);
	args[alen] = 0;
	p.bootargs = args;
	p.initrd_start = get_le32(data + 8);
	p.initrd_size = data[9];

	n = atags_mem_banks(p.ram_base, p.ram_size, r, nr, b, ATAGS_MAX_BANKS);
	for (int i = 0; i < n; i++) {
		CHECK(b[i].size > 0 && b[i].start >= p.ram_base);
		CHECK((uint64_t)b[i].start + b[i].size <= (uint64_t)p.ram_base + p.ram_size);
		for (int j = 0; j < nr; j++)
			CHECK(b[i].start >= (uint64_t)r[j].addr + r[j].size ||
			      (uint64_t)b[i].start + b[i].size <= r[j].addr);
		if (i)
			CHECK(b[i].start > b[i - 1].start);
	}
	n = atags_build(buf, sizeof(buf), &p);
	if (n > 0) {
		const uint32_t *t = buf;
		CHECK(t[1] == ATAG_CORE);
		while (t[1] != ATAG_NONE) {
			CHECK(t[0] >= 2 && t + t[0] <= buf + n / 4);
			t += t[0];
		}
		CHECK(t + 2 == buf + n / 4);
	}

	l.ram_base = p.ram_base;
	l.ram_end = p.ram_base + p.ram_size;
	l.fw_start = l.ram_end - SZ_1M;
	l.fw_end = l.ram_end;
	l.low = p.ram_base + (get_le32(data + 8) % p.ram_size);
	l.regions = r, l.nregions = nr;
	bufsize = (get_le32(data + 4) & 0xfffff) + 8;
	if (!boot_place_fdt(&l, bufsize, &dst)) {
		CHECK(dst >= l.low && dst % SZ_4K == 0);
		CHECK((uint64_t)dst + bufsize <= l.fw_start);
		for (int j = 0; j < nr; j++)
			CHECK(dst >= (uint64_t)r[j].addr + r[j].size ||
			      (uint64_t)dst + bufsize <= r[j].addr);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exact-size copies so ASan sees reads past the end */
	uint8_t *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	fuzz_uimage(copy, size);
	fuzz_zimage(copy, size);
	fuzz_squashfs(copy, size);
	fuzz_atags(copy, size);
	free(copy);
	return 0;
}
