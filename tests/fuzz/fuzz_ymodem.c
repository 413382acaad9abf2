/* Fuzz target for the YMODEM receiver: arbitrary bytes and pauses from the "sender", invariants checked. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "ymodem.h"

#define RAM_MAX 20000u

/* Input: byte 0 sets the capacity; then 0xFF 0xNN pauses NN x 100 ms, anything else is a received byte. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t ram[RAM_MAX];
	static uint8_t seen[RAM_MAX];
	struct ymodem ym;
	struct ym_action a;
	uint64_t now = 0;
	uint32_t cap, stored = 0;

	if (!size)
		return 0;
	cap = (uint32_t)data[0] * 97 % RAM_MAX;
	memset(seen, 0, sizeof(seen));
	ymodem_init(&ym, cap, now, &a);
	for (size_t i = 1; i < size && a.status == YM_CONTINUE; i++) {
		if (data[i] == 0xff && i + 1 < size) {
			now += (uint64_t)data[++i] * 100000;
			ymodem_tick(&ym, now, &a);
		} else {
			now += 87;
			ymodem_feed(&ym, data[i], now, &a);
		}
		if (a.data) {
			/* blocks are handed over in order, each byte once, inside the capacity */
			if (a.offset != stored || a.len > 1024 || a.offset + a.len > cap)
				abort();
			for (uint32_t k = 0; k < a.len; k++) {
				if (seen[a.offset + k])
					abort();
				seen[a.offset + k] = 1;
			}
			memcpy(ram + a.offset, a.data, a.len);
			stored += a.len;
		}
		if (a.nreply > sizeof(a.reply) || stored != ym.received)
			abort();
		if (a.status > YM_DONE)
			abort();
		if (a.status == YM_DONE && ym.size_known && ym.received != ym.file_size)
			abort();
	}
	return 0;
}
