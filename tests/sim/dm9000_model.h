/* Host model of the Davicom DM9000 on the sim bus (16-bit mode): registers, RX/TX packet memory. */
#ifndef DM9000_MODEL_H
#define DM9000_MODEL_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define DM9000_MODEL_FRAMES 8

struct dm9000_model {
	uintptr_t addr_port, data_port;
	uint8_t index;
	uint8_t reg[256];
	/* frames waiting in RX memory, each as the chip stores it: 01, status, len (with CRC), frame, CRC */
	uint8_t rx[DM9000_MODEL_FRAMES][1536 + 8];
	size_t rx_len[DM9000_MODEL_FRAMES];
	int rx_head, rx_count;
	size_t rx_pos; /* read pointer inside the head frame */
	uint8_t tx[2048];
	size_t tx_pos;
	/* what the driver sent */
	uint8_t sent[DM9000_MODEL_FRAMES][1536];
	size_t sent_len[DM9000_MODEL_FRAMES];
	int nsent;
	int resets;
	unsigned int violations; /* accesses the chip would not understand */
	/* optional wire (the sim board's libslirp): frames the driver sends go to wire_tx instead of
	 * sent[]; wire_poll runs when the driver looks for a frame and none waits */
	void (*wire_tx)(void *wire, const uint8_t *frame, size_t len);
	void (*wire_poll)(void *wire);
	void *wire;
};

void dm9000_model_init(struct dm9000_model *m, uintptr_t addr_port, uintptr_t data_port);
/* a frame from the wire (dropped unless RCR RXEN); status: RSR bits to report */
bool dm9000_model_receive(struct dm9000_model *m, const uint8_t *frame, size_t len, uint8_t status);

#endif
