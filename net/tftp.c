/*
 * TFTP client state machine (pure; see include/tftp.h). Get: RRQ with options,
 * OACK -> ACK 0, then DATA blocks stored in order; with a window the receiver
 * acknowledges every windowsize blocks and, on a gap, the last block it holds in
 * order (RFC 7440). Duplicates are not stored twice; one received again after a
 * quiet spell is acknowledged again (the server lost our ACK). Put: WRQ, then one
 * DATA block per ACK. Silence retransmits every timeout_ms, as U-Boot does (no back-off).
 * Time-outs are counted as U-Boot's tftp.c counts them: over the whole transfer, the count
 * starting again only when the 16-bit block number wraps (every 65536 blocks); the time-out
 * after max_timeouts of them ends the transfer with -ETIMEDOUT.
 */
#include "tftp.h"
#include "net_pkt.h"

enum { ST_REQ, ST_GET, ST_PUT, ST_END };

// clang-format off
#define REACK_QUIET_US 100000u   /* a duplicate after this much quiet means our ACK was lost */
// clang-format on

static void set_deadline(struct tftp *t, uint64_t now)
{
	t->deadline_us = now + (uint64_t)t->cfg.timeout_ms * 1000u;
}

static void send_out(struct tftp *t, uint64_t now, struct tftp_action *act)
{
	act->reply = t->out;
	act->nreply = t->nout;
	act->dport = t->out_port;
	t->last_send_us = now;
}

static void build_ack(struct tftp *t, uint32_t block)
{
	put_be16(t->out, TFTP_ACK);
	put_be16(t->out + 2, (uint16_t)block);
	t->nout = 4;
	t->out_port = t->server_port;
}

static void build_error(struct tftp *t, uint16_t code, const char *msg)
{
	size_t n = strlen(msg);

	put_be16(t->out, TFTP_ERROR);
	put_be16(t->out + 2, code);
	memcpy(t->out + 4, msg, n + 1);
	t->nout = 4 + n + 1;
	t->out_port = t->server_port;
}

static void finish(struct tftp *t, int status, struct tftp_action *act)
{
	t->state = ST_END;
	act->status = status;
}

static void fail_with_error(struct tftp *t, int status, uint16_t code, const char *msg, uint64_t now,
			    struct tftp_action *act)
{
	build_error(t, code, msg);
	send_out(t, now, act);
	finish(t, status, act);
}

static size_t put_opt(uint8_t *p, const char *name, unsigned long v)
{
	size_t n = strlen(name) + 1;
	char num[12];
	int len = 0;

	memcpy(p, name, n);
	do
		num[len++] = (char)('0' + v % 10);
	while ((v /= 10));
	for (int i = 0; i < len; i++)
		p[n + i] = (uint8_t)num[len - 1 - i];
	p[n + len] = 0;
	return n + (size_t)len + 1;
}

int tftp_start(struct tftp *t, const struct tftp_cfg *cfg, const char *filename, uint64_t now,
	       struct tftp_action *act)
{
	size_t nl = strlen(filename), n;

	memset(act, 0, sizeof(*act));
	if (!nl || nl >= TFTP_NAME_MAX || cfg->blksize < TFTP_BLKSIZE_MIN ||
	    cfg->blksize > TFTP_BLKSIZE_MAX || !cfg->windowsize || cfg->windowsize > TFTP_WINDOW_MAX ||
	    !cfg->timeout_ms)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	t->cfg = *cfg;
	t->blksize = 512;
	t->windowsize = 1;
	t->state = ST_REQ;
	put_be16(t->out, cfg->put ? TFTP_WRQ : TFTP_RRQ);
	memcpy(t->out + 2, filename, nl + 1);
	n = 2 + nl + 1;
	memcpy(t->out + n, "octet", 6);
	n += 6;
	n += put_opt(t->out + n, "timeout", MAX(1u, MIN(255u, cfg->timeout_ms / 1000)));
	n += put_opt(t->out + n, "tsize", cfg->put ? cfg->put_size : 0);
	if (cfg->blksize != 512)
		n += put_opt(t->out + n, "blksize", cfg->blksize);
	if (cfg->windowsize > 1 && !cfg->put)
		n += put_opt(t->out + n, "windowsize", cfg->windowsize);
	t->nout = n;
	t->out_port = cfg->server_port ? cfg->server_port : TFTP_PORT; /* U-Boot's tftpdstp */
	set_deadline(t, now);
	send_out(t, now, act);
	act->status = TFTP_CONTINUE;
	return 0;
}

/* option names are case-insensitive (RFC 2347); s is lower case */
static bool opt_is(const char *p, const char *s)
{
	for (; *s; p++, s++)
		if ((*p | 0x20) != *s)
			return false;
	return !*p;
}

static bool opt_num(const char *s, unsigned long max, unsigned long *v)
{
	unsigned long n = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > max)
			return false;
	}
	*v = n;
	return true;
}

int tftp_parse_oack(const uint8_t *p, size_t len, uint16_t max_blksize, uint16_t max_windowsize,
		    uint16_t *blksize, uint16_t *windowsize, uint32_t *tsize, bool *have_tsize)
{
	const char *s = (const char *)p, *end = (const char *)p + len;

	*blksize = 512;
	*windowsize = 1;
	while (s < end) {
		const char *name = s, *val;
		unsigned long v;

		s = memchr(s, 0, (size_t)(end - s));
		if (!s)
			return -EINVAL;
		val = ++s;
		s = val < end ? memchr(val, 0, (size_t)(end - val)) : NULL;
		if (!s)
			return -EINVAL;
		s++;
		if (opt_is(name, "blksize")) {
			if (!opt_num(val, max_blksize, &v) || v < TFTP_BLKSIZE_MIN)
				return -EINVAL;
			*blksize = (uint16_t)v;
		} else if (opt_is(name, "windowsize")) {
			if (!opt_num(val, max_windowsize, &v) || !v)
				return -EINVAL;
			*windowsize = (uint16_t)v;
		} else if (opt_is(name, "tsize")) {
			if (!opt_num(val, 0xffffffffu, &v))
				return -EINVAL;
			*tsize = (uint32_t)v;
			*have_tsize = true;
		} /* timeout and anything else: nothing to do */
	}
	return 0;
}

static void server_error(struct tftp *t, const uint8_t *p, size_t len, struct tftp_action *act)
{
	size_t i;

	t->errcode = len >= 4 ? get_be16(p + 2) : 0;
	for (i = 0; i + 4 < len && i < TFTP_ERRMSG_MAX - 1 && p[4 + i]; i++)
		t->errmsg[i] = (p[4 + i] >= 0x20 && p[4 + i] < 0x7f) ? (char)p[4 + i] : '?';
	t->errmsg[i] = 0;
	finish(t, -EREMOTEIO, act);
}

/*
 * Block `block` (unwrapped) got through: the timer starts again, the count of time-outs only
 * when the 16-bit block number wraps to 0 (U-Boot: "we've done well, reset the timeout")
 */
static void progress(struct tftp *t, uint32_t block, uint64_t now)
{
	if (!(block & 0xffffu))
		t->timeouts = 0;
	set_deadline(t, now);
}

/* put: send block t->block (from 1) */
static void put_block(struct tftp *t, uint64_t now, struct tftp_action *act)
{
	uint32_t off = (t->block - 1) * t->blksize;
	uint32_t n = MIN((uint32_t)t->blksize, t->cfg.put_size - off);

	put_be16(t->out, TFTP_DATA);
	put_be16(t->out + 2, (uint16_t)t->block);
	memcpy(t->out + 4, t->cfg.put_data + off, n);
	t->nout = 4 + n;
	t->out_port = t->server_port;
	send_out(t, now, act);
}

static void get_data(struct tftp *t, uint16_t n, const uint8_t *d, size_t len, uint64_t now,
		     struct tftp_action *act)
{
	uint32_t off;

	if (n != (uint16_t)t->block) {
		/* out of order: ask again from the last block held in order, once per gap */
		bool ahead = (uint16_t)(n - (uint16_t)t->block) < 0x8000;

		if ((ahead && t->in_window != 0xffffffffu) || now - t->last_send_us >= REACK_QUIET_US) {
			build_ack(t, t->block - 1);
			send_out(t, now, act);
			t->in_window = ahead ? 0xffffffffu : 0;
		}
		return;
	}
	if (len > t->blksize)
		return fail_with_error(t, -EPROTO, 4, "Block larger than blksize", now, act);
	off = (t->block - 1) * t->blksize;
	if ((uint64_t)off + len > t->cfg.room)
		return fail_with_error(t, -EFBIG, 3, "File too large", now, act);
	act->data = d;
	act->offset = off;
	act->len = (uint32_t)len;
	t->bytes = off + (uint32_t)len;
	progress(t, t->block, now);
	if (t->in_window == 0xffffffffu)
		t->in_window = 0;
	if (len < t->blksize) {
		build_ack(t, t->block);
		send_out(t, now, act);
		return finish(t, TFTP_DONE, act);
	}
	if (++t->in_window >= t->windowsize) {
		build_ack(t, t->block);
		send_out(t, now, act);
		t->in_window = 0;
	}
	t->block++;
}

static void first_reply(struct tftp *t, uint16_t op, uint16_t sport, const uint8_t *p, size_t len,
			uint64_t now, struct tftp_action *act)
{
	t->server_port = sport;
	if (op == TFTP_OACK) {
		uint16_t bs, ws;

		if (tftp_parse_oack(p + 2, len - 2, t->cfg.blksize, t->cfg.put ? 1 : t->cfg.windowsize,
				    &bs, &ws, &t->tsize, &t->have_tsize))
			return fail_with_error(t, -EPROTO, 8, "Bad option acknowledgement", now, act);
		t->blksize = bs;
		t->windowsize = ws;
	}
	if (!t->cfg.put && t->have_tsize && t->tsize > t->cfg.room)
		return fail_with_error(t, -EFBIG, 3, "File too large", now, act);
	set_deadline(t, now); /* time-outs of the request still count (U-Boot) */
	t->block = 1;
	if (t->cfg.put) {
		t->state = ST_PUT;
		if (op == TFTP_OACK || (op == TFTP_ACK && get_be16(p + 2) == 0))
			return put_block(t, now, act);
		return fail_with_error(t, -EPROTO, 4, "Unexpected packet", now, act);
	}
	t->state = ST_GET;
	if (op == TFTP_OACK) {
		build_ack(t, 0);
		return send_out(t, now, act);
	}
	if (op == TFTP_DATA)
		return get_data(t, get_be16(p + 2), p + 4, len - 4, now, act);
	fail_with_error(t, -EPROTO, 4, "Unexpected packet", now, act);
}

static void put_ack(struct tftp *t, uint16_t n, uint64_t now, struct tftp_action *act)
{
	uint32_t sent;

	if (n != (uint16_t)t->block)
		return; /* a duplicate: answering it would send every block twice */
	sent = MIN(t->block * (uint32_t)t->blksize, t->cfg.put_size);
	progress(t, t->block + 1, now); /* U-Boot: the block to send next wraps */
	if (t->block * (uint32_t)t->blksize > t->cfg.put_size) {
		t->bytes = t->cfg.put_size;
		return finish(t, TFTP_DONE, act);
	}
	t->bytes = sent;
	t->block++;
	put_block(t, now, act);
}

void tftp_input(struct tftp *t, uint16_t sport, const uint8_t *p, size_t len, uint64_t now,
		struct tftp_action *act)
{
	uint16_t op;

	memset(act, 0, sizeof(*act));
	act->status = t->state == ST_END ? TFTP_DONE : TFTP_CONTINUE;
	if (t->state == ST_END || len < 4 || (t->state != ST_REQ && sport != t->server_port))
		return;
	op = get_be16(p);
	if (op == TFTP_ERROR)
		return server_error(t, p, len, act);
	if (t->state == ST_REQ) {
		if (op == TFTP_OACK || op == TFTP_DATA || (op == TFTP_ACK && t->cfg.put))
			first_reply(t, op, sport, p, len, now, act);
		return;
	}
	if (t->state == ST_GET && op == TFTP_DATA)
		return get_data(t, get_be16(p + 2), p + 4, len - 4, now, act);
	if (t->state == ST_GET && op == TFTP_OACK && t->block == 1 &&
	    now - t->last_send_us >= REACK_QUIET_US) {
		build_ack(t, 0); /* our ACK of the OACK was lost */
		return send_out(t, now, act);
	}
	if (t->state == ST_PUT && op == TFTP_ACK)
		return put_ack(t, get_be16(p + 2), now, act);
}

void tftp_tick(struct tftp *t, uint64_t now, struct tftp_action *act)
{
	memset(act, 0, sizeof(*act));
	act->status = t->state == ST_END ? TFTP_DONE : TFTP_CONTINUE;
	if (t->state == ST_END || now < t->deadline_us)
		return;
	if (++t->timeouts > t->cfg.max_timeouts)
		return finish(t, -ETIMEDOUT, act);
	t->total_timeouts++;
	act->timed_out = true;
	if (t->state == ST_GET) {
		build_ack(t,
			  t->block -
				  1); /* the last block held in order: the server goes on from there */
		t->in_window = 0;
	}
	set_deadline(t, now);
	send_out(t, now, act);
}

void tftp_abort(struct tftp *t, int status, struct tftp_action *act)
{
	memset(act, 0, sizeof(*act));
	if (t->state != ST_REQ && t->state != ST_END) {
		build_error(t, 0, status == -ECANCELED ? "Cancelled" : "Transfer aborted");
		act->reply = t->out;
		act->nreply = t->nout;
		act->dport = t->out_port;
	}
	finish(t, status, act);
}
