/* Protected RAM ranges: addr_check_write() refuses writes into them; boot/phram.c registers its regions. */
#include "ramguard.h"

static struct ram_guard guards[RAMGUARD_MAX];
static int nguards;

int ram_guard_add(const char *kind, const char *name, uint32_t start, uint32_t size)
{
	struct ram_guard *g;

	if (!size || start + (size - 1) < start)
		return -EINVAL;
	if (nguards == RAMGUARD_MAX)
		return -ENOSPC;
	g = &guards[nguards++];
	g->kind = kind;
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->start = start;
	g->size = size;
	return 0;
}

int ram_guard_del(uint32_t start, uint32_t size)
{
	for (int i = 0; i < nguards; i++) {
		if (guards[i].start != start || guards[i].size != size)
			continue;
		guards[i] = guards[--nguards];
		return 0;
	}
	return -ENOENT;
}

const struct ram_guard *ram_guard_hit(uintptr_t addr, size_t len)
{
	const struct ram_guard *hit = NULL;
	uint64_t end = (uint64_t)addr + len;

	if (!len)
		return NULL;
	for (int i = 0; i < nguards; i++) {
		const struct ram_guard *g = &guards[i];

		if (addr < (uint64_t)g->start + g->size && g->start < end &&
		    (!hit || g->start < hit->start))
			hit = g;
	}
	return hit;
}

uint32_t ram_guard_room(uintptr_t addr, uint32_t room)
{
	for (int i = 0; i < nguards; i++) {
		const struct ram_guard *g = &guards[i];

		if (addr >= g->start && addr - g->start < g->size)
			return 0;
		if (g->start > addr && g->start - addr < room)
			room = (uint32_t)(g->start - addr);
	}
	return room;
}
