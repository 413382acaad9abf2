/* Host tests for the Kermit receiver: hand-built packets, every prefix kind, long packets, checks, retries, errors. */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "kermit.h"
#include "test_kermit_rig.h"

/* ---- tests ---- */

static void test_checks_known_values(void **st)
{
	(void)st;
	/* CRC-16/KERMIT check value, and the protocol's classic NAK "^A# N3" */
	assert_int_equal(kermit_crc16((const uint8_t *)"123456789", 9), 0x2189);
	assert_int_equal(kermit_chk1((const uint8_t *)"# N", 3) + 32, '3');
	assert_int_equal(kermit_chk2((const uint8_t *)"# N", 3), 35 + 32 + 78);
	/* the test's own sender agrees with both */
	uint8_t c[3];
	put_check(c, (const uint8_t *)"123456789", 9, 3);
	assert_int_equal(((c[0] - 32) << 12) | ((c[1] - 32) << 6) | (c[2] - 32), 0x2189);
}

static void test_handshake_naks_then_times_out(void **st)
{
	(void)st;
	start(1000);
	no_reply(); /* the sender speaks first */
	tick(S->now + KM_IDLE_US - 1);
	no_reply();
	tick(1000 + KM_IDLE_US);
	assert_memory_equal(S->replies + S->seen, "\x01# N3\r", 6);
	one_reply('N', 0);
	for (int i = 2; i <= KM_MAX_HANDSHAKE; i++) {
		tick(1000 + (uint64_t)i * KM_IDLE_US);
		one_reply('N', 0);
		assert_int_equal(S->status, KM_CONTINUE);
	}
	tick(1000 + (uint64_t)(KM_MAX_HANDSHAKE + 1) * KM_IDLE_US);
	assert_int_equal(S->status, -ETIMEDOUT);
	no_reply(); /* nobody to send an error packet to */
	stop();
}

static void test_ctrl_c_before_start(void **st)
{
	(void)st;
	start(1000);
	feed((const uint8_t *)"x\x03", 2);
	assert_int_equal(S->status, -ECANCELED);
	no_reply();
	stop();
}

static void test_send_init_answer(void **st)
{
	(void)st;
	start(1000);
	struct pk r = send_init_with('Y', '3', '~');

	assert_int_equal(r.n, 13);
	assert_int_equal(r.data[0] - 32, 94);         /* MAXL */
	assert_int_equal(r.data[1] - 32, KM_MY_TIME); /* TIME */
	assert_int_equal(r.data[2] - 32, 0);          /* NPAD */
	assert_int_equal(r.data[4] - 32, '\r');       /* EOL */
	assert_int_equal(r.data[5], '#');
	assert_int_equal(r.data[6], 'Y'); /* no 8th-bit prefix on a clean line */
	assert_int_equal(r.data[7], '3');
	assert_int_equal(r.data[8], '~');
	assert_true((r.data[9] - 32) & 2); /* long packets */
	assert_int_equal((r.data[11] - 32) * 95 + (r.data[12] - 32), KM_MAXLX);
	assert_int_equal(S->km.chkt, 3);
	assert_int_equal(S->km.rept, '~');
	assert_int_equal(S->km.qbin, 0);
	assert_int_equal(S->km.timeout_us, 7 * SEC);
	stop();

	/* a sender that wants 8th-bit prefixing gets it; an unknown check type falls back to 1 */
	start(1000);
	r = send_init_with('&', '5', ' ');
	assert_int_equal(r.data[6], '&');
	assert_int_equal(r.data[7], '1');
	assert_int_equal(r.data[8], ' ');
	assert_int_equal(S->km.qbin, '&');
	assert_int_equal(S->km.rept, 0);
	stop();

	/* a minimal Send-Init (MAXL only): every default */
	start(1000);
	uint8_t d[] = { tc(80) };
	send_pkt('S', d, 1);
	r = one_reply('Y', 0);
	assert_int_equal(r.data[6], 'N');
	assert_int_equal(S->km.chkt, 1);
	assert_int_equal(S->km.qctl, '#');
	stop();
}

/* A whole transfer: S F D... Z B with the given options; the file must arrive intact. */
static void session(size_t size, char qbin, char chkt, char rept, size_t per_pkt)
{
	uint8_t *file = malloc(size + 1);

	pattern(file, size, (unsigned)size);
	start(OUT_MAX);
	send_init_with(qbin, chkt, rept);
	S->enc.qbin = S->km.qbin;
	S->enc.rept = S->km.rept;
	send_ok('F', "PAYLOAD.BIN", 11);
	assert_string_equal(S->km.name, "PAYLOAD.BIN");
	send_file_data(file, size, per_pkt);
	send_ok('Z', NULL, 0);
	send_pkt('B', NULL, 0);
	one_reply('Y', S->seq);
	assert_int_equal(S->status, KM_DONE);
	assert_int_equal(S->km.received, size);
	assert_int_equal(S->stored, size);
	assert_memory_equal(S->out, file, size);
	assert_int_equal(S->km.retries, 0);
	free(file);
	stop();
}

static void test_plain_type1(void **st)
{
	(void)st;
	session(5000, 'Y', '1', ' ', 30);
}

static void test_type2_check(void **st)
{
	(void)st;
	session(3000, 'Y', '2', ' ', 25);
}

static void test_crc_long_packets_repeat(void **st)
{
	(void)st;
	session(100000, 'Y', '3', '~', 1500);
}

static void test_8th_bit_prefix(void **st)
{
	(void)st;
	session(4000, '&', '3', '~', 40);
}

static void test_every_byte_value_every_prefix(void **st)
{
	(void)st;
	uint8_t file[256 + 300], enc[4096];
	size_t k;

	for (int i = 0; i < 256; i++)
		file[i] = (uint8_t)i;
	memset(file + 256, '#', 100); /* runs of the prefix characters themselves */
	memset(file + 356, '~', 100);
	memset(file + 456, 0xa6, 100); /* '&' with the 8th bit */
	start(OUT_MAX);
	send_init_with('&', '3', '~');
	S->enc = (struct enc){ '&', '~' };
	send_ok('F', "ALL", 3);
	k = encode(file, sizeof(file), S->enc, enc);
	/* the encoding really uses every kind: control, 8th-bit, repeat, quoted prefix */
	assert_non_null(memmem(enc, k, "#@", 2));
	assert_non_null(memmem(enc, k, "&#@", 3));
	assert_non_null(memmem(enc, k, "~", 1));
	assert_non_null(memmem(enc, k, "##", 2));
	assert_non_null(memmem(enc, k, "#~", 2));
	assert_non_null(memmem(enc, k, "&#&", 3));
	send_ok('D', enc, k);
	assert_int_equal(S->stored, sizeof(file));
	assert_memory_equal(S->out, file, sizeof(file));
	stop();
}

static void test_repeat_expands_past_chunk(void **st)
{
	(void)st;
	/* 30 runs of 94 in a short packet: 2820 bytes handed over in several actions */
	uint8_t file[30 * 94], enc[200];
	size_t k;

	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(i / 94 + 'A'); /* 'A'..'^': no prefix characters */
	start(OUT_MAX);
	send_init_with('Y', '1', '~');
	S->enc.rept = '~';
	send_ok('F', "R", 1);
	k = encode(file, sizeof(file), S->enc, enc);
	assert_int_equal(k, 90);
	send_ok('D', enc, k);
	assert_int_equal(S->stored, sizeof(file));
	assert_memory_equal(S->out, file, sizeof(file));
	stop();
}

static void test_bad_check_naks_and_retry_limit(void **st)
{
	(void)st;
	uint8_t p[200], data[50];
	size_t n;

	memset(data, 'A', sizeof(data));
	start(OUT_MAX);
	send_init_with('Y', '3', ' ');
	send_ok('F', "X", 1);
	n = mkpkt(p, S->seq, 'D', data, sizeof(data), 3, 0);
	p[20] ^= 0x01; /* one data character changed on the line */
	feed(p, n);
	one_reply('N', S->seq);
	assert_int_equal(S->stored, 0);
	p[20] ^= 0x01; /* the resend is good */
	feed(p, n);
	one_reply('Y', S->seq);
	assert_int_equal(S->stored, 50);
	S->seq++;
	n = mkpkt(p, S->seq, 'D', data, sizeof(data), 3, 0);
	p[n - 2] ^= 0x01; /* a bad check character */
	for (int i = 0; i < KM_MAX_RETRIES; i++) {
		feed(p, n);
		one_reply('N', S->seq);
	}
	feed(p, n);
	one_reply('E', S->seq);
	assert_int_equal(S->status, -ETIMEDOUT);
	assert_int_equal(S->km.retries, KM_MAX_RETRIES + 2);
	stop();
}

static void test_timeouts_nak_and_stalled_packet(void **st)
{
	(void)st;
	uint8_t p[200];
	size_t n;

	start(OUT_MAX);
	send_init_with('Y', '1', ' '); /* TIME 7 s */
	send_ok('F', "X", 1);
	tick(S->now + 7 * SEC - 100);
	no_reply();
	tick(S->now + 200);
	one_reply('N', S->seq);
	/* half a packet, then silence: dropped and NAKed */
	n = mkpkt(p, S->seq, 'D', "hello", 5, 1, 0);
	feed(p, n / 2);
	tick(S->now + 7 * SEC);
	one_reply('N', S->seq);
	/* a MARK inside a packet restarts it */
	feed(p, 4);
	feed(p, n);
	one_reply('Y', S->seq);
	assert_int_equal(S->stored, 5);
	assert_memory_equal(S->out, "hello", 5);
	for (int i = 0; i < KM_MAX_RETRIES - 2; i++) {
		tick(S->now + 7 * SEC);
		one_reply('N', (S->seq + 1) & 63);
	}
	assert_int_equal(S->status, KM_CONTINUE);
	tick(S->now + 7 * SEC);
	tick(S->now + 7 * SEC);
	tick(S->now + 7 * SEC);
	assert_int_equal(S->status, -ETIMEDOUT);
	stop();
}

static void test_duplicates_reacked_not_stored(void **st)
{
	(void)st;
	uint8_t p[200], sinit[200];
	size_t n, ns;
	uint8_t d[] = { tc(90), tc(5), tc(0), '@', tc('\r'), '#', 'Y', '3' };

	start(OUT_MAX);
	ns = mkpkt(sinit, 0, 'S', d, sizeof(d), 1, 0);
	feed(sinit, ns);
	struct pk a1 = one_reply('Y', 0);
	S->ct = 3;
	/* the sender missed our ACK: the S again gets the same answer, still with check type 1 */
	feed(sinit, ns);
	struct pk a2 = one_reply('Y', 0);
	assert_int_equal(a1.n, a2.n);
	assert_memory_equal(a1.data, a2.data, a1.n);
	S->seq = 1;
	send_ok('F', "X", 1);
	n = mkpkt(p, 2, 'D', "abc", 3, 3, 0);
	feed(p, n);
	one_reply('Y', 2);
	feed(p, n);
	one_reply('Y', 2);
	feed(p, n);
	one_reply('Y', 2);
	assert_int_equal(S->stored, 3);
	assert_int_equal(S->km.retries, 3); /* the S and the D twice */
	/* a packet from the future is not stored: NAK for the one we want */
	n = mkpkt(p, 5, 'D', "zzz", 3, 3, 0);
	feed(p, n);
	one_reply('N', 3);
	n = mkpkt(p, 3, 'D', "def", 3, 3, 0);
	feed(p, n);
	one_reply('Y', 3);
	assert_int_equal(S->stored, 6);
	assert_memory_equal(S->out, "abcdef", 6);
	stop();
}

static void test_sequence_wraps_at_64(void **st)
{
	(void)st;
	uint8_t file[200 * 10];
	struct pk r[4];

	pattern(file, sizeof(file), 7);
	start(OUT_MAX);
	send_init_with('Y', '3', ' ');
	send_ok('F', "W", 1);
	for (int i = 0; i < 200; i++) {
		uint8_t enc[64];
		size_t k = encode(file + i * 10, 10, S->enc, enc);
		uint8_t p[100];

		feed(p, mkpkt(p, S->seq, 'D', enc, k, 3, 0));
		assert_int_equal(replies(r, 4), 1);
		assert_int_equal(r[0].type, 'Y');
		assert_int_equal(r[0].seq, (2 + i) % 64);
		S->seq = (S->seq + 1) & 63;
	}
	send_ok('Z', NULL, 0);
	send_ok('B', NULL, 0);
	assert_int_equal(S->status, KM_DONE);
	assert_memory_equal(S->out, file, sizeof(file));
	assert_int_equal(S->km.packets, 200 + 3);
	stop();
}

static void test_long_packet_header_check(void **st)
{
	(void)st;
	uint8_t data[500], p[600];
	size_t n;

	memset(data, 'q', sizeof(data));
	start(OUT_MAX);
	send_init_with('Y', '3', ' ');
	send_ok('F', "L", 1);
	n = mkpkt(p, S->seq, 'D', data, sizeof(data), 3, 1);
	p[6] ^= 0x01; /* bad header check: NAKed as soon as the header is in */
	feed(p, 7);
	one_reply('N', S->seq);
	p[6] ^= 0x01;
	feed(p, n);
	one_reply('Y', S->seq);
	assert_int_equal(S->stored, 500);
	S->seq++;
	/* longer than the receiver can hold: refused, never overflows */
	p[0] = 0x01;
	p[1] = tc(0);
	p[2] = tc(S->seq);
	p[3] = 'D';
	p[4] = tc(94);
	p[5] = tc(94);
	put_check(p + 6, p + 1, 5, 1);
	feed(p, 7);
	one_reply('N', S->seq);
	/* extra-long (LEN 1) and control characters as LEN are not packets */
	feed((const uint8_t *)"\x01!", 2);
	one_reply('N', S->seq);
	feed((const uint8_t *)"\x01\x05", 2);
	one_reply('N', S->seq);
	stop();
}

static void test_sender_error_packet(void **st)
{
	(void)st;
	uint8_t p[100];

	start(OUT_MAX);
	send_init_with('Y', '3', ' ');
	send_ok('F', "X", 1);
	send_ok('D', "12345", 5);
	feed(p, mkpkt(p, 40, 'E', "Disk full#M#J", 13, 3, 0));
	assert_int_equal(S->status, -ECANCELED);
	assert_string_equal(S->km.msg, "Disk full??");
	no_reply();
	/* after the end, more input changes nothing */
	feed(p, 5);
	assert_int_equal(S->status, -ECANCELED);
	no_reply();
	stop();
}

static void test_no_room(void **st)
{
	(void)st;
	uint8_t file[300], enc[700];

	pattern(file, sizeof(file), 3);
	start(250);
	send_init_with('Y', '1', ' ');
	send_ok('F', "BIG", 3);
	send_file_data(file, 200, 80);
	size_t k = encode(file + 200, 60, S->enc, enc);
	send_pkt('D', enc, k);
	struct pk e = one_reply('E', S->seq);
	assert_int_equal(S->status, -ENOSPC);
	assert_non_null(memmem(e.data, e.n, "larger", 6));
	assert_int_equal(S->stored, 200); /* the packet that would not fit stored nothing */
	for (int i = 200; i < OUT_MAX; i++)
		if (S->written[i])
			fail();
	stop();

	/* the last byte that fits is accepted */
	start(250);
	send_init_with('Y', '1', ' ');
	send_ok('F', "FIT", 3);
	send_file_data(file, 250, 50);
	assert_int_equal(S->stored, 250);
	send_ok('Z', NULL, 0);
	send_ok('B', NULL, 0);
	assert_int_equal(S->status, KM_DONE);
	stop();
}

static void test_protocol_errors(void **st)
{
	(void)st;
	/* a dangling control prefix in a data packet whose check is fine */
	start(OUT_MAX);
	send_init_with('Y', '3', '~');
	send_ok('F', "X", 1);
	send_pkt('D', "abc#", 4);
	one_reply('E', S->seq);
	assert_int_equal(S->status, -EPROTO);
	assert_int_equal(S->stored, 0);
	stop();

	/* a repeat count of zero */
	start(OUT_MAX);
	send_init_with('Y', '3', '~');
	send_ok('F', "X", 1);
	send_pkt('D', "~ a", 3);
	assert_int_equal(S->status, -EPROTO);
	stop();

	/* data before the file header */
	start(OUT_MAX);
	send_init_with('Y', '3', ' ');
	send_pkt('D', "abc", 3);
	one_reply('E', S->seq);
	assert_int_equal(S->status, -EPROTO);
	stop();

	/* a data packet before any Send-Init is NAKed, not taken */
	start(OUT_MAX);
	send_pkt('D', "abc", 3);
	one_reply('N', 0);
	assert_int_equal(S->status, KM_CONTINUE);
	stop();
}

static void test_discard_second_file_break_and_silence(void **st)
{
	(void)st;
	/* the sender gives the file up (Z with D): the transfer counts as cancelled */
	start(OUT_MAX);
	send_init_with('Y', '1', ' ');
	send_ok('F', "X", 1);
	send_ok('D', "abc", 3);
	send_ok('Z', "D", 1);
	send_ok('B', NULL, 0);
	assert_int_equal(S->status, -ECANCELED);
	stop();

	/* Break without a file */
	start(OUT_MAX);
	send_init_with('Y', '1', ' ');
	send_ok('B', NULL, 0);
	assert_int_equal(S->status, -ECANCELED);
	stop();

	/* a second file: the first is kept, the sender is stopped */
	start(OUT_MAX);
	send_init_with('Y', '1', ' ');
	send_ok('F', "ONE", 3);
	send_ok('D', "first", 5);
	send_ok('Z', NULL, 0);
	send_pkt('F', "TWO", 3);
	one_reply('E', S->seq);
	assert_int_equal(S->status, KM_DONE);
	assert_string_equal(S->km.name, "ONE");
	assert_int_equal(S->km.received, 5);
	stop();

	/* the Break never comes: after a time-out the complete file is enough */
	start(OUT_MAX);
	send_init_with('Y', '1', ' ');
	send_ok('F', "ONE", 3);
	send_ok('A', "1#5", 3);
	send_ok('D', "first", 5);
	send_ok('Z', NULL, 0);
	tick(S->now + 7 * SEC);
	assert_int_equal(S->status, KM_DONE);
	stop();
}

static void test_two_ctrl_c_during_transfer(void **st)
{
	(void)st;
	start(OUT_MAX);
	send_init_with('Y', '1', ' ');
	send_ok('F', "X", 1);
	feed((const uint8_t *)"\x03", 1);
	assert_int_equal(S->status, KM_CONTINUE);
	send_ok('D', "abc", 3); /* a packet in between resets the count */
	feed((const uint8_t *)"\x03\x03", 2);
	assert_int_equal(S->status, -ECANCELED);
	one_reply('E', S->seq);
	stop();
}

static uint8_t even_parity(uint8_t c)
{
	return (__builtin_popcount(c) & 1) ? (uint8_t)(c | 0x80) : c;
}

static void test_parity_line(void **st)
{
	(void)st;
	uint8_t p[600], d[] = { tc(90), tc(5), tc(0), '@', tc('\r'), '#', '&', '1', '~' };
	uint8_t file[100], enc[400];
	size_t n, k;

	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(i * 37 + 128);
	start(OUT_MAX);
	n = mkpkt(p, 0, 'S', d, sizeof(d), 1, 0); /* checks on 7-bit characters, as sent with parity */
	for (size_t i = 0; i < n; i++)
		p[i] = even_parity(p[i]);
	feed(p, n);
	one_reply('Y', 0);
	assert_true(S->km.seven_bit);
	assert_int_equal(S->km.qbin, '&');
	S->seq = 1;
	S->enc = (struct enc){ '&', '~' };
	send_ok('F', "P", 1); /* these arrive without parity: same as stripped */
	k = encode(file, sizeof(file), S->enc, enc);
	n = mkpkt(p, S->seq, 'D', enc, k, 1, k + 3 > 94);
	for (size_t i = 0; i < n; i++)
		p[i] = even_parity(p[i]);
	feed(p, n);
	one_reply('Y', S->seq);
	assert_memory_equal(S->out, file, sizeof(file));
	stop();

	/* an even number of parity bits leaves a type 1 check intact: still a parity line */
	int found = 0;
	for (unsigned t = 1; t < 60 && !found; t++) {
		uint8_t raw[40];
		size_t rn;

		d[1] = tc(t);
		rn = mkpkt(p, 0, 'S', d, sizeof(d), 1, 0);
		memcpy(raw, p, rn);
		for (size_t i = 0; i < rn; i++)
			p[i] = even_parity(p[i]);
		uint8_t c;
		put_check(&c, p + 1, rn - 3, 1);
		if (c != p[rn - 2] || !memcmp(raw, p, rn))
			continue;
		found = 1;
		start(OUT_MAX);
		feed(p, rn);
		one_reply('Y', 0);
		assert_true(S->km.seven_bit);
		assert_int_equal(S->km.qbin, '&');
		stop();
	}
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checks_known_values),
		cmocka_unit_test(test_handshake_naks_then_times_out),
		cmocka_unit_test(test_ctrl_c_before_start),
		cmocka_unit_test(test_send_init_answer),
		cmocka_unit_test(test_plain_type1),
		cmocka_unit_test(test_type2_check),
		cmocka_unit_test(test_crc_long_packets_repeat),
		cmocka_unit_test(test_8th_bit_prefix),
		cmocka_unit_test(test_every_byte_value_every_prefix),
		cmocka_unit_test(test_repeat_expands_past_chunk),
		cmocka_unit_test(test_bad_check_naks_and_retry_limit),
		cmocka_unit_test(test_timeouts_nak_and_stalled_packet),
		cmocka_unit_test(test_duplicates_reacked_not_stored),
		cmocka_unit_test(test_sequence_wraps_at_64),
		cmocka_unit_test(test_long_packet_header_check),
		cmocka_unit_test(test_sender_error_packet),
		cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_protocol_errors),
		cmocka_unit_test(test_discard_second_file_break_and_silence),
		cmocka_unit_test(test_two_ctrl_c_during_transfer),
		cmocka_unit_test(test_parity_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
