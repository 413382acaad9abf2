/* Helpers shared by the serial download commands (loady, loadb): RAM room at an address, draining the line. */
#ifndef FB_LOAD_H
#define FB_LOAD_H
#include <stdbool.h>
#include <stdint.h>

#define LOAD_DRAIN_QUIET_US 300000u /* after a cancel: wait for this much silence */
#define LOAD_SETTLE_US 100000u      /* after success: let the sender exit before we print */

/* The [addr [baud]] arguments ($loadaddr by default), checked: addr writable RAM, room its
 * bytes up to the end of RAM or flashboot; prints the refusal; returns a CMD_RET_* value. */
int load_args(int argc, char *const argv[], unsigned long *addr, unsigned long *baud, uint32_t *room);
/* Bytes of RAM from addr up to the end of its bank or the start of flashboot, 0 if none. */
uint32_t load_room_at(uintptr_t addr);
/* Throw away what the sender still has in flight until quiet_us of silence (3 s at most). */
void load_drain(uint32_t quiet_us);
/* A received piece into RAM at addr + offset; false (nothing stored) when it would pass room. */
bool load_store(uintptr_t addr, uint32_t room, uint32_t offset, const void *data, uint32_t len);
/* The protocol's reply bytes out on the console. */
void load_reply(const uint8_t *reply, int n);
/* After a transfer. Failed: drain the line, print "## Error: <proto> download <why> after N bytes"
 * (why NULL: the reason all protocols share, e.g. "cancelled", "timed out") and, for -ENOSPC,
 * what is in the way. Done: settle, the file line ("## File '<name>': <count>
 * <unit>, N retries"), U-Boot's size and address lines, filesize and fileaddr. CMD_RET_* value. */
int load_finish(const char *proto, int status, const char *why, uintptr_t addr, uint32_t room,
		uint32_t received, const char *name, uint32_t count, const char *unit, uint32_t retries);

#endif
