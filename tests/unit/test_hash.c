/* Host tests for SHA-1/SHA-256: FIPS 180 example vectors, every split of the input across updates. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "hash.h"

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static const char *msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static void test_sha256_vectors(void **state)
{
	uint8_t d[SHA256_LEN];
	char s[65];
	struct sha256_ctx c;
	static uint8_t million[1000000];

	(void)state;
	sha256("abc", 3, d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256("", 0, d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256(msg448, strlen(msg448), d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof(million));
	sha256_init(&c);
	for (size_t i = 0; i < sizeof(million); i += 999) /* odd steps cross block edges */
		sha256_update(&c, million + i, sizeof(million) - i < 999 ? sizeof(million) - i : 999);
	sha256_final(&c, d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha1_vectors(void **state)
{
	uint8_t d[SHA1_LEN];
	char s[41];
	struct sha1_ctx c;
	static uint8_t million[1000000];

	(void)state;
	sha1("abc", 3, d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1("", 0, d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sha1(msg448, strlen(msg448), d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	memset(million, 'a', sizeof(million));
	sha1_init(&c);
	for (size_t i = 0; i < sizeof(million); i += 4093)
		sha1_update(&c, million + i, sizeof(million) - i < 4093 ? sizeof(million) - i : 4093);
	sha1_final(&c, d);
	hex(d, sizeof(d), s);
	assert_string_equal(s, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Every two-way split of inputs up to 200 bytes gives the one-shot digest (padding edges at 55/56/64). */
static void test_splits(void **state)
{
	uint8_t buf[200], a[SHA256_LEN], b[SHA256_LEN], a1[SHA1_LEN], b1[SHA1_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	for (size_t n = 0; n <= sizeof(buf); n++) {
		sha256(buf, n, a);
		sha1(buf, n, a1);
		for (size_t k = 0; k <= n; k++) {
			struct sha256_ctx c;
			struct sha1_ctx c1;

			sha256_init(&c);
			sha256_update(&c, buf, k);
			sha256_update(&c, buf + k, n - k);
			sha256_final(&c, b);
			assert_memory_equal(a, b, sizeof(a));
			sha1_init(&c1);
			sha1_update(&c1, buf, k);
			sha1_update(&c1, buf + k, n - k);
			sha1_final(&c1, b1);
			assert_memory_equal(a1, b1, sizeof(a1));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha1_vectors),
		cmocka_unit_test(test_splits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
