/* The sim board's flash contents on the host: NAND image (2048+64-byte pages, OOB interleaved) and NOR image. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sim.h"

static int nand_fd = -1, nor_fd = -1;
static uint64_t *blk_hash;  /* per NAND block: what the file holds (0: erased) */
static uint8_t *nor_shadow; /* what the NOR file holds */
static uint64_t nand_ops_synced, nor_ops_synced;

/* FNV-1a; never 0, so 0 can stand for "erased" */
static uint64_t hash_block(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h ? h : 1;
}

static bool all_ff(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

static size_t nand_block_bytes(void)
{
	return (size_t)sim.nand.cfg.pages_per_block * sim.nand.rawpage;
}

static int pwrite_all(int fd, const void *buf, size_t n, off_t ofs)
{
	const uint8_t *p = buf;

	while (n) {
		ssize_t w = pwrite(fd, p, n, ofs);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
		ofs += w;
	}
	return 0;
}

static int pread_all(int fd, void *buf, size_t n, off_t ofs)
{
	uint8_t *p = buf;

	while (n) {
		ssize_t r = pread(fd, p, n, ofs);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EIO;
		p += r;
		n -= (size_t)r;
		ofs += r;
	}
	return 0;
}

/* Open path; a missing file is created erased (all 0xFF, size bytes). */
static int open_image(const char *path, uint64_t size, const uint8_t *ff, size_t fflen, bool *created)
{
	struct stat st;
	int fd = open(path, O_RDWR);

	*created = false;
	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			goto fail;
		for (uint64_t o = 0; o < size; o += fflen)
			if (pwrite_all(fd, ff, (size_t)(size - o < fflen ? size - o : fflen),
				       (off_t)o)) {
				close(fd);
				goto fail;
			}
		*created = true;
		return fd;
	}
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) || (uint64_t)st.st_size != size) {
		fprintf(stderr, "sim: %s is %lld bytes, expected %llu\n", path, (long long)st.st_size,
			(unsigned long long)size);
		close(fd);
		return -EINVAL;
	}
	return fd;
fail:
	fprintf(stderr, "sim: %s: %s\n", path, strerror(errno));
	return -errno;
}

static int nand_open(void)
{
	struct nand_model *m = &sim.nand;
	size_t bsz = nand_block_bytes();
	uint8_t *buf = malloc(bsz);
	bool created;
	int ret = 0;

	blk_hash = calloc(m->cfg.nblocks, sizeof(*blk_hash));
	if (!buf || !blk_hash) {
		free(buf);
		return -ENOMEM;
	}
	memset(buf, 0xff, bsz);
	nand_fd = open_image(sim.nand_file, (uint64_t)bsz * m->cfg.nblocks, buf, bsz, &created);
	if (nand_fd < 0) {
		free(buf);
		return nand_fd;
	}
	for (uint32_t b = 0; !created && b < m->cfg.nblocks; b++) {
		ret = pread_all(nand_fd, buf, bsz, (off_t)((uint64_t)b * bsz));
		if (ret)
			break;
		if (all_ff(buf, bsz))
			continue;
		memcpy(nand_model_page(m, b * m->cfg.pages_per_block), buf, bsz);
		/* programmed pages may not be programmed again before an erase */
		for (uint32_t p = 0; p < m->cfg.pages_per_block; p++)
			if (!all_ff(buf + (size_t)p * m->rawpage, m->rawpage))
				m->progs[b * m->cfg.pages_per_block + p] = 1;
		blk_hash[b] = hash_block(buf, bsz);
	}
	free(buf);
	return ret;
}

static int nor_open(void)
{
	struct cfi_model *m = sim.nor;
	bool created;
	int ret = 0;

	nor_shadow = malloc(m->size);
	if (!nor_shadow)
		return -ENOMEM;
	memset(nor_shadow, 0xff, m->size);
	nor_fd = open_image(sim.nor_file, m->size, nor_shadow, m->size, &created);
	if (nor_fd < 0)
		return nor_fd;
	if (!created)
		ret = pread_all(nor_fd, nor_shadow, m->size, 0);
	memcpy(m->mem, nor_shadow, m->size);
	return ret;
}

int sim_flash_open(void)
{
	int ret = nand_open();

	if (ret)
		return ret;
	/* injected factory bad blocks land in the image like any other change */
	for (unsigned int i = 0; i < sim.nbad; i++)
		nand_model_mark_bad(&sim.nand, sim.bad[i], 0);
	ret = nor_open();
	if (ret)
		return ret;
	sim_flash_sync();
	return 0;
}

static void nand_sync(void)
{
	struct nand_model *m = &sim.nand;
	size_t bsz = nand_block_bytes();
	uint64_t ops = m->programs + m->erases;
	static uint8_t *ff;

	if (nand_fd < 0 || ops == nand_ops_synced)
		return;
	if (!ff) {
		ff = malloc(bsz);
		if (!ff)
			return;
		memset(ff, 0xff, bsz);
	}
	for (uint32_t b = 0; b < m->cfg.nblocks; b++) {
		const uint8_t *p = m->blocks[b];
		uint64_t h = p ? hash_block(p, bsz) : 0;

		if (h == blk_hash[b])
			continue;
		if (pwrite_all(nand_fd, p ? p : ff, bsz, (off_t)((uint64_t)b * bsz))) {
			fprintf(stderr, "sim: writing %s failed: %s\n", sim.nand_file, strerror(errno));
			return;
		}
		blk_hash[b] = h;
	}
	nand_ops_synced = ops;
}

static void nor_sync(void)
{
	struct cfi_model *m = sim.nor;
	uint64_t ops = (uint64_t)m->programs + m->erases + m->chip_erases + m->buffers;
	const size_t chunk = 4096;

	if (nor_fd < 0 || ops == nor_ops_synced)
		return;
	for (size_t o = 0; o < m->size; o += chunk) {
		if (!memcmp(m->mem + o, nor_shadow + o, chunk))
			continue;
		if (pwrite_all(nor_fd, m->mem + o, chunk, (off_t)o)) {
			fprintf(stderr, "sim: writing %s failed: %s\n", sim.nor_file, strerror(errno));
			return;
		}
		memcpy(nor_shadow + o, m->mem + o, chunk);
	}
	nor_ops_synced = ops;
}

void sim_flash_sync(void)
{
	nand_sync();
	if (sim.nor)
		nor_sync();
}
