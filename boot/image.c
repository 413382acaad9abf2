/* Parsing and checking of zImage headers, legacy uImages and script images (pure: no I/O, no printing). */
#include <stdio.h>
#include "image.h"
#include "decompress.h"
#include "crc32.h"

int zimage_parse(const void *buf, size_t len, struct zimage_info *zi)
{
	const uint8_t *p = buf;
	uint32_t flag;

	memset(zi, 0, sizeof(*zi));
	if (len < ZIMAGE_HDR_LEN || get_le32(p + ZIMAGE_MAGIC_OFF) != ZIMAGE_MAGIC)
		return -ENOEXEC;
	zi->start = get_le32(p + 0x28);
	zi->end = get_le32(p + 0x2c);
	/* the flag word exists since Linux 3.17; older kernels have code there */
	flag = get_le32(p + 0x30);
	zi->has_endian_flag = flag == ZIMAGE_ENDIAN_LE || flag == ZIMAGE_ENDIAN_BE;
	zi->big_endian = flag == ZIMAGE_ENDIAN_BE;
	if (zi->end <= zi->start)
		return -EINVAL;
	zi->size = zi->end - zi->start;
	if (zi->big_endian)
		return -EPROTONOSUPPORT;
	return 0;
}

bool uimage_is(const void *buf, size_t len)
{
	return len >= 4 && get_be32(buf) == IH_MAGIC;
}

int uimage_parse(const void *buf, size_t len, struct uimage_info *ui)
{
	const uint8_t *p = buf;
	uint8_t hdr[IH_HDR_LEN];

	memset(ui, 0, sizeof(*ui));
	if (len >= 4)
		ui->magic = get_be32(p);
	if (len < IH_HDR_LEN) {
		ui->fault = uimage_is(buf, len) ? IMG_ERR_SHORT : IMG_ERR_MAGIC;
		return ui->fault == IMG_ERR_SHORT ? -EINVAL : -ENOEXEC;
	}
	if (!uimage_is(buf, len)) {
		ui->fault = IMG_ERR_MAGIC;
		return -ENOEXEC;
	}
	ui->hcrc = get_be32(p + 4);
	ui->time = get_be32(p + 8);
	ui->size = get_be32(p + 12);
	ui->load = get_be32(p + 16);
	ui->ep = get_be32(p + 20);
	ui->dcrc = get_be32(p + 24);
	ui->os = p[28];
	ui->arch = p[29];
	ui->type = p[30];
	ui->comp = p[31];
	memcpy(ui->name, p + 32, IH_NMLEN);
	ui->name[IH_NMLEN] = '\0';

	/* the header CRC is computed with its own field zeroed */
	memcpy(hdr, p, sizeof(hdr));
	memset(hdr + 4, 0, 4);
	if (crc32(0, hdr, sizeof(hdr)) != ui->hcrc) {
		ui->fault = IMG_ERR_HCRC;
		return -EBADMSG;
	}
	return 0;
}

int uimage_verify_data(const void *buf, size_t len, struct uimage_info *ui)
{
	if (len < IH_HDR_LEN || len - IH_HDR_LEN < ui->size) {
		ui->fault = IMG_ERR_SHORT;
		return -EINVAL;
	}
	if (crc32(0, (const uint8_t *)buf + IH_HDR_LEN, ui->size) != ui->dcrc) {
		ui->fault = IMG_ERR_DCRC;
		return -EBADMSG;
	}
	return 0;
}

int uimage_check_kind(struct uimage_info *ui, enum uimage_want want)
{
	ui->fault = IMG_OK;
	switch (want) {
	case UIMAGE_WANT_KERNEL:
		if (ui->type != IH_TYPE_KERNEL && ui->type != IH_TYPE_KERNEL_NOLOAD)
			ui->fault = IMG_ERR_TYPE;
		else if (ui->arch != IH_ARCH_ARM)
			ui->fault = IMG_ERR_ARCH;
		else if (ui->os != IH_OS_LINUX)
			ui->fault = IMG_ERR_OS;
		break;
	case UIMAGE_WANT_RAMDISK:
		if (ui->type != IH_TYPE_RAMDISK)
			ui->fault = IMG_ERR_TYPE;
		else if (ui->arch != IH_ARCH_ARM)
			ui->fault = IMG_ERR_ARCH;
		break;
	case UIMAGE_WANT_SCRIPT:
		/* U-Boot runs scripts whatever -A/-O said; only the type matters */
		if (ui->type != IH_TYPE_SCRIPT)
			ui->fault = IMG_ERR_TYPE;
		break;
	}
	/* a kernel is decompressed to its load address (image_decompress), a ramdisk passes on
	 * compressed as in U-Boot (Linux unpacks a compressed initramfs); a script may not be */
	if (ui->fault == IMG_OK && ui->comp != IH_COMP_NONE && want == UIMAGE_WANT_SCRIPT)
		ui->fault = IMG_ERR_COMP;
	return ui->fault ? -ENOEXEC : 0;
}

int uimage_check(const void *buf, size_t len, enum uimage_want want, struct uimage_info *ui)
{
	int ret = uimage_parse(buf, len, ui);

	if (ret)
		return ret;
	ret = uimage_verify_data(buf, len, ui);
	if (ret)
		return ret;
	return uimage_check_kind(ui, want);
}

int uimage_strerror(const struct uimage_info *ui, const char *what, unsigned long at, char *buf,
		    size_t len)
{
	switch (ui->fault) {
	case IMG_OK:
		return snprintf(buf, len, "%s at 0x%08lx is fine", what, at);
	case IMG_ERR_MAGIC:
		return snprintf(buf, len, "no legacy image at 0x%08lx (magic %08lx, want 27051956)", at,
				(unsigned long)ui->magic);
	case IMG_ERR_HCRC:
		return snprintf(buf, len, "%s at 0x%08lx: bad header checksum", what, at);
	case IMG_ERR_SHORT:
		return snprintf(buf, len,
				"%s at 0x%08lx: data (0x%lx bytes) runs past the end of memory", what,
				at, (unsigned long)ui->size);
	case IMG_ERR_DCRC:
		return snprintf(buf, len, "%s at 0x%08lx: bad data CRC", what, at);
	case IMG_ERR_TYPE:
		return snprintf(buf, len, "%s at 0x%08lx is a %s (type %u), not a %s", what, at,
				uimage_type_name(ui->type), ui->type, what);
	case IMG_ERR_ARCH:
		return snprintf(buf, len, "%s at 0x%08lx is for %s (arch %u), not ARM", what, at,
				uimage_arch_name(ui->arch), ui->arch);
	case IMG_ERR_OS:
		return snprintf(buf, len, "%s at 0x%08lx is for %s (os %u), not Linux", what, at,
				uimage_os_name(ui->os), ui->os);
	case IMG_ERR_COMP:
		return snprintf(buf, len, "%s at 0x%08lx is %s (comp %u); a script must be uncompressed",
				what, at, uimage_comp_name(ui->comp), ui->comp);
	case IMG_ERR_MULTI:
		return snprintf(buf, len, "%s at 0x%08lx: bad multi-file size list", what, at);
	}
	return snprintf(buf, len, "%s at 0x%08lx: bad image", what, at);
}

struct id_name {
	uint8_t id;
	const char *name;
};

static const char *lookup(const struct id_name *t, size_t n, uint8_t id, const char *unknown)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return unknown;
}

const char *uimage_os_name(uint8_t os)
{
	// clang-format off
	static const struct id_name t[] = {
		{ 0, "Invalid OS" }, { 1, "OpenBSD" }, { 2, "NetBSD" }, { 3, "FreeBSD" },
		{ 5, "Linux" }, { 6, "SVR4" }, { 11, "VxWorks" }, { 17, "U-Boot" },
		{ 18, "RTEMS" }, { 20, "Integrity" }, { 21, "OSE" }, { 22, "Plan 9" },
		{ 24, "ARM Trusted Firmware" }, { 25, "TEE" }, { 26, "OpenSBI" }, { 27, "EFI Firmware" },
	};
	// clang-format on
	return lookup(t, ARRAY_SIZE(t), os, "Unknown OS");
}

const char *uimage_arch_name(uint8_t arch)
{
	// clang-format off
	static const struct id_name t[] = {
		{ 0, "Invalid ARCH" }, { 1, "Alpha" }, { 2, "ARM" }, { 3, "Intel x86" },
		{ 4, "IA64" }, { 5, "MIPS" }, { 6, "MIPS 64 Bit" }, { 7, "PowerPC" },
		{ 8, "IBM S390" }, { 9, "SuperH" }, { 10, "SPARC" }, { 11, "SPARC 64 Bit" },
		{ 12, "M68K" }, { 15, "MicroBlaze" }, { 16, "Nios-II" }, { 17, "Blackfin" },
		{ 18, "AVR32" }, { 20, "Sandbox" }, { 21, "NDS32" }, { 22, "AArch64" },
		{ 23, "ARC" }, { 24, "AMD x86_64" }, { 25, "Xtensa" }, { 26, "RISC-V" },
	};
	// clang-format on
	return lookup(t, ARRAY_SIZE(t), arch, "Unknown Architecture");
}

const char *uimage_type_name(uint8_t type)
{
	// clang-format off
	static const struct id_name t[] = {
		{ 0, "Invalid Image" }, { 1, "Standalone Program" }, { 2, "Kernel Image" },
		{ 3, "RAMDisk Image" }, { 4, "Multi-File Image" }, { 5, "Firmware" },
		{ 6, "Script File" }, { 7, "Filesystem Image" }, { 8, "Flat Device Tree" },
		{ 14, "Kernel Image (no loading done)" },
	};
	// clang-format on
	return lookup(t, ARRAY_SIZE(t), type, "Unknown Image");
}

const char *uimage_comp_name(uint8_t comp)
{
	// clang-format off
	static const struct id_name t[] = {
		{ 0, "uncompressed" }, { 1, "gzip compressed" }, { 2, "bzip2 compressed" },
		{ 3, "lzma compressed" }, { 4, "lzo compressed" }, { 5, "lz4 compressed" },
		{ 6, "zstd compressed" },
	};
	// clang-format on
	return lookup(t, ARRAY_SIZE(t), comp, "unknown compression");
}

int uimage_multi_sizes(const void *buf, size_t len, const struct uimage_info *ui, uint32_t *sizes,
		       int max, uint32_t *first_off)
{
	const uint8_t *data = (const uint8_t *)buf + IH_HDR_LEN;
	uint64_t avail = ui->size, off, total = 0, last = 0;
	int n = 0;

	if (len < IH_HDR_LEN || len - IH_HDR_LEN < avail)
		return -EINVAL;
	for (off = 0;; off += 4) {
		uint32_t sz;

		if (off + 4 > avail)
			return -EINVAL; /* no terminating zero */
		sz = get_be32(data + off);
		if (!sz)
			break;
		if (n < max)
			sizes[n] = sz;
		n++;
		/* every file but the last is padded to 4 bytes */
		total += ALIGN_UP((uint64_t)sz, 4);
		last = sz;
		if (total > avail)
			return -EINVAL;
	}
	off += 4;
	if (!n || total - ALIGN_UP(last, 4) + last > avail - off)
		return -EINVAL;
	if (first_off)
		*first_off = (uint32_t)(IH_HDR_LEN + off);
	return n;
}

static bool text_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return false;
		if (c == 0x7f)
			return false;
	}
	return true;
}

int script_get(const void *buf, size_t len, const char **text, size_t *text_len, bool *is_image,
	       struct uimage_info *ui)
{
	uint32_t size, off;
	int ret, n;

	*is_image = uimage_is(buf, len);
	if (*is_image) {
		ret = uimage_check(buf, len, UIMAGE_WANT_SCRIPT, ui);
		if (ret)
			return ret;
		n = uimage_multi_sizes(buf, len, ui, &size, 1, &off);
		if (n < 0) {
			ui->fault = IMG_ERR_MULTI;
			return -EINVAL;
		}
		*text = (const char *)buf + off;
		*text_len = strnlen(*text, size);
		return 0;
	}
	memset(ui, 0, sizeof(*ui));
	*text = buf;
	*text_len = strnlen(buf, len);
	if (!*text_len || !text_ok(*text, *text_len))
		return -ENOEXEC;
	return 0;
}

static bool (*decompress_stop)(void);

void image_decompress_stop(bool (*stop)(void))
{
	decompress_stop = stop;
}

int image_decompress(int comp, const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen)
{
	int (*fn)(const void *, size_t, void *, size_t, size_t *, bool (*)(void)) = NULL;

	// clang-format off
	switch (comp) {
	case IH_COMP_NONE:
		if (!dst)
			return 0;
		if (srclen > dstmax)
			return -ENOSPC;
		if (dst != src)
			memmove(dst, src, srclen);
		*outlen = srclen;
		return 0;
#ifdef CONFIG_GZIP
	case IH_COMP_GZIP: fn = decomp_gzip; break;
#endif
#ifdef CONFIG_LZMA
	case IH_COMP_LZMA: fn = decomp_lzma; break;
#endif
#ifdef CONFIG_LZ4
	case IH_COMP_LZ4: fn = decomp_lz4; break;
#endif
#ifdef CONFIG_ZSTD
	case IH_COMP_ZSTD: fn = decomp_zstd; break;
#endif
	default: break;
	}
	// clang-format on
	if (!fn)
		return -EOPNOTSUPP;
	if (!dst) /* asked only whether this build decompresses comp */
		return 0;
	return fn(src, srclen, dst, dstmax, outlen, decompress_stop);
}
