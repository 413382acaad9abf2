/* RAM ranges no command may write: a small registry kept in common/, filled by higher layers (phram regions). */
#ifndef FB_RAMGUARD_H
#define FB_RAMGUARD_H
#include "common.h"

#define RAMGUARD_MAX 8

struct ram_guard {
	const char *kind; /* what the range is, e.g. "phram region" (a string constant) */
	char name[32];    /* its name, e.g. the phram label */
	uint32_t start;
	uint32_t size;
};

/* Protect [start, start + size): -EINVAL empty or wrapping, -ENOSPC table full. */
int ram_guard_add(const char *kind, const char *name, uint32_t start, uint32_t size);
/* Drop the range registered with this start and size (-ENOENT). */
int ram_guard_del(uint32_t start, uint32_t size);
/* The lowest guarded range overlapping [addr, addr + len), or NULL. */
const struct ram_guard *ram_guard_hit(uintptr_t addr, size_t len);
/* room clipped so that [addr, addr + room) ends before the first guarded range above addr. */
uint32_t ram_guard_room(uintptr_t addr, uint32_t room);

#endif
