/* Host tests for the YMODEM receiver: hand-built blocks, bad CRCs, duplicates, sequence errors, cancels, time-outs. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "ymodem.h"

#define SEC 1000000ull

struct sess {
	struct ymodem ym;
	uint8_t out[256 * 1024]; /* the "RAM" blocks are stored into */
	uint32_t stored;         /* bytes stored (sum of lens) */
	uint8_t replies[4096];
	size_t nreplies;
	int status;
	uint64_t now;
};

static struct sess *S;

static void take(const struct ym_action *a)
{
	if (a->data) {
		assert_true(a->offset + a->len <= sizeof(S->out));
		memcpy(S->out + a->offset, a->data, a->len);
		S->stored += a->len;
	}
	for (int i = 0; i < a->nreply; i++)
		S->replies[S->nreplies++] = a->reply[i];
	S->status = a->status;
}

static void start(uint32_t max)
{
	struct ym_action a;

	S = calloc(1, sizeof(*S));
	S->now = 1000;
	ymodem_init(&S->ym, max, S->now, &a);
	take(&a);
}

static void stop(void)
{
	free(S);
	S = NULL;
}

static void feed(const uint8_t *p, size_t n)
{
	struct ym_action a;

	for (size_t i = 0; i < n; i++) {
		S->now += 87; /* 115200 bps */
		ymodem_feed(&S->ym, p[i], S->now, &a);
		take(&a);
	}
}

static void feed1(uint8_t c)
{
	feed(&c, 1);
}

static void tick(uint64_t at)
{
	struct ym_action a;

	S->now = at;
	ymodem_tick(&S->ym, S->now, &a);
	take(&a);
}

/* Replies since the last call, as a string ("A" ACK, "N" NAK, "C", "X" CAN). */
static const char *replies(void)
{
	static char s[4096];
	size_t j = 0;

	for (size_t i = 0; i < S->nreplies; i++) {
		uint8_t c = S->replies[i];
		s[j++] = c == YM_ACK   ? 'A'
			 : c == YM_NAK ? 'N'
			 : c == YM_CAN ? 'X'
			 : c == 'C'    ? 'C'
				       : '?';
	}
	s[j] = 0;
	S->nreplies = 0;
	return s;
}

enum { OK = 0, BAD_CRC = 1, BAD_COMPL = 2 };

/* A block as a sender puts it on the wire. */
static size_t block(uint8_t *w, uint8_t blk, const uint8_t *data, size_t len, size_t size, int how)
{
	uint16_t crc;

	w[0] = size == 128 ? YM_SOH : YM_STX;
	w[1] = blk;
	w[2] = (uint8_t)(how == BAD_COMPL ? blk : ~blk);
	memset(w + 3, 0x1a, size);
	memcpy(w + 3, data, len);
	crc = ymodem_crc16(0, w + 3, size);
	if (how == BAD_CRC)
		crc ^= 0x0100;
	w[3 + size] = (uint8_t)(crc >> 8);
	w[4 + size] = (uint8_t)crc;
	return size + 5;
}

static void send_block(uint8_t blk, const uint8_t *data, size_t len, size_t size, int how)
{
	uint8_t w[1100];

	feed(w, block(w, blk, data, len, size, how));
}

static void send_header(const char *name, long size)
{
	uint8_t d[128] = { 0 };
	int n = (int)strlen(name) + 1;

	memcpy(d, name, strlen(name));
	if (size >= 0)
		n += snprintf((char *)d + n, sizeof(d) - n, "%ld 14371302357 100644", size);
	send_block(0, d, (size_t)n, 128, OK);
}

static uint8_t file[200000];

static void make_file(void)
{
	srand(42);
	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)rand();
}

static void test_crc16_check_value(void **state)
{
	(void)state;
	assert_int_equal(ymodem_crc16(0, (const uint8_t *)"123456789", 9), 0x31c3);
}

static void test_whole_session(void **state)
{
	const uint32_t len = 3000;

	(void)state;
	make_file();
	start(sizeof(S->out));
	assert_string_equal(replies(), "C");
	feed((const uint8_t *)"xy\0", 3); /* noise before the sender starts */
	send_header("test.bin", len);
	assert_string_equal(replies(), "AC");
	assert_string_equal(S->ym.name, "test.bin");
	assert_int_equal(S->ym.file_size, len);
	send_block(1, file, 1024, 1024, OK);
	send_block(2, file + 1024, 1024, 1024, OK);
	send_block(3, file + 2048, 128, 128, OK);         /* sizes may mix */
	send_block(4, file + 2176, len - 2176, 1024, OK); /* padded with 0x1A */
	assert_string_equal(replies(), "AAAA");
	feed1(YM_EOT);
	assert_string_equal(replies(), "N");
	feed1(YM_EOT);
	assert_string_equal(replies(), "AC");
	send_header("", -1); /* end of batch */
	assert_string_equal(replies(), "A");
	assert_int_equal(S->status, YM_DONE);
	assert_int_equal(S->ym.received, len);
	assert_int_equal(S->stored, len);
	assert_memory_equal(S->out, file, len);
	stop();
}

static void test_bad_crc_and_complement_are_nakd(void **state)
{
	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("a", 2048);
	send_block(1, file, 1024, 1024, BAD_CRC);
	assert_string_equal(replies(), "CACN");
	assert_int_equal(S->stored, 0);
	send_block(1, file, 1024, 1024, BAD_COMPL);
	assert_string_equal(replies(), "N");
	send_block(1, file, 1024, 1024, OK);
	send_block(2, file + 1024, 1024, 1024, OK);
	assert_string_equal(replies(), "AA");
	assert_int_equal(S->stored, 2048);
	assert_memory_equal(S->out, file, 2048);
	assert_int_equal(S->ym.retries, 2);
	stop();
}

static void test_duplicate_block_is_acked_not_stored(void **state)
{
	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("dup", -1);                            /* no size: nothing trimmed */
	send_block(0, (const uint8_t *)"dup", 4, 128, OK); /* header again: our ACK was lost */
	assert_string_equal(replies(), "CACAC");
	send_block(1, file, 128, 128, OK);
	send_block(1, file, 128, 128, OK);
	send_block(2, file + 128, 128, 128, OK);
	assert_string_equal(replies(), "AAA");
	assert_int_equal(S->stored, 256);
	assert_memory_equal(S->out, file, 256);
	feed1(YM_EOT);
	feed1(YM_EOT);
	feed1(YM_EOT); /* our ACK of the EOT was lost */
	assert_string_equal(replies(), "NACAC");
	send_header("", -1);
	assert_int_equal(S->status, YM_DONE);
	stop();
}

static void test_wrong_block_number_cancels(void **state)
{
	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("f", 4096);
	send_block(1, file, 1024, 1024, OK);
	send_block(3, file, 1024, 1024, OK);
	assert_string_equal(replies(), "CACAXX");
	assert_int_equal(S->status, -EPROTO);
	assert_int_equal(S->stored, 1024);
	/* nothing more happens after the end */
	send_block(2, file, 1024, 1024, OK);
	assert_string_equal(replies(), "");
	assert_int_equal(S->stored, 1024);
	stop();

	start(sizeof(S->out));
	send_block(1, file, 128, 128, OK); /* XMODEM-style start, no header */
	assert_int_equal(S->status, -EPROTO);
	stop();
}

static void test_sender_cancel(void **state)
{
	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("f", 4096);
	send_block(1, file, 1024, 1024, OK);
	feed1(YM_CAN);
	assert_int_equal(S->status, YM_CONTINUE); /* one CAN may be noise */
	feed1(YM_CAN);
	assert_int_equal(S->status, -ECANCELED);
	assert_string_equal(replies(), "CACA");
	stop();

	start(sizeof(S->out));
	feed1(0x03); /* Ctrl-C at the console before the transfer */
	assert_int_equal(S->status, -ECANCELED);
	assert_string_equal(replies(), "CXX");
	stop();
}

static void test_timeouts(void **state)
{
	uint64_t t0;

	(void)state;
	make_file();
	start(sizeof(S->out));
	t0 = S->now;
	tick(t0 + 3 * SEC - 1);
	assert_string_equal(replies(), "C");
	tick(t0 + 3 * SEC);
	assert_string_equal(replies(), "C"); /* 'C' again after 3 s of silence */
	for (int i = 2; i <= YM_MAX_HANDSHAKE; i++)
		tick(t0 + (uint64_t)(i + 1) * 3 * SEC);
	assert_int_equal(S->status, -ETIMEDOUT);
	assert_int_equal(S->ym.handshakes, YM_MAX_HANDSHAKE + 1);
	const char *r = replies();
	assert_int_equal(strlen(r), YM_MAX_HANDSHAKE - 2 + 2); /* 30 C in all, 2 seen above */
	assert_string_equal(r + strlen(r) - 2, "XX");
	stop();

	/* a block that stalls half way is dropped after 1 s and NAKed */
	start(sizeof(S->out));
	send_header("f", 2048);
	send_block(1, file, 1024, 1024, OK);
	uint8_t w[1100];
	size_t n = block(w, 2, file + 1024, 1024, 1024, OK);
	feed(w, 500);
	tick(S->now + YM_CHAR_US - 1);
	assert_string_equal(replies(), "CACA");
	tick(S->now + YM_CHAR_US);
	assert_string_equal(replies(), "N");
	feed(w, n);
	assert_string_equal(replies(), "A");
	assert_memory_equal(S->out, file, 2048);
	/* silent sender after a block: NAK every 3 s, then give up */
	for (int i = 0; i < YM_MAX_RETRIES; i++)
		tick(S->now + 3 * SEC);
	assert_int_equal(S->status, YM_CONTINUE);
	tick(S->now + 3 * SEC);
	assert_int_equal(S->status, -ETIMEDOUT);
	stop();
}

static void test_too_many_errors(void **state)
{
	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("f", 1024);
	for (int i = 0; i <= YM_MAX_RETRIES; i++)
		send_block(1, file, 1024, 1024, BAD_CRC);
	assert_int_equal(S->status, -EIO);
	assert_int_equal(S->stored, 0);
	stop();
}

static void test_file_larger_than_destination(void **state)
{
	(void)state;
	make_file();
	start(4096);
	send_header("big", 5000);
	assert_string_equal(replies(), "CXX");
	assert_int_equal(S->status, -ENOSPC);
	stop();

	/* no size in the header: refused when a block would cross the limit */
	start(2000);
	send_header("big", -1);
	send_block(1, file, 1024, 1024, OK);
	send_block(2, file + 1024, 1024, 1024, OK);
	assert_string_equal(replies(), "CACAXX");
	assert_int_equal(S->status, -ENOSPC);
	assert_int_equal(S->stored, 1024);
	stop();
}

static void test_early_eot_with_size_is_an_error(void **state)
{
	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("f", 3000);
	send_block(1, file, 1024, 1024, OK);
	feed1(YM_EOT);
	feed1(YM_EOT);
	assert_int_equal(S->status, -EIO);
	stop();
}

static void test_block_numbers_wrap(void **state)
{
	const uint32_t len = 300 * 128;

	(void)state;
	make_file();
	start(sizeof(S->out));
	send_header("wrap", len);
	for (uint32_t b = 1; b <= 300; b++)
		send_block((uint8_t)b, file + (b - 1) * 128, 128, 128, OK);
	feed1(YM_EOT);
	feed1(YM_EOT);
	/* no closing header: the file still counts after a time-out */
	tick(S->now + 3 * SEC);
	assert_int_equal(S->status, YM_DONE);
	assert_int_equal(S->stored, len);
	assert_memory_equal(S->out, file, len);
	stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc16_check_value),
		cmocka_unit_test(test_whole_session),
		cmocka_unit_test(test_bad_crc_and_complement_are_nakd),
		cmocka_unit_test(test_duplicate_block_is_acked_not_stored),
		cmocka_unit_test(test_wrong_block_number_cancels),
		cmocka_unit_test(test_sender_cancel),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_too_many_errors),
		cmocka_unit_test(test_file_larger_than_destination),
		cmocka_unit_test(test_early_eot_with_size_is_an_error),
		cmocka_unit_test(test_block_numbers_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
