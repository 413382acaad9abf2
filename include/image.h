/* Boot image formats: ARM zImage header, legacy uImage (mkimage) headers, script images. */
#ifndef FB_IMAGE_H
#define FB_IMAGE_H
#include "common.h"

/* ---- ARM zImage (Linux arch/arm/boot/compressed/head.S) */
#define ZIMAGE_MAGIC_OFF 0x24
#define ZIMAGE_MAGIC 0x016f2818u     /* always stored little-endian */
#define ZIMAGE_ENDIAN_LE 0x04030201u /* flag word at 0x30 as a LE CPU reads it */
#define ZIMAGE_ENDIAN_BE 0x01020304u
#define ZIMAGE_HDR_LEN 0x34

struct zimage_info {
	uint32_t start; /* link address, 0 = position independent */
	uint32_t end;
	uint32_t size; /* end - start: bytes of the image */
	bool has_endian_flag;
	bool big_endian;
};

/* 0, -ENOEXEC no zImage magic, -EINVAL end < start or size 0,
 * -EPROTONOSUPPORT a big-endian kernel (this firmware runs little-endian) */
int zimage_parse(const void *buf, size_t len, struct zimage_info *zi);

/* ---- legacy uImage: 64-byte big-endian header */
#define IH_MAGIC 0x27051956u
#define IH_NMLEN 32
#define IH_HDR_LEN 64

#define IH_OS_LINUX 5
#define IH_ARCH_ARM 2
#define IH_TYPE_STANDALONE 1
#define IH_TYPE_KERNEL 2
#define IH_TYPE_RAMDISK 3
#define IH_TYPE_MULTI 4
#define IH_TYPE_FIRMWARE 5
#define IH_TYPE_SCRIPT 6
#define IH_TYPE_FILESYSTEM 7
#define IH_TYPE_FLATDT 8
#define IH_TYPE_KERNEL_NOLOAD 14
#define IH_COMP_NONE 0
#define IH_COMP_GZIP 1
#define IH_COMP_BZIP2 2
#define IH_COMP_LZMA 3
#define IH_COMP_LZO 4
#define IH_COMP_LZ4 5
#define IH_COMP_ZSTD 6

/* Why an image was refused: the command turns it into a one-line error. */
enum img_fault {
	IMG_OK = 0,
	IMG_ERR_SHORT, /* header or data does not fit in the buffer */
	IMG_ERR_MAGIC,
	IMG_ERR_HCRC,
	IMG_ERR_DCRC,
	IMG_ERR_ARCH,
	IMG_ERR_OS,
	IMG_ERR_TYPE,
	IMG_ERR_COMP,
	IMG_ERR_MULTI, /* malformed multi-file size list */
};

struct uimage_info {
	uint32_t magic; /* as found */
	uint32_t hcrc, time, size, load, ep, dcrc;
	uint8_t os, arch, type, comp;
	char name[IH_NMLEN + 1];
	enum img_fault fault;
};

/* What the caller wants the image to be (uimage_check_kind). */
enum uimage_want { UIMAGE_WANT_KERNEL, UIMAGE_WANT_RAMDISK, UIMAGE_WANT_SCRIPT };

bool uimage_is(const void *buf, size_t len); /* magic only */
/* Header: magic and header CRC, decoded into ui. 0, -ENOEXEC (magic), -EBADMSG (CRC),
 * -EINVAL (len < 64). ui->fault says which. */
int uimage_parse(const void *buf, size_t len, struct uimage_info *ui);
/* Data CRC over the ui->size bytes after the header; buf holds len bytes.
 * 0, -EINVAL (data beyond len), -EBADMSG (CRC). */
int uimage_verify_data(const void *buf, size_t len, struct uimage_info *ui);
/* Arch/OS/type/compression for the wanted use; -ENOEXEC with ui->fault set. */
int uimage_check_kind(struct uimage_info *ui, enum uimage_want want);
/* All three in order. */
int uimage_check(const void *buf, size_t len, enum uimage_want want, struct uimage_info *ui);

/* Names as mkimage prints them ("ARM", "Linux", "Kernel Image", "gzip"); "Unknown ..." otherwise. */
const char *uimage_os_name(uint8_t os);
const char *uimage_arch_name(uint8_t arch);
const char *uimage_type_name(uint8_t type);
const char *uimage_comp_name(uint8_t comp);

/* One line saying why ui was refused, e.g. "kernel at 0x00800000 is gzip compressed (comp 1); ..." */
int uimage_strerror(const struct uimage_info *ui, const char *what, unsigned long at, char *buf,
		    size_t len);

/*
 * Multi-file and script images: after the header, 32-bit big-endian sizes
 * ending with 0, then the files, each padded to 4 bytes. Fills up to max
 * sizes; returns the number of files, or -EINVAL (no terminator within the
 * data, or files larger than the data).
 */
int uimage_multi_sizes(const void *buf, size_t len, const struct uimage_info *ui, uint32_t *sizes,
		       int max, uint32_t *first_off);

/*
 * A script at buf: a mkimage -T script image (checked fully; the text is
 * the first file) or plain text (len bytes, cut at the first NUL; refused
 * when it holds control characters other than tab/CR/LF, or is empty).
 * *is_image tells which. 0 or negative errno; ui->fault for images.
 */
int script_get(const void *buf, size_t len, const char **text, size_t *text_len, bool *is_image,
	       struct uimage_info *ui);

/*
 * Decompress srclen bytes at src (compression comp, IH_COMP_*) into at most
 * dstmax bytes at dst; *outlen gets the decompressed length. 0,
 * -EOPNOTSUPP for a compression this build has no decompressor for,
 * -ENOSPC output larger than dstmax (nothing is written past dst + dstmax),
 * -EBADMSG corrupt or truncated input, -ENOMEM no heap for the decoder.
 * IH_COMP_NONE copies (memmove). dst NULL only asks whether comp is built in
 * (0 or -EOPNOTSUPP). The algorithms are CONFIG_GZIP/LZMA/LZ4/ZSTD (lib/).
 * -EINTR when the function given to image_decompress_stop() said stop (Ctrl-C).
 */
#if defined(CONFIG_GZIP) || defined(CONFIG_LZMA) || defined(CONFIG_LZ4) || defined(CONFIG_ZSTD)
#define IMAGE_DECOMPRESS 1 /* at least one decompressor is built in */
#endif
/* What image_decompress() asks now and then whether to stop (a command gives ctrlc); NULL: never. */
void image_decompress_stop(bool (*stop)(void));
int image_decompress(int comp, const void *src, size_t srclen, void *dst, size_t dstmax, size_t *outlen);

/* Read big-endian / little-endian words from unaligned memory. */
static inline uint32_t get_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint32_t get_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static inline uint16_t get_le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[1] << 8 | b[0]);
}

static inline uint64_t get_le64(const void *p)
{
	return (uint64_t)get_le32((const uint8_t *)p + 4) << 32 | get_le32(p);
}

#endif
