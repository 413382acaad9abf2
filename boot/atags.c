/* Builds the ATAG list Linux reads from r2 when it has no device tree: CORE, MEM, CMDLINE, INITRD2, NONE. */
#include <stdio.h>
#include "atags.h"

#define ATAGS_SECTION SZ_1M /* Linux/ARM first-level (section) mapping size */

int atags_mem_banks(uint32_t ram_base, uint32_t ram_size, const struct phram_region *r, int n,
		    struct atag_bank *out, int max)
{
	uint64_t pos = ram_base, end = (uint64_t)ram_base + ram_size;
	int nb = 0;

	if (!ram_size)
		return -EINVAL;
	/* walk the regions in address order (the table may come unsorted from a test) */
	while (pos < end) {
		uint64_t next = end, skip_to = end;

		for (int i = 0; i < n; i++) {
			uint64_t rs = r[i].addr, re = rs + r[i].size;
			if (re <= pos || rs >= end || !r[i].size)
				continue;
			if (rs <= pos) { /* pos sits inside a region: jump past it */
				next = pos;
				skip_to = re;
				break;
			}
			if (rs < next) {
				next = rs;
				skip_to = re;
			}
		}
		/*
		 * Linux/ARM maps RAM in 1 MiB sections and hangs before its console is up
		 * when a bank starts or ends mid-section next to a mapped section: shrink
		 * the banks to whole sections at region edges (RAM's own edges stay).
		 */
		uint64_t bs = pos == ram_base ? pos : ALIGN_UP(pos, (uint64_t)ATAGS_SECTION);
		uint64_t be = next == end ? next : ALIGN_DOWN(next, (uint64_t)ATAGS_SECTION);
		if (be > bs) {
			if (nb == max)
				return -ENOSPC;
			out[nb].start = (uint32_t)bs;
			out[nb].size = (uint32_t)(be - bs);
			nb++;
		}
		pos = skip_to;
	}
	return nb;
}

int atags_cmdline(char *buf, size_t size, const char *bootargs, const struct phram_region *r, int n)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = (size_t)snprintf(buf, size, "%s", bootargs ? bootargs : "");
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%sphram.phram=%s,0x%lx,0x%lx",
					len ? " " : "", r[i].label, (unsigned long)r[i].addr,
					(unsigned long)r[i].size);
	if (len >= size)
		return -E2BIG;
	return (int)len;
}

struct atag_writer {
	uint32_t *p, *end;
};

/* Starts a tag of words (header included); NULL when it does not fit. */
static uint32_t *tag_new(struct atag_writer *w, uint32_t tag, uint32_t words)
{
	uint32_t *t = w->p;

	if ((size_t)(w->end - w->p) < words)
		return NULL;
	t[0] = words;
	t[1] = tag;
	w->p += words;
	return t;
}

int atags_build(void *buf, size_t size, const struct atag_params *p)
{
	struct atag_writer w = { buf, (uint32_t *)buf + size / 4 };
	struct atag_bank banks[ATAGS_MAX_BANKS];
	char cmdline[ATAGS_CMDLINE_MAX];
	uint32_t *t;
	int nb, len;

	if ((uintptr_t)buf & 3)
		return -EINVAL;
	nb = atags_mem_banks(p->ram_base, p->ram_size, p->regions, p->nregions, banks,
			     ARRAY_SIZE(banks));
	if (nb < 0)
		return nb;
	len = atags_cmdline(cmdline, sizeof(cmdline), p->bootargs, p->regions, p->nregions);
	if (len < 0)
		return len;

	t = tag_new(&w, ATAG_CORE, 5);
	if (!t)
		return -ENOSPC;
	t[2] = 0;    /* flags: root read-write unless the command line says ro */
	t[3] = 4096; /* page size */
	t[4] = 0;    /* root device */
	for (int i = 0; i < nb; i++) {
		t = tag_new(&w, ATAG_MEM, 4);
		if (!t)
			return -ENOSPC;
		t[2] = banks[i].size;
		t[3] = banks[i].start;
	}
	if (len) {
		t = tag_new(&w, ATAG_CMDLINE, 2 + DIV_ROUND_UP((uint32_t)len + 1, 4));
		if (!t)
			return -ENOSPC;
		memset(&t[2], 0, (t[0] - 2) * 4);
		memcpy(&t[2], cmdline, (size_t)len);
	}
	if (p->initrd_size) {
		t = tag_new(&w, ATAG_INITRD2, 4);
		if (!t)
			return -ENOSPC;
		t[2] = p->initrd_start;
		t[3] = p->initrd_size;
	}
	t = tag_new(&w, ATAG_NONE, 2);
	if (!t)
		return -ENOSPC;
	t[0] = 0; /* ATAG_NONE has size 0 */
	return (int)((uint8_t *)w.p - (uint8_t *)buf);
}
