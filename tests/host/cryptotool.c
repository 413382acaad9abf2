/* Host driver for common/sha1.c, sha256.c, rsa.c so pytest can cross-check them with sha*sum and openssl. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "rsa.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		exit(2);
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*len = n;
	return buf;
}

static uint8_t *unhex(const char *s, size_t *len)
{
	size_t n = strlen(s) / 2;
	uint8_t *b = malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		sscanf(s + 2 * i, "%2hhx", &b[i]);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	uint8_t d[SHA256_LEN];
	size_t len, nlen, rrlen;
	uint8_t *data;

	if (argc == 3 && (!strcmp(argv[1], "sha1") || !strcmp(argv[1], "sha256"))) {
		bool one = !strcmp(argv[1], "sha1");
		data = slurp(argv[2], &len);
		if (one)
			sha1(data, len, d);
		else
			sha256(data, len, d);
		for (int i = 0; i < (one ? SHA1_LEN : SHA256_LEN); i++)
			printf("%02x", d[i]);
		printf("\n");
		free(data);
		return 0;
	}
	/* rsa <modulus hex> <rr hex> <n0inv> <exponent> <sig file> <data file> */
	if (argc == 8 && !strcmp(argv[1], "rsa")) {
		struct rsa_pubkey k;
		size_t siglen;
		uint8_t *sig = slurp(argv[6], &siglen);
		int ret;

		k.modulus = unhex(argv[2], &nlen);
		k.rr = unhex(argv[3], &rrlen);
		k.bits = (unsigned)nlen * 8;
		k.n0inv = (uint32_t)strtoul(argv[4], NULL, 0);
		k.exponent = strtoull(argv[5], NULL, 0);
		data = slurp(argv[7], &len);
		sha256(data, len, d);
		ret = rsa_verify_sha256(&k, sig, siglen, d);
		printf("%d\n", ret);
		free(sig), free(data), free((void *)k.modulus), free((void *)k.rr);
		return ret == 0 ? 0 : ret == -EBADMSG ? 1 : 3;
	}
	fprintf(stderr, "usage: cryptotool sha1|sha256 FILE | rsa N RR N0INV E SIG DATA\n");
	return 2;
}
