/* What loady and loadb share: arguments, room checks, storing, the drain and the end-of-transfer summary. */
#include <stdlib.h>
#include "board.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "load.h"
#include "ramguard.h"
#include "timer.h"

#define DRAIN_MAX_US 3000000u

uint32_t load_room_at(uintptr_t addr)
{
	for (int i = 0; i < board->nmemmap; i++) {
		const struct mem_region *m = &board->memmap[i];
		uint64_t end = (uint64_t)m->base + m->size;

		if (m->attr != MEM_RAM || addr < m->base || addr >= end)
			continue;
		if (m->base == board->ram_base)
			end = MIN(end, (uint64_t)board->ram_base + fw.ram_size);
		if (addr >= fw.start && addr < fw.stack_hi)
			return 0;
		if (addr < fw.start && fw.start < end)
			end = fw.start;
		/* and a phram region above stops it too */
		return end > addr ? ram_guard_room(addr, (uint32_t)MIN(end - addr, (uint64_t)UINT32_MAX))
				  : 0;
	}
	return 0;
}

void load_drain(uint32_t quiet_us)
{
	uint64_t start = timer_us(), quiet = start;

	while (timer_us() - quiet < quiet_us && timer_us() - start < DRAIN_MAX_US) {
		if (console_tstc()) {
			console_getc();
			quiet = timer_us();
		}
	}
}

int load_args(int argc, char *const argv[], unsigned long *addr, unsigned long *baud, uint32_t *room)
{
	*addr = env_get_hex("loadaddr", board->ram_base + SZ_1M * 8);
	if (argc > 1 && parse_ulong(argv[1], addr))
		return CMD_RET_USAGE;
	*baud = board->console->baud;
	if (argc > 2) {
		char *end;
		unsigned long want = strtoul(argv[2], &end, 10); /* decimal, as U-Boot */

		if (*end || !want)
			return CMD_RET_USAGE;
		if (want != *baud)
			printf("## Baud rate changes are not supported: staying at %lu bps\n", *baud);
	}
	if (addr_check_write(*addr, 1))
		return CMD_RET_FAILURE;
	*room = load_room_at(*addr);
	if (!*room) {
		cmd_err("no RAM to load into at 0x%08lx", *addr);
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

bool load_store(uintptr_t addr, uint32_t room, uint32_t offset, const void *data, uint32_t len)
{
	/* the state machines keep offset + len within room: checked again anyway */
	if ((uint64_t)offset + len > room)
		return false;
	memcpy((void *)(addr + offset), data, len);
	return true;
}

void load_reply(const uint8_t *reply, int n)
{
	for (int i = 0; i < n; i++)
		console_putc((char)reply[i]);
}

/* Why a transfer stopped, for the errors every protocol shares. */
static const char *load_reason(int err)
{
	// clang-format off
	switch (-err) {
	case ECANCELED: return "cancelled";
	case ETIMEDOUT: return "timed out";
	case ENOSPC: return "file larger than the free RAM at the load address";
	default: return errno_str(err);
	}
	// clang-format on
}

int load_finish(const char *proto, int status, const char *why, uintptr_t addr, uint32_t room,
		uint32_t received, const char *name, uint32_t count, const char *unit, uint32_t retries)
{
	if (status < 0) {
		if (!why)
			why = load_reason(status);
		load_drain(LOAD_DRAIN_QUIET_US);
		printf("\n## Error: %s download %s after %lu bytes\n", proto, why,
		       (unsigned long)received);
		if (status == -ENOSPC)
			addr_check_write(addr, (size_t)room + 1); /* says what is in the way */
		return CMD_RET_FAILURE;
	}
	load_drain(LOAD_SETTLE_US);
	printf("## File '%s': %lu %s, %lu retries\n", name, (unsigned long)count, unit,
	       (unsigned long)retries);
	printf("## Total Size      = 0x%08lx = %lu Bytes\n", (unsigned long)received,
	       (unsigned long)received);
	printf("## Start Addr      = 0x%08lX\n", (unsigned long)addr);
	env_set_hex("filesize", received);
	env_set_hex("fileaddr", addr);
	return CMD_RET_SUCCESS;
}
