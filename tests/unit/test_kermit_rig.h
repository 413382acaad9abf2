/* Kermit test rig: a sender built from the protocol definition and a receiver session that records what it stores and sends. */
#ifndef TEST_KERMIT_RIG_H
#define TEST_KERMIT_RIG_H

#define SEC 1000000ull
#define OUT_MAX (256 * 1024)

/* ---- a sender written here from the protocol definition, independent of the receiver ---- */

static uint8_t tc(unsigned x)
{
	return (uint8_t)(x + 32);
}

static unsigned sum(const uint8_t *p, size_t n)
{
	unsigned s = 0;

	while (n--)
		s += *p++;
	return s;
}

static size_t put_check(uint8_t *dst, const uint8_t *p, size_t n, int ct)
{
	unsigned s = sum(p, n);

	if (ct == 1) {
		dst[0] = tc((s + ((s & 192) / 64)) & 63);
		return 1;
	}
	if (ct == 2) {
		dst[0] = tc((s >> 6) & 63);
		dst[1] = tc(s & 63);
		return 2;
	}
	unsigned crc = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned q = (crc ^ p[i]) & 0x0f;

		crc = (crc >> 4) ^ (q * 0x1081);
		q = (crc ^ (p[i] >> 4)) & 0x0f;
		crc = (crc >> 4) ^ (q * 0x1081);
	}
	dst[0] = tc((crc >> 12) & 0x0f);
	dst[1] = tc((crc >> 6) & 0x3f);
	dst[2] = tc(crc & 0x3f);
	return 3;
}

/* MARK LEN SEQ TYPE DATA CHECK CR, long form (LENX1 LENX2 HCHECK) when lng. */
static size_t mkpkt(uint8_t *p, int seq, char type, const void *data, size_t n, int ct, int lng)
{
	size_t k = 0;

	p[k++] = 0x01;
	if (!lng) {
		p[k++] = tc((unsigned)(n + 2 + ct));
		p[k++] = tc(seq & 63);
		p[k++] = (uint8_t)type;
	} else {
		size_t lx = n + ct;

		p[k++] = tc(0);
		p[k++] = tc(seq & 63);
		p[k++] = (uint8_t)type;
		p[k++] = tc((unsigned)(lx / 95));
		p[k++] = tc((unsigned)(lx % 95));
		k += put_check(p + k, p + 1, 5, 1);
	}
	if (n)
		memcpy(p + k, data, n);
	k += n;
	k += put_check(p + k, p + 1, k - 1, ct);
	p[k++] = '\r';
	return k;
}

struct enc {
	uint8_t qbin, rept;
};

/* Kermit data encoding of in[0..n): repeat runs, 8th-bit and control prefixes. */
static size_t encode(const uint8_t *in, size_t n, struct enc e, uint8_t *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n;) {
		size_t run = 1;
		uint8_t b = in[i];

		if (e.rept)
			while (i + run < n && in[i + run] == b && run < 94)
				run++;
		if (e.rept && run > 2) {
			out[k++] = e.rept;
			out[k++] = tc((unsigned)run);
		} else {
			run = 1;
		}
		if (e.qbin && (b & 0x80)) {
			out[k++] = e.qbin;
			b &= 0x7f;
		}
		uint8_t lo = b & 0x7f;
		if (lo < 32 || lo == 127) {
			out[k++] = '#';
			b ^= 64;
		} else if (lo == '#' || (e.qbin && lo == e.qbin) || (e.rept && lo == e.rept)) {
			out[k++] = '#';
		}
		out[k++] = b;
		i += run;
	}
	return k;
}

/* ---- the session: receiver state, "RAM", and what it sent back ---- */

struct pk {
	int seq;
	char type;
	uint8_t data[128];
	size_t n;
};

struct sess {
	struct kermit km;
	uint8_t out[OUT_MAX];
	uint8_t written[OUT_MAX]; /* 1 where something was stored */
	uint32_t stored, next_off;
	uint8_t replies[8192];
	size_t nreplies, seen;
	int status, ct; /* check type the receiver's packets use */
	uint64_t now;
	struct enc enc;
	int seq; /* the sender's next sequence number */
};

static struct sess *S;

static void take(struct km_action a)
{
	for (;;) {
		if (a.data) {
			assert_true(a.offset + a.len <= S->km.room);
			assert_int_equal(a.offset, S->next_off); /* in order, never twice */
			memcpy(S->out + a.offset, a.data, a.len);
			for (uint32_t i = 0; i < a.len; i++)
				S->written[a.offset + i]++;
			S->stored += a.len;
			S->next_off += a.len;
		}
		assert_true(S->nreplies + a.nreply <= sizeof(S->replies));
		if (a.nreply)
			memcpy(S->replies + S->nreplies, a.reply, a.nreply);
		S->nreplies += a.nreply;
		S->status = a.status;
		if (!a.more)
			return;
		assert_int_equal(a.status, KM_CONTINUE);
		kermit_more(&S->km, &a);
	}
}

static void start(uint32_t room)
{
	struct km_action a;

	S = calloc(1, sizeof(*S));
	S->now = 1000;
	S->ct = 1;
	kermit_init(&S->km, room, S->now, &a);
	take(a);
}

static void stop(void)
{
	free(S);
	S = NULL;
}

static void feed(const uint8_t *p, size_t n)
{
	struct km_action a;

	for (size_t i = 0; i < n; i++) {
		S->now += 87; /* 115200 bps */
		kermit_feed(&S->km, p[i], S->now, &a);
		take(a);
	}
}

static void tick(uint64_t at)
{
	struct km_action a;

	S->now = at;
	kermit_tick(&S->km, S->now, &a);
	take(a);
}

/* The receiver's packets since the last call, checked (padding and EOL skipped). */
static int replies(struct pk *out, int max)
{
	int np = 0;
	size_t i = S->seen;

	while (i < S->nreplies) {
		if (S->replies[i] != 0x01) {
			i++;
			continue;
		}
		const uint8_t *p = S->replies + i + 1;
		size_t len = (size_t)p[0] - 32;
		/* an ACK with data is the Send-Init answer: always check type 1 */
		int ct = p[2] == 'Y' && len > 5 ? 1 : S->ct;
		uint8_t want[3];

		assert_true(i + 2 + len <= S->nreplies);
		assert_true(len >= (size_t)(2 + ct));
		put_check(want, p, len + 1 - ct, ct);
		assert_memory_equal(want, p + len + 1 - ct, ct);
		assert_true(np < max);
		out[np].seq = p[1] - 32;
		out[np].type = (char)p[2];
		out[np].n = len - 2 - ct;
		memcpy(out[np].data, p + 3, out[np].n);
		np++;
		i += 2 + len;
	}
	S->seen = S->nreplies;
	return np;
}

/* Exactly one reply packet, of this type and sequence number. */
static struct pk one_reply(char type, int seq)
{
	struct pk r[8];
	int n = replies(r, 8);

	assert_int_equal(n, 1);
	assert_int_equal(r[0].type, type);
	assert_int_equal(r[0].seq, seq);
	return r[0];
}

static void no_reply(void)
{
	struct pk r[8];

	assert_int_equal(replies(r, 8), 0);
}

static void send_pkt(char type, const void *data, size_t n)
{
	uint8_t p[KM_PKT_MAX + 16];
	int lng = n + 2 + S->ct > 94;

	feed(p, mkpkt(p, S->seq, type, data, n, type == 'S' ? 1 : S->ct, lng));
}

/* S with our choice of QBIN, CHKT, REPT; returns the receiver's ACK. */
static struct pk send_init_with(char qbin, char chkt, char rept)
{
	// clang-format off
	uint8_t d[] = { tc(90), tc(7), tc(0), '@', tc('\r'), '#', (uint8_t)qbin, (uint8_t)chkt,
			(uint8_t)rept, tc(2), tc(1), tc(9000 / 95), tc(9000 % 95) };
	// clang-format on
	struct pk r;

	S->seq = 0;
	send_pkt('S', d, sizeof(d));
	r = one_reply('Y', 0);
	S->ct = S->km.chkt;
	S->seq = 1;
	return r;
}

/* The next packet in sequence, expecting a plain ACK. */
static void send_ok(char type, const void *data, size_t n)
{
	send_pkt(type, data, n);
	one_reply('Y', S->seq);
	S->seq = (S->seq + 1) & 63;
}

static void send_file_data(const uint8_t *file, size_t n, size_t per_pkt)
{
	uint8_t enc[9000];

	for (size_t off = 0; off < n; off += per_pkt) {
		size_t k = encode(file + off, MIN(per_pkt, n - off), S->enc, enc);

		send_ok('D', enc, k);
	}
}

static void pattern(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

#endif
