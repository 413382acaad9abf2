/* Fuzz target for the Kermit receiver: raw bytes, well-checked packets with fuzzed contents, pauses; invariants checked. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"
#include "kermit.h"

#define RAM_MAX 40000u

static uint8_t ram[RAM_MAX];
static uint8_t seen[RAM_MAX];

struct run {
	struct kermit km;
	uint32_t cap, stored;
	int last;
	uint64_t now;
};

static void check_action(struct run *r, const struct km_action *a)
{
	CHECK(a->status == KM_CONTINUE || a->status == KM_DONE || a->status == -ECANCELED ||
	      a->status == -ETIMEDOUT || a->status == -EPROTO || a->status == -ENOSPC);
	if (r->last != KM_CONTINUE)
		CHECK(a->status == r->last && !a->data && !a->nreply); /* the end is final */
	r->last = a->status;
	if (a->data) {
		/* in order, each byte once, inside the capacity */
		CHECK(a->len > 0 && a->len <= KM_CHUNK);
		CHECK(a->offset == r->stored);
		CHECK(a->offset + a->len <= r->cap);
		for (uint32_t k = 0; k < a->len; k++) {
			CHECK(!seen[a->offset + k]);
			seen[a->offset + k] = 1;
		}
		memcpy(ram + a->offset, a->data, a->len);
		r->stored += a->len;
	}
	CHECK(r->stored == r->km.received);
	CHECK(a->nreply <= KM_REPLY_MAX);
	if (a->nreply) {
		/* padding, then one packet: MARK LEN SEQ TYPE ... EOL */
		uint32_t i = r->km.npad;

		CHECK(a->reply && i + 6 <= a->nreply && a->reply[i] == KM_SOH);
		CHECK(a->reply[i + 1] >= 32 + 3 && a->reply[i + 1] <= 32 + 94);
		CHECK(i + 2u + (a->reply[i + 1] - 32u) + 1u == a->nreply);
		CHECK(a->reply[i + 2] >= 32 && a->reply[i + 2] < 32 + 64);
	}
	CHECK(!a->more || a->status == KM_CONTINUE);
	CHECK(r->km.expect < 64 && r->km.pos <= KM_PKT_MAX);
	if (a->status == KM_DONE)
		CHECK(r->km.got_file);
}

static void step_feed(struct run *r, uint8_t c)
{
	struct km_action a;

	r->now += 87;
	kermit_feed(&r->km, c, r->now, &a);
	check_action(r, &a);
	while (a.more) {
		kermit_more(&r->km, &a);
		check_action(r, &a);
	}
}

static void put_check(uint8_t *dst, uint32_t *k, const uint8_t *p, uint32_t n, int ct)
{
	uint32_t s = 0;

	if (ct == 3) {
		uint16_t crc = kermit_crc16(p, n);

		dst[(*k)++] = (uint8_t)(32 + ((crc >> 12) & 0x0f));
		dst[(*k)++] = (uint8_t)(32 + ((crc >> 6) & 0x3f));
		dst[(*k)++] = (uint8_t)(32 + (crc & 0x3f));
		return;
	}
	if (ct == 2) {
		for (uint32_t i = 0; i < n; i++)
			s += p[i];
		dst[(*k)++] = (uint8_t)(32 + ((s >> 6) & 0x3f));
		dst[(*k)++] = (uint8_t)(32 + (s & 0x3f));
		return;
	}
	dst[(*k)++] = (uint8_t)(32 + kermit_chk1(p, n));
}

/* A packet around fuzzer bytes, with the check the receiver expects now. */
static void feed_packet(struct run *r, uint8_t type, uint8_t seq, const uint8_t *d, uint32_t n)
{
	static uint8_t p[KM_PKT_MAX + 16];
	int ct = (r->km.phase == KM_P_INIT || type == 'S') ? 1 : r->km.chkt;
	uint32_t k = 0;

	p[k++] = KM_SOH;
	if (n + 2 + ct <= 94) {
		p[k++] = (uint8_t)(32 + n + 2 + ct);
		p[k++] = (uint8_t)(32 + seq);
		p[k++] = type;
	} else {
		p[k++] = 32;
		p[k++] = (uint8_t)(32 + seq);
		p[k++] = type;
		p[k++] = (uint8_t)(32 + (n + ct) / 95);
		p[k++] = (uint8_t)(32 + (n + ct) % 95);
		p[k] = (uint8_t)(32 + kermit_chk1(p + 1, 5));
		k++;
	}
	memcpy(p + k, d, n);
	k += n;
	put_check(p, &k, p + 1, k - 1, ct);
	p[k++] = '\r';
	for (uint32_t i = 0; i < k && r->last == KM_CONTINUE; i++)
		step_feed(r, p[i]);
}

/*
 * Input: bytes 0-1 set the capacity; then
 *   0xFF n           pause n x 100 ms (ticks)
 *   0xFE t s l data  a packet of type t, sequence s & 63, l data bytes, correctly checked
 *   0xFD c           the raw byte c (so 0xFD..0xFF can be sent raw too)
 *   anything else    a raw byte from the line
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	struct km_action a;

	if (size < 2)
		return 0;
	memset(&r, 0, sizeof(r));
	memset(seen, 0, sizeof(seen));
	r.cap = (uint32_t)((data[0] << 8) | data[1]) % RAM_MAX;
	kermit_init(&r.km, r.cap, r.now, &a);
	check_action(&r, &a);
	for (size_t i = 2; i < size && r.last == KM_CONTINUE; i++) {
		if (data[i] == 0xff && i + 1 < size) {
			r.now += (uint64_t)data[++i] * 100000;
			kermit_tick(&r.km, r.now, &a);
			check_action(&r, &a);
			while (a.more) {
				kermit_more(&r.km, &a);
				check_action(&r, &a);
			}
		} else if (data[i] == 0xfe && i + 3 < size) {
			uint8_t t = data[i + 1], s = data[i + 2] & 63;
			uint32_t n = data[i + 3];

			i += 3;
			if (n > size - 1 - i)
				n = (uint32_t)(size - 1 - i);
			feed_packet(&r, t, s, data + i + 1, n);
			i += n;
		} else if (data[i] == 0xfd && i + 1 < size) {
			step_feed(&r, data[++i]);
		} else {
			step_feed(&r, data[i]);
		}
	}
	/* after the end, input changes nothing */
	if (r.last != KM_CONTINUE) {
		step_feed(&r, KM_SOH);
		kermit_tick(&r.km, r.now + 100 * 1000000ull, &a);
		check_action(&r, &a);
	}
	return 0;
}
