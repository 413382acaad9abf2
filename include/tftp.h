/*
 * TFTP client as a pure state machine (RFC 1350; options blksize RFC 2348, tsize
 * RFC 2349, windowsize RFC 7440, timeout RFC 2349). The caller moves datagrams and
 * time; the machine says what to store, what to send, and when it is finished.
 */
#ifndef FB_TFTP_H
#define FB_TFTP_H
#include "common.h"

// clang-format off
#define TFTP_PORT 69
#define TFTP_RRQ 1
#define TFTP_WRQ 2
#define TFTP_DATA 3
#define TFTP_ACK 4
#define TFTP_ERROR 5
#define TFTP_OACK 6
#define TFTP_BLKSIZE_MIN 8
#define TFTP_BLKSIZE_MAX 1468   /* one Ethernet frame: 1500 - IP - UDP - 4 */
#define TFTP_WINDOW_MAX 64
#define TFTP_NAME_MAX 128
#define TFTP_PKT_MAX (4 + TFTP_BLKSIZE_MAX)
#define TFTP_ERRMSG_MAX 80
// clang-format on

enum { TFTP_CONTINUE = 1, TFTP_DONE = 0 };
/* status codes beyond -errno: the server's error packet (text in errmsg) is -EREMOTEIO */

struct tftp_cfg {
	bool put; /* WRQ: send put_size bytes from put_data */
	const uint8_t *put_data;
	uint32_t put_size;
	uint32_t room;         /* get: bytes that may be stored at the load address */
	uint16_t blksize;      /* asked for (512 asks for no option) */
	uint16_t windowsize;   /* asked for (1 asks for no option) */
	uint32_t timeout_ms;   /* retransmission time-out (U-Boot's tftptimeout) */
	uint32_t max_timeouts; /* time-outs in a transfer (from its start or the last block-number
				  wrap); the next one gives up (tftptimeoutcountmax) */
	uint16_t server_port;  /* where the request goes (tftpdstp); 0: 69 */
};

struct tftp_action {
	const uint8_t *data; /* get: store len bytes at offset */
	uint32_t offset, len;
	const uint8_t *reply; /* send nreply bytes to port dport (0: nothing) */
	size_t nreply;
	uint16_t dport;
	bool timed_out; /* a retransmission happened ('T' in the progress) */
	int status;     /* TFTP_CONTINUE, TFTP_DONE, or -errno */
};

struct tftp {
	struct tftp_cfg cfg;
	int state;
	uint16_t blksize, windowsize, server_port;
	bool have_tsize, options_sent;
	uint32_t tsize;
	uint32_t block;     /* get: next expected; put: last sent (unwrapped, from 1) */
	uint32_t in_window; /* blocks received since the last ACK */
	uint32_t bytes;     /* get: stored so far; put: acknowledged so far */
	uint32_t timeouts, total_timeouts;
	uint64_t deadline_us, last_send_us;
	uint16_t errcode;
	char errmsg[TFTP_ERRMSG_MAX];
	uint8_t out[TFTP_PKT_MAX + TFTP_NAME_MAX + 64];
	size_t nout;
	uint16_t out_port;
};

/* -EINVAL: bad name or configuration */
int tftp_start(struct tftp *t, const struct tftp_cfg *cfg, const char *filename, uint64_t now_us,
	       struct tftp_action *act);
/* a datagram from the server's port sport */
void tftp_input(struct tftp *t, uint16_t sport, const uint8_t *p, size_t len, uint64_t now_us,
		struct tftp_action *act);
void tftp_tick(struct tftp *t, uint64_t now_us, struct tftp_action *act);
/* give up (Ctrl-C, a failed store): an error packet to the server when one is talking */
void tftp_abort(struct tftp *t, int status, struct tftp_action *act);

/*
 * Parse an OACK's options (pure, for the fuzzer too): blksize and windowsize come back as the
 * server acknowledged them (512 and 1 when it left them out); 0, or -EINVAL on values above
 * what we asked for (max_blksize, max_windowsize) or malformed options.
 */
int tftp_parse_oack(const uint8_t *p, size_t len, uint16_t max_blksize, uint16_t max_windowsize,
		    uint16_t *blksize, uint16_t *windowsize, uint32_t *tsize, bool *have_tsize);

#endif
