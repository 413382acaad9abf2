/* phram regions: a small table of RAM areas handed to Linux as MTD devices, with RAM/firmware/overlap rules. */
#include "phram.h"
#include "board.h"
#include "ramguard.h"

static struct phram_region regions[PHRAM_MAX];
static int nregions;

static bool label_ok(const char *label)
{
	size_t n = strlen(label);

	/* Linux takes names up to 63 characters; ',' would split phram.phram= */
	if (!n || n >= sizeof(regions[0].label))
		return false;
	for (const char *c = label; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '-' || *c == '.'))
			return false;
	return true;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

const struct phram_region *phram_overlap(uint32_t addr, uint32_t size)
{
	for (int i = 0; i < nregions; i++)
		if (size && overlaps(addr, size, regions[i].addr, regions[i].size))
			return &regions[i];
	return NULL;
}

static int find(const char *label)
{
	for (int i = 0; i < nregions; i++)
		if (!strcmp(regions[i].label, label))
			return i;
	return -1;
}

int phram_add(const char *label, uint32_t addr, uint32_t size)
{
	uint64_t end = (uint64_t)addr + size;
	int i;

	/* Linux's phram wants a length that is a multiple of its erase size (PAGE_SIZE) */
	if (!label_ok(label) || !size || addr % SZ_4K || size % SZ_4K)
		return -EINVAL;
	if (addr < board->ram_base || end > (uint64_t)board->ram_base + fw.ram_size)
		return -ERANGE;
	if (overlaps(addr, size, fw.start, fw.stack_hi - fw.start))
		return -ERANGE;
	if (find(label) >= 0)
		return -EEXIST;
	if (phram_overlap(addr, size))
		return -EBUSY;
	if (nregions == PHRAM_MAX)
		return -ENOSPC;
	/* from now on no command writes into it (addr_check_write) */
	if (ram_guard_add("phram region", label, addr, size))
		return -ENOSPC;
	/* keep the table sorted by address */
	for (i = nregions; i > 0 && regions[i - 1].addr > addr; i--)
		regions[i] = regions[i - 1];
	memset(&regions[i], 0, sizeof(regions[i]));
	strcpy(regions[i].label, label);
	regions[i].addr = addr;
	regions[i].size = size;
	nregions++;
	return 0;
}

int phram_del(const char *label)
{
	int i = find(label);

	if (i < 0)
		return -ENOENT;
	ram_guard_del(regions[i].addr, regions[i].size);
	for (; i < nregions - 1; i++)
		regions[i] = regions[i + 1];
	nregions--;
	return 0;
}

int phram_count(void)
{
	return nregions;
}

const struct phram_region *phram_get(int i)
{
	return i >= 0 && i < nregions ? &regions[i] : NULL;
}
