/* YMODEM receiver as a pure state machine: fed bytes and clock readings, it says what to send and what to store. */
#ifndef FB_YMODEM_H
#define FB_YMODEM_H
#include "common.h"

// clang-format off
#define YM_SOH 0x01 /* 128-byte block */
#define YM_STX 0x02 /* 1024-byte block */
#define YM_EOT 0x04
#define YM_ACK 0x06
#define YM_NAK 0x15
#define YM_CAN 0x18
#define YM_CRC 'C'  /* "send blocks with CRC-16" */
// clang-format on

// clang-format off
#define YM_IDLE_US 3000000u  /* silence before 'C'/NAK is sent again */
#define YM_CHAR_US 1000000u  /* silence inside a block before it is given up */
#define YM_MAX_RETRIES 10    /* bad blocks or time-outs in a row */
#define YM_MAX_HANDSHAKE 30  /* 'C's sent before the sender starts (about 90 s) */
#define YM_NAME_MAX 64
// clang-format on

enum ym_status {
	YM_CONTINUE = 0, /* keep feeding */
	YM_DONE = 1,     /* file received and the batch closed */
			 /* errors are negative: -ECANCELED (sender or user cancelled), -ETIMEDOUT,
	 * -EIO (too many bad blocks), -EPROTO (block out of sequence),
	 * -ENOSPC (file larger than the destination) */
};

/* What one step asks of the caller: store data (before sending the reply), send reply. */
struct ym_action {
	const uint8_t *data;  /* a new block's payload, NULL if none */
	uint32_t offset, len; /* where in the file it goes */
	uint8_t reply[4];
	uint8_t nreply;
	int status; /* enum ym_status or -errno */
};

enum ym_state { YM_S_WAIT, YM_S_BLOCK, YM_S_END };

struct ymodem {
	uint32_t max_size; /* destination capacity in bytes */
	enum ym_state state;
	bool in_file;        /* header (block 0) accepted, data blocks expected */
	bool got_file;       /* a whole file arrived (EOT acknowledged) */
	uint8_t expect;      /* next block number */
	uint8_t nak_eot;     /* EOTs NAKed so far */
	uint8_t can;         /* CANs in a row */
	unsigned int errors; /* bad blocks / time-outs in a row */
	unsigned int handshakes;
	uint64_t deadline; /* us: when silence calls for a retry */
	uint64_t now;

	/* the block being received */
	uint8_t hdr[2];
	uint32_t pos, size; /* bytes of data (+2 CRC) received, expected */
	uint16_t crc;
	uint8_t buf[1024 + 2];

	/* the file */
	char name[YM_NAME_MAX];
	bool size_known;
	uint32_t file_size;       /* from block 0 */
	uint32_t received;        /* bytes handed to the caller */
	uint32_t blocks, retries; /* statistics */
	int error;
};

/* Start a session at time now (us): the action sends the first 'C'. */
void ymodem_init(struct ymodem *ym, uint32_t max_size, uint64_t now, struct ym_action *act);
/* One byte from the sender at time now. */
void ymodem_feed(struct ymodem *ym, uint8_t c, uint64_t now, struct ym_action *act);
/* Nothing arrived: retries and time-outs as time passes. */
void ymodem_tick(struct ymodem *ym, uint64_t now, struct ym_action *act);
/* Give up (caller could not store a block, user interrupt): CAN CAN, status err. */
void ymodem_cancel(struct ymodem *ym, int err, struct ym_action *act);

uint16_t ymodem_crc16(uint16_t crc, const uint8_t *p, size_t len); /* XMODEM CRC-16, init 0 */

#endif
