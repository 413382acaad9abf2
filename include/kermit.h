/* Kermit receiver as a pure state machine: fed bytes and clock readings, it says what to send and what to store. */
#ifndef FB_KERMIT_H
#define FB_KERMIT_H
#include "common.h"

// clang-format off
#define KM_SOH 0x01          /* MARK: starts every packet */
#define KM_CR 0x0d
// clang-format on

// clang-format off
#define KM_IDLE_US 3000000u  /* before the Send-Init: silence before NAK(0) is sent again */
#define KM_TIME_DEF 5u       /* s: packet time-out when the sender names none */
#define KM_TIME_MAX 30u
#define KM_MY_TIME 5u        /* s: what we ask the sender to wait for our replies */
#define KM_MAX_RETRIES 10    /* bad packets or time-outs in a row */
#define KM_MAX_HANDSHAKE 30  /* NAKs sent before the sender starts (about 90 s) */
#define KM_NAME_MAX 64
#define KM_MSG_MAX 80        /* text of an error packet from the sender */
// clang-format on

// clang-format off
#define KM_PKT_MAX 2048      /* characters after MARK we can hold (long packets) */
#define KM_MAXLX 2000        /* long-packet length we announce (a margin below KM_PKT_MAX) */
#define KM_CHUNK 1024        /* decoded bytes handed over per action */
#define KM_REPLY_MAX 128     /* one packet we send, padding included */
#define KM_NPAD_MAX 16       /* padding we honour before our packets */
// clang-format on

enum km_status {
	KM_CONTINUE = 0, /* keep feeding */
	KM_DONE = 1,     /* file received and the sender said Break */
	/* errors are negative: -ECANCELED (sender's E packet, user's Ctrl-C, file discarded
	 * by the sender), -ETIMEDOUT (too many time-outs or bad packets in a row),
	 * -EPROTO (packet out of place or badly encoded), -ENOSPC (file larger than room) */
};

/*
 * What one step asks of the caller, in this order: store data at offset (before sending
 * anything), send the reply bytes, then stop if status != KM_CONTINUE; if more is set,
 * call kermit_more() (no new input) for the rest of the packet's data before feeding.
 */
struct km_action {
	const uint8_t *data;  /* decoded file bytes, NULL if none */
	uint32_t offset, len; /* where in the file they go */
	const uint8_t *reply; /* a packet for the sender (with padding and EOL) */
	uint16_t nreply;
	bool more;  /* the packet holds more data: call kermit_more() */
	int status; /* enum km_status or -errno */
};

enum km_state { KM_S_WAIT, KM_S_PKT, KM_S_END };
enum km_phase { KM_P_INIT, KM_P_FILE, KM_P_DATA };

struct kermit {
	uint32_t room;       /* destination capacity in bytes */
	enum km_state state; /* between packets / inside one / finished */
	enum km_phase phase; /* waiting for S / for F or B / inside a file */
	uint8_t expect;      /* next sequence number, 0..63 */
	unsigned int errors; /* bad packets / time-outs in a row */
	unsigned int handshakes;
	uint8_t ctrlc;          /* Ctrl-Cs in a row between packets */
	uint64_t now, deadline; /* us */

	/* what the Send-Init and our answer agreed on */
	uint32_t timeout_us;      /* sender's TIME */
	uint8_t npad, padc, eol;  /* what the sender wants before / after our packets */
	uint8_t qctl, qbin, rept; /* sender's prefixes; qbin/rept 0 when not in use */
	uint8_t chkt;             /* block check type 1, 2 or 3 */
	bool seven_bit;           /* the sender uses parity: the 8th bit of each char is noise */

	/* the packet being received: everything after MARK */
	uint8_t pkt[KM_PKT_MAX];
	uint32_t pos, total; /* characters received, expected (0 = header incomplete) */

	/* a verified D packet being decoded into chunk[] */
	uint32_t dec_pos, dec_end;
	uint8_t dec_byte; /* a repeated byte not fully handed out yet */
	uint32_t dec_rep;
	uint8_t chunk[KM_CHUNK];

	uint8_t ack[KM_REPLY_MAX]; /* the last ACK, sent again when its packet repeats */
	uint16_t nack;
	uint8_t out[KM_REPLY_MAX]; /* NAK or error packet */

	/* the file */
	char name[KM_NAME_MAX];
	char msg[KM_MSG_MAX];      /* the sender's error text */
	bool got_file;             /* Z (end of file) received for a file */
	bool discarded;            /* the sender gave the file up (Z with "D") */
	uint32_t received;         /* bytes handed to the caller */
	uint32_t packets, retries; /* statistics */
	int error;
};

/* Start a session at time now (us): waits for the sender's Send-Init. */
void kermit_init(struct kermit *km, uint32_t room, uint64_t now, struct km_action *act);
/* One byte from the sender at time now. */
void kermit_feed(struct kermit *km, uint8_t c, uint64_t now, struct km_action *act);
/* Nothing arrived: NAKs and time-outs as time passes. */
void kermit_tick(struct kermit *km, uint64_t now, struct km_action *act);
/* The rest of a data packet when the previous action said more. */
void kermit_more(struct kermit *km, struct km_action *act);
/* Give up (caller could not store, user interrupt): an E packet to the sender, status err. */
void kermit_cancel(struct kermit *km, int err, struct km_action *act);

/* Block checks over p[0..len): type 1 and 2 sums, type 3 CRC-16/KERMIT (0x8408, init 0). */
uint8_t kermit_chk1(const uint8_t *p, size_t len);
uint16_t kermit_chk2(const uint8_t *p, size_t len);
uint16_t kermit_crc16(const uint8_t *p, size_t len);

#endif
