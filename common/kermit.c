/* Kermit receiver state machine (Send-Init negotiation, prefixed/repeated data, long packets, block checks 1-3): no I/O here. */
#include "kermit.h"

/* The protocol's character encodings: a small number as a printable character and back,
 * and a control character as its printable twin. */
static uint8_t tochar(uint32_t x)
{
	return (uint8_t)(x + 32);
}

static uint32_t unchar(uint8_t c)
{
	return (uint32_t)((c & 0x7f) - 32) & 0x7f;
}

static uint8_t ctl(uint8_t c)
{
	return c ^ 64;
}

uint8_t kermit_chk1(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	while (len--)
		s += *p++;
	/* fold bits 6 and 7 of the low byte into the 6-bit result */
	return (uint8_t)((s + ((s & 0xc0) >> 6)) & 0x3f);
}

uint16_t kermit_chk2(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	while (len--)
		s += *p++;
	return (uint16_t)(s & 0xfff);
}

uint16_t kermit_crc16(const uint8_t *p, size_t len)
{
	uint16_t crc = 0;

	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0x8408) : (uint16_t)(crc >> 1);
	}
	return crc;
}

/* The check characters of type ct over p[0..len) into out; returns their count. */
static uint32_t check_chars(const uint8_t *p, uint32_t len, uint8_t ct, uint8_t *out)
{
	uint16_t s;

	switch (ct) {
	case 2:
		s = kermit_chk2(p, len);
		out[0] = tochar((s >> 6) & 0x3f);
		out[1] = tochar(s & 0x3f);
		return 2;
	case 3:
		s = kermit_crc16(p, len);
		out[0] = tochar((s >> 12) & 0x0f);
		out[1] = tochar((s >> 6) & 0x3f);
		out[2] = tochar(s & 0x3f);
		return 3;
	default:
		out[0] = tochar(kermit_chk1(p, len));
		return 1;
	}
}

static bool check_ok(const uint8_t *p, uint32_t len, uint8_t ct)
{
	uint8_t want[3];
	uint32_t n = check_chars(p, len, ct, want);

	return !memcmp(p + len, want, n);
}

static void act_clear(struct km_action *act)
{
	memset(act, 0, sizeof(*act));
}

static bool prefix_ok(uint8_t c)
{
	return (c >= 33 && c <= 62) || (c >= 96 && c <= 126);
}

/* A packet for the sender into buf (padding, MARK ... CHECK, EOL); returns its length. */
static uint16_t build(const struct kermit *km, uint8_t *buf, uint8_t type, uint8_t seq,
		      const uint8_t *data, uint32_t n, uint8_t ct)
{
	uint8_t *p = buf, *start;

	for (int i = 0; i < km->npad; i++)
		*p++ = km->padc;
	*p++ = KM_SOH;
	start = p;
	*p++ = tochar(n + 2 + ct);
	*p++ = tochar(seq & 63);
	*p++ = type;
	if (n)
		memcpy(p, data, n);
	p += n;
	p += check_chars(start, (uint32_t)(p - start), ct, p);
	*p++ = km->eol;
	return (uint16_t)(p - buf);
}

static uint8_t cur_chkt(const struct kermit *km)
{
	return km->phase == KM_P_INIT ? 1 : km->chkt;
}

/* ACK the packet with sequence number expect (data: our reply fields, if any). */
static void ack(struct kermit *km, const uint8_t *data, uint32_t n, uint8_t ct, struct km_action *act)
{
	km->nack = build(km, km->ack, 'Y', km->expect, data, n, ct);
	act->reply = km->ack;
	act->nreply = km->nack;
}

static void nak(struct kermit *km, struct km_action *act)
{
	act->nreply = build(km, km->out, 'N', km->expect, NULL, 0, cur_chkt(km));
	act->reply = km->out;
}

static void finish(struct kermit *km, int status, struct km_action *act)
{
	km->state = KM_S_END;
	km->error = status;
	km->dec_pos = km->dec_end = 0;
	km->dec_rep = 0;
	act->status = status;
}

static const char *cancel_text(int err)
{
	// clang-format off
	switch (err) {
	case -ENOSPC: return "flashboot: file larger than the free RAM";
	case -ETIMEDOUT: return "flashboot: too many retries";
	case -EPROTO: return "flashboot: unexpected packet";
	case KM_DONE: return "flashboot: one file per transfer";
	default: return "flashboot: transfer cancelled";
	}
	// clang-format on
}

void kermit_cancel(struct kermit *km, int err, struct km_action *act)
{
	act->data = NULL;
	act->len = 0;
	act->more = false;
	act->nreply = 0;
	act->reply = NULL;
	if (km->phase != KM_P_INIT) {
		/* tell the sender, or it retries for a long while; nobody listens before S */
		const char *t = cancel_text(err);

		act->nreply = build(km, km->out, 'E', km->expect, (const uint8_t *)t,
				    (uint32_t)strlen(t), km->chkt);
		act->reply = km->out;
	}
	finish(km, err, act);
}

void kermit_init(struct kermit *km, uint32_t room, uint64_t now, struct km_action *act)
{
	memset(km, 0, sizeof(*km));
	km->room = room;
	km->state = KM_S_WAIT;
	km->phase = KM_P_INIT;
	km->now = now;
	km->deadline = now + KM_IDLE_US;
	km->timeout_us = KM_TIME_DEF * 1000000u;
	km->eol = KM_CR;
	km->qctl = '#';
	km->chkt = 1;
	act_clear(act); /* the sender speaks first: nothing to send yet */
}

/*
 * One decoded item at p[*i] (p[end] is past the data): its byte and repeat count.
 * The prefixes nest as REPT count, QBIN, QCTL, character.
 */
static int decode_one(const struct kermit *km, const uint8_t *p, uint32_t *i, uint32_t end,
		      uint8_t *byte, uint32_t *rep)
{
	uint8_t c, hi = 0;

	*rep = 1;
	c = p[(*i)++];
	if (km->rept && c == km->rept) {
		if (*i + 1 >= end)
			return -EPROTO;
		*rep = unchar(p[(*i)++]);
		if (!*rep || *rep > 94)
			return -EPROTO;
		c = p[(*i)++];
	}
	if (km->qbin && c == km->qbin) {
		if (*i >= end)
			return -EPROTO;
		hi = 0x80;
		c = p[(*i)++];
	}
	if (c == km->qctl) {
		if (*i >= end)
			return -EPROTO;
		c = p[(*i)++];
		/* '?'..'_' stand for DEL and the controls; anything else is quoted literally */
		if ((c & 0x7f) >= 63 && (c & 0x7f) <= 95)
			c = ctl(c);
	}
	*byte = c | hi;
	return 0;
}

/* Decode a short text (file name, error message) into a C string, controls shown as '?'. */
static void decode_text(const struct kermit *km, const uint8_t *p, uint32_t n, char *dst, size_t size)
{
	uint32_t i = 0, rep;
	size_t k = 0;
	uint8_t b;

	while (i < n && decode_one(km, p, &i, n, &b, &rep) == 0)
		while (rep-- && k + 1 < size)
			dst[k++] = (char)((b < 32 || b == 127) ? '?' : b);
	dst[k] = '\0';
}

/* Our answer to the Send-Init: agree where the sender's wish is one we can follow. */
static void send_init(struct kermit *km, const uint8_t *d, uint32_t n, struct km_action *act)
{
	uint8_t qbin = n > 6 ? d[6] : 'N', chkt = n > 7 ? d[7] : '1', rept = n > 8 ? d[8] : ' ';
	uint32_t t = n > 1 ? unchar(d[1]) : 0, eol = n > 4 ? unchar(d[4]) : 0;
	uint8_t my[13];

	km->timeout_us = (t ? MIN(t, KM_TIME_MAX) : KM_TIME_DEF) * 1000000u;
	km->npad = (uint8_t)(n > 2 ? MIN(unchar(d[2]), KM_NPAD_MAX) : 0);
	km->padc = n > 3 ? ctl(d[3]) : 0;
	km->eol = eol > 0 && eol < 32 ? (uint8_t)eol : KM_CR;
	km->qctl = n > 5 && prefix_ok(d[5]) ? d[5] : '#';
	km->qbin = prefix_ok(qbin) && qbin != km->qctl ? qbin : 0;
	km->chkt = chkt >= '1' && chkt <= '3' ? chkt - '0' : 1;
	km->rept = prefix_ok(rept) && rept != km->qctl && rept != km->qbin ? rept : 0;

	my[0] = tochar(94);         /* MAXL */
	my[1] = tochar(KM_MY_TIME); /* TIME */
	my[2] = tochar(0);          /* NPAD: none wanted */
	my[3] = ctl(0);             /* PADC */
	my[4] = tochar(KM_CR);      /* EOL */
	my[5] = '#';                /* QCTL we would use */
	my[6] = km->qbin ? km->qbin : (qbin == 'Y' ? 'Y' : 'N');
	my[7] = (uint8_t)('0' + km->chkt);
	my[8] = km->rept ? km->rept : ' ';
	my[9] = tochar(2);              /* CAPAS: long packets, no windows, no attributes */
	my[10] = tochar(1);             /* WINDO */
	my[11] = tochar(KM_MAXLX / 95); /* MAXLX1, MAXLX2 */
	my[12] = tochar(KM_MAXLX % 95);
	ack(km, my, sizeof(my), 1, act); /* the new check type starts with the next packet */
}

/* Hand out the next piece of the data packet being decoded; ACK with the last piece. */
static void data_step(struct kermit *km, struct km_action *act)
{
	uint32_t n = 0;

	while (n < KM_CHUNK) {
		if (km->dec_rep) {
			uint32_t take = MIN(km->dec_rep, KM_CHUNK - n);

			memset(km->chunk + n, km->dec_byte, take);
			n += take;
			km->dec_rep -= take;
			continue;
		}
		if (km->dec_pos >= km->dec_end)
			break;
		/* the packet was checked whole before: this cannot fail */
		if (decode_one(km, km->pkt, &km->dec_pos, km->dec_end, &km->dec_byte, &km->dec_rep))
			km->dec_pos = km->dec_end, km->dec_rep = 0;
	}
	if (n) {
		act->data = km->chunk;
		act->offset = km->received;
		act->len = n;
		km->received += n;
	}
	if (km->dec_rep || km->dec_pos < km->dec_end) {
		act->more = true;
		return;
	}
	ack(km, NULL, 0, km->chkt, act);
	km->expect = (km->expect + 1) & 63;
	km->packets++;
}

static void data_packet(struct kermit *km, uint32_t start, uint32_t end, struct km_action *act)
{
	uint32_t i = start, rep, total = 0;
	uint8_t b;

	/* decode once without storing: a bad encoding or a packet too big stops before any byte lands */
	while (i < end) {
		if (decode_one(km, km->pkt, &i, end, &b, &rep)) {
			kermit_cancel(km, -EPROTO, act);
			return;
		}
		total += rep;
	}
	if (total > km->room - km->received) {
		kermit_cancel(km, -ENOSPC, act);
		return;
	}
	km->dec_pos = start;
	km->dec_end = end;
	km->dec_rep = 0;
	data_step(km, act);
}

static void bad_packet(struct kermit *km, struct km_action *act)
{
	km->retries++;
	if (++km->errors > KM_MAX_RETRIES) {
		kermit_cancel(km, -ETIMEDOUT, act);
		return;
	}
	nak(km, act);
}

/* A packet with a good check: act on its type where the transfer stands. */
static void dispatch(struct kermit *km, uint8_t seq, uint8_t type, uint32_t start, uint32_t end,
		     struct km_action *act)
{
	const uint8_t *d = km->pkt + start;
	uint32_t n = end - start;

	if (type == 'E') {
		/* the sender gives up, whatever its sequence number */
		decode_text(km, d, n, km->msg, sizeof(km->msg));
		finish(km, -ECANCELED, act);
		return;
	}
	if (km->phase == KM_P_INIT) {
		if (type != 'S') {
			bad_packet(km, act);
			return;
		}
		km->errors = 0;
		km->expect = seq;
		send_init(km, d, n, act);
		km->expect = (seq + 1) & 63;
		km->phase = KM_P_FILE;
		return;
	}
	if (seq == ((km->expect + 63) & 63)) {
		/* our ACK was lost and the sender repeats: the same ACK again, nothing stored */
		km->errors = 0;
		km->retries++;
		act->reply = km->ack;
		act->nreply = km->nack;
		return;
	}
	if (seq != km->expect) {
		bad_packet(km, act);
		return;
	}
	km->errors = 0;
	/* between files only F and B make sense, inside a file only A, D and Z */
	switch (km->phase == KM_P_FILE ? type | 0x100 : type) {
	case 'F' | 0x100:
		if (km->got_file) {
			kermit_cancel(km, KM_DONE, act); /* one file per transfer: keep the first */
			return;
		}
		decode_text(km, d, n, km->name, sizeof(km->name));
		km->phase = KM_P_DATA;
		break;
	case 'B' | 0x100:
		ack(km, NULL, 0, km->chkt, act);
		km->packets++;
		finish(km, km->got_file && !km->discarded ? KM_DONE : -ECANCELED, act);
		return;
	case 'A': /* attributes: accepted without a look */
		break;
	case 'D':
		data_packet(km, start, end, act);
		return;
	case 'Z':
		if (n && d[0] == 'D')
			km->discarded = true;
		else
			km->got_file = true;
		km->phase = KM_P_FILE;
		break;
	default:
		kermit_cancel(km, -EPROTO, act);
		return;
	}
	ack(km, NULL, 0, km->chkt, act);
	km->expect = (km->expect + 1) & 63;
	km->packets++;
}

/*
 * A Send-Init is printable ASCII only: an 8th bit set in it means the sender uses parity, and
 * its check is over the 7-bit characters (a type 1 check can even pass with the parity bits in).
 */
static bool send_init_check(struct kermit *km, uint32_t body)
{
	bool parity = false;

	for (uint32_t i = 0; i < km->total; i++)
		parity |= km->pkt[i] & 0x80;
	if (!parity)
		return check_ok(km->pkt, body, 1);
	for (uint32_t i = 0; i < km->total; i++)
		km->pkt[i] &= 0x7f;
	if (!check_ok(km->pkt, body, 1))
		return false;
	km->seven_bit = true;
	return true;
}

static void packet_done(struct kermit *km, struct km_action *act)
{
	uint8_t type = km->pkt[2] & 0x7f, seq = (uint8_t)unchar(km->pkt[1]);
	uint32_t hdr = unchar(km->pkt[0]) ? 3 : 6;
	uint8_t ct = (km->phase == KM_P_INIT || type == 'S') ? 1 : km->chkt;
	uint32_t body;

	km->state = KM_S_WAIT;
	km->deadline = km->now + (km->phase == KM_P_INIT ? KM_IDLE_US : km->timeout_us);
	if (km->total < hdr + ct) {
		bad_packet(km, act);
		return;
	}
	body = km->total - ct;
	if (km->phase == KM_P_INIT && type == 'S' ? !send_init_check(km, body)
						  : !check_ok(km->pkt, body, ct)) {
		bad_packet(km, act);
		return;
	}
	if (seq > 63) {
		bad_packet(km, act);
		return;
	}
	dispatch(km, seq, type, hdr, body, act);
}

/* The packet length from its header once enough of it is in; false if the header is bad. */
static bool header(struct kermit *km)
{
	uint32_t len = unchar(km->pkt[0]);

	if (len >= 3 && len <= 94) {
		km->total = 1 + len;
		return true;
	}
	if (len != 0)
		return false; /* extra-long packets (never asked for) or not a length at all */
	if (km->pos < 6)
		return true;
	/* long packet: LEN SEQ TYPE LENX1 LENX2 HCHECK, then LENX data + check characters */
	if (tochar(kermit_chk1(km->pkt, 5)) != (km->pkt[5] & 0x7f))
		return false;
	km->total = 6 + unchar(km->pkt[3]) * 95 + unchar(km->pkt[4]);
	return km->total <= KM_PKT_MAX;
}

/*
 * How every entry point starts: a finished transfer repeats its status, and
 * decoded data not yet handed over goes first (a caller that skipped
 * kermit_more() cannot have anything new from the sender yet). True when
 * that was the whole step.
 */
static bool step_pending(struct kermit *km, struct km_action *act)
{
	act_clear(act);
	if (km->state == KM_S_END) {
		act->status = km->error;
		return true;
	}
	if (km->dec_rep || km->dec_pos < km->dec_end) {
		data_step(km, act);
		return true;
	}
	return false;
}

void kermit_feed(struct kermit *km, uint8_t c, uint64_t now, struct km_action *act)
{
	km->now = now;
	if (step_pending(km, act))
		return;
	if (km->seven_bit)
		c &= 0x7f;
	if (c == KM_SOH || (km->phase == KM_P_INIT && (c & 0x7f) == KM_SOH)) {
		/* a MARK, even inside a packet, starts a new one */
		km->state = KM_S_PKT;
		km->pos = 0;
		km->total = 0;
		km->ctrlc = 0;
		km->deadline = now + km->timeout_us;
		return;
	}
	if (km->state == KM_S_PKT) {
		km->deadline = now + km->timeout_us;
		km->pkt[km->pos++] = c;
		if (!km->total && (km->pos == 1 || km->pos == 6) && !header(km)) {
			km->state = KM_S_WAIT;
			bad_packet(km, act);
			return;
		}
		if (km->total && km->pos == km->total)
			packet_done(km, act);
		return;
	}

	/* between packets: the sender's EOL, line noise, or a user at the keyboard */
	if (c == 0x03) {
		if (km->phase == KM_P_INIT || ++km->ctrlc >= 2)
			kermit_cancel(km, -ECANCELED, act);
		return;
	}
	km->ctrlc = 0;
}

void kermit_more(struct kermit *km, struct km_action *act)
{
	step_pending(km, act);
}

void kermit_tick(struct kermit *km, uint64_t now, struct km_action *act)
{
	km->now = now;
	if (step_pending(km, act))
		return;
	if (now < km->deadline)
		return;
	km->state = KM_S_WAIT; /* a packet stopped half way is dropped */
	if (km->phase == KM_P_INIT) {
		km->deadline = now + KM_IDLE_US;
		if (++km->handshakes > KM_MAX_HANDSHAKE) {
			kermit_cancel(km, -ETIMEDOUT, act);
			return;
		}
		nak(km, act);
		return;
	}
	km->deadline = now + km->timeout_us;
	if (km->got_file && km->phase == KM_P_FILE && !km->discarded) {
		finish(km, KM_DONE, act); /* no Break: the file is complete anyway */
		return;
	}
	bad_packet(km, act);
}
