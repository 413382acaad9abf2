/* Host tests for the packet code and the TFTP client machine: real byte layouts, windows, loss, duplicates, reordering, errors, put. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include "net_pkt.h"
#include "tftp.h"

#define MS 1000ull

/* ---------------------------------------------------------------- packets */

static void test_ip_parse(void **state)
{
	uint32_t ip;
	uint8_t mac[6];

	(void)state;
	assert_int_equal(ip_parse("10.0.2.15", &ip), 0);
	assert_int_equal(ip, 0x0a00020f);
	assert_int_equal(ip_parse("255.255.255.255", &ip), 0);
	assert_int_equal(ip, 0xffffffffu);
	assert_int_equal(ip_parse("10.0.2", &ip), -EINVAL);
	assert_int_equal(ip_parse("10.0.2.256", &ip), -EINVAL);
	assert_int_equal(ip_parse("10.0.2.1x", &ip), -EINVAL);
	assert_int_equal(ip_parse("", &ip), -EINVAL);
	assert_int_equal(mac_parse("52:54:00:12:34:5f", mac), 0);
	assert_memory_equal(mac, "\x52\x54\x00\x12\x34\x5f", 6);
	assert_int_equal(mac_parse("52:54:00:12:34", mac), -EINVAL);
	assert_int_equal(mac_parse("52:54:00:12:34:5g", mac), -EINVAL);
}

/* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2; aligned and not, odd lengths */
static void test_checksum(void **state)
{
	static const uint8_t v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint32_t buf[64];
	uint8_t *b = (uint8_t *)buf;

	(void)state;
	memcpy(b, v, 8);
	assert_int_equal(ip_csum_fold(ip_csum_add(0, b, 8)), 0xddf2);
	memcpy(b + 1, v, 8);
	assert_int_equal(ip_csum_fold(ip_csum_add(0, b + 1, 8)), 0xddf2);
	for (int i = 0; i < 200; i++)
		b[i] = (uint8_t)(i * 37 + 11);
	for (size_t len = 0; len < 200; len++) {
		uint32_t slow = 0;
		for (size_t i = 0; i + 1 < len; i += 2)
			slow += (uint32_t)(b[i] << 8 | b[i + 1]);
		if (len & 1)
			slow += (uint32_t)b[len - 1] << 8;
		assert_int_equal(ip_csum_fold(ip_csum_add(0, b, len)), ip_csum_fold(slow));
	}
}

/* a UDP datagram built, checksummed the way a Linux server would, and parsed back */
static void test_ip_udp_roundtrip(void **state)
{
	uint32_t w[128];
	uint8_t *p = (uint8_t *)w;
	struct ip_pkt ip;
	struct udp_pkt u;
	uint8_t ph[12];
	uint32_t sum;

	(void)state;
	memcpy(p + IP_UDP_HLEN, "hello", 5);
	udp_build_hdr(p + IP_HLEN, 1234, 69, 5);
	ip_build_hdr(p, 0x0a00020f, 0x0a000202, IPPROTO_UDP, UDP_HLEN + 5, 7);
	assert_int_equal(ip_parse_hdr(p, IP_UDP_HLEN + 5, &ip), 0);
	assert_int_equal(udp_parse(&ip, &u), 0);
	assert_int_equal(u.sport, 1234);
	assert_int_equal(u.dport, 69);
	assert_int_equal(u.len, 5);
	assert_memory_equal(u.data, "hello", 5);
	/* with a real checksum: right passes, one flipped bit fails */
	put_be32(ph, 0x0a00020f);
	put_be32(ph + 4, 0x0a000202);
	ph[8] = 0;
	ph[9] = IPPROTO_UDP;
	put_be16(ph + 10, UDP_HLEN + 5);
	sum = ip_csum_add(ip_csum_add(0, ph, 12), p + IP_HLEN, UDP_HLEN + 5);
	put_be16(p + IP_HLEN + 6, (uint16_t)~ip_csum_fold(sum));
	assert_int_equal(udp_parse(&ip, &u), 0);
	p[IP_UDP_HLEN] ^= 1;
	assert_int_equal(udp_parse(&ip, &u), -EINVAL);
	/* a bad header checksum, a fragment, a short packet */
	p[10] ^= 1;
	assert_int_equal(ip_parse_hdr(p, IP_UDP_HLEN + 5, &ip), -EINVAL);
	p[10] ^= 1;
	assert_int_equal(ip_parse_hdr(p, IP_UDP_HLEN + 4, &ip), -EINVAL);
	ip_build_hdr(p, 1, 2, IPPROTO_UDP, 13, 7);
	p[6] = 0x20; /* more fragments */
	p[10] = p[11] = 0;
	put_be16(p + 10, (uint16_t)~ip_csum_fold(ip_csum_add(0, p, IP_HLEN)));
	assert_int_equal(ip_parse_hdr(p, IP_UDP_HLEN + 5, &ip), -EMSGSIZE);
}

static void test_arp_icmp(void **state)
{
	// clang-format off
	struct arp_pkt a = { .op = ARP_REQUEST, .sha = { 2, 0, 0, 0, 0, 1 }, .spa = 0x0a00020f, .tpa = 0x0a000202 };
	// clang-format on
	struct arp_pkt b;
	uint8_t p[64];
	struct icmp_echo e;
	size_t n;

	(void)state;
	arp_build(p, &a);
	assert_memory_equal(p, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
	assert_int_equal(arp_parse(p, ARP_LEN, &b), 0);
	assert_int_equal(b.op, ARP_REQUEST);
	assert_int_equal(b.spa, 0x0a00020f);
	assert_int_equal(b.tpa, 0x0a000202);
	assert_int_equal(arp_parse(p, ARP_LEN - 1, &b), -EINVAL);
	n = icmp_build_echo(p, ICMP_ECHO_REQUEST, 0x1234, 7, (const uint8_t *)"abc", 3);
	assert_int_equal(n, 11);
	assert_int_equal(icmp_parse(p, n, &e), 0);
	assert_int_equal(e.id, 0x1234);
	assert_int_equal(e.seq, 7);
	p[9] ^= 0x40;
	assert_int_equal(icmp_parse(p, n, &e), -EINVAL);
}

static const uint8_t MAC[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };

/* a server's OFFER as the bytes go on the wire (options after the magic cookie) */
static size_t make_reply(uint8_t *p, uint32_t xid, const uint8_t *opts, size_t nopts)
{
	memset(p, 0, 600);
	p[0] = 2;
	p[1] = 1;
	p[2] = 6;
	put_be32(p + 4, xid);
	put_be32(p + 16, 0x0a00020f);
	put_be32(p + 20, 0x0a000202);
	memcpy(p + 28, MAC, 6);
	strcpy((char *)p + 108, "pxelinux.0");
	put_be32(p + 236, 0x63825363);
	memcpy(p + 240, opts, nopts);
	return 240 + nopts;
}

static void test_dhcp(void **state)
{
	// clang-format off
	static const uint8_t opts[] = { 53, 1, 2, 1, 4, 255, 255, 255, 0, 3, 4, 10, 0, 2, 2, 54, 4, 10, 0, 2, 2,
					12, 3, 'b', 'o', 'x', 67, 5, 'z', 'I', 'm', 'g', 0, 255 };
	// clang-format on
	static const uint8_t trunc[] = { 53, 1, 2, 1, 4, 255, 255 };
	uint8_t p[600];
	struct dhcp_reply r;
	size_t n;

	(void)state;
	n = dhcp_build(p, DHCP_DISCOVER, 0xabcdef01, MAC, 0, 0, 3);
	assert_true(n >= 300);
	assert_int_equal(p[0], 1);
	assert_int_equal(get_be32(p + 4), 0xabcdef01);
	assert_int_equal(get_be16(p + 10), 0x8000);
	assert_memory_equal(p + 28, MAC, 6);
	assert_int_equal(get_be32(p + 236), 0x63825363);
	assert_memory_equal(p + 240, "\x35\x01\x01", 3);

	n = make_reply(p, 77, opts, sizeof(opts));
	assert_int_equal(dhcp_parse(p, n, 77, MAC, &r), 0);
	assert_int_equal(r.type, DHCP_OFFER);
	assert_int_equal(r.yiaddr, 0x0a00020f);
	assert_int_equal(r.siaddr, 0x0a000202);
	assert_int_equal(r.netmask, 0xffffff00);
	assert_int_equal(r.router, 0x0a000202);
	assert_int_equal(r.server_id, 0x0a000202);
	assert_string_equal(r.hostname, "box");
	assert_string_equal(r.file, "zImg"); /* option 67 wins over the file field */
	assert_int_equal(dhcp_parse(p, n, 78, MAC, &r), -ENOMSG);
	n = make_reply(p, 77, (const uint8_t *)"\xff", 1);
	assert_int_equal(dhcp_parse(p, n, 77, MAC, &r), 0);
	assert_int_equal(r.type, BOOTP_REPLY_TYPE);
	assert_string_equal(r.file, "pxelinux.0");
	n = make_reply(p, 77, trunc, sizeof(trunc));
	assert_int_equal(dhcp_parse(p, n, 77, MAC, &r), -EINVAL);
	p[0] = 1;
	assert_int_equal(dhcp_parse(p, n, 77, MAC, &r), -EINVAL);
}

/* ---------------------------------------------------------------- TFTP */

struct sess {
	struct tftp t;
	uint8_t ram[1 << 20];
	uint8_t seen[1 << 20];
	uint8_t sent[2048]; /* the last packet we sent */
	size_t nsent;
	uint16_t dport;
	int nsends;
	int status;
	uint64_t now;
	int timeouts;
};
static struct sess *S;

static void take(const struct tftp_action *a)
{
	if (a->data) {
		assert_true(a->offset + a->len <= sizeof(S->ram));
		memcpy(S->ram + a->offset, a->data, a->len);
		for (uint32_t i = 0; i < a->len; i++)
			S->seen[a->offset + i]++;
	}
	if (a->nreply) {
		memcpy(S->sent, a->reply, a->nreply);
		S->nsent = a->nreply;
		S->dport = a->dport;
		S->nsends++;
	}
	if (a->timed_out)
		S->timeouts++;
	S->status = a->status;
}

static struct tftp_cfg cfg(uint16_t bs, uint16_t ws, uint32_t room)
{
	// clang-format off
	struct tftp_cfg c = { .room = room, .blksize = bs, .windowsize = ws, .timeout_ms = 1000,
			      .max_timeouts = 5 };
	// clang-format on
	return c;
}

static void start(const struct tftp_cfg *c, const char *name)
{
	struct tftp_action a;

	memset(S, 0, sizeof(*S));
	assert_int_equal(tftp_start(&S->t, c, name, 0, &a), 0);
	take(&a);
}

static uint8_t file[300000];

static void feed(const uint8_t *p, size_t n)
{
	struct tftp_action a;

	S->now += 100;
	tftp_input(&S->t, 3000, p, n, S->now, &a);
	take(&a);
}

static void oack(const char *opts, size_t n)
{
	uint8_t p[128] = { 0, TFTP_OACK };

	memcpy(p + 2, opts, n);
	feed(p, n + 2);
}

static void data(uint32_t block, uint16_t bs)
{
	uint8_t p[4 + 1468];
	uint32_t off = (block - 1) * bs;
	size_t n = off >= sizeof(file) ? 0 : MIN((size_t)bs, sizeof(file) - off);

	put_be16(p, TFTP_DATA);
	put_be16(p + 2, (uint16_t)block);
	memcpy(p + 4, file + off, n);
	feed(p, 4 + n);
}

static void expect_ack(uint16_t block)
{
	assert_int_equal(S->nsent, 4);
	assert_int_equal(get_be16(S->sent), TFTP_ACK);
	assert_int_equal(get_be16(S->sent + 2), block);
	assert_int_equal(S->dport, 3000);
}

static void tick(uint64_t ms)
{
	struct tftp_action a;

	S->now += ms * MS;
	tftp_tick(&S->t, S->now, &a);
	take(&a);
}

static void test_rrq_layout(void **state)
{
	struct tftp_cfg c = cfg(1468, 4, 1000);
	static const char want[] = "\0\1root.sqfs\0octet\0timeout\0"
				   "1\0tsize\0"
				   "0\0blksize\0"
				   "1468\0windowsize\0"
				   "4";

	(void)state;
	start(&c, "root.sqfs");
	assert_int_equal(S->dport, 69);
	assert_int_equal(S->nsent, sizeof(want));
	assert_memory_equal(S->sent, want, sizeof(want));
	c = cfg(512, 1, 1000);
	start(&c, "x");
	assert_int_equal(S->nsent, 2 + 2 + 6 + 10 + 8); /* no blksize, no windowsize */
	c.blksize = 7;
	assert_int_equal(tftp_start(&S->t, &c, "x", 0, &(struct tftp_action){ 0 }), -EINVAL);
	c.blksize = 512;
	assert_int_equal(tftp_start(&S->t, &c, "", 0, &(struct tftp_action){ 0 }), -EINVAL);
}

static void whole_file(uint16_t bs, uint16_t ws)
{
	struct tftp_cfg c = cfg(bs, ws, sizeof(S->ram));
	uint32_t blocks = sizeof(file) / bs + 1;
	char o[64];
	int n = snprintf(o, sizeof(o), "blksize%c%u%ctsize%c%zu%cwindowsize%c%u", 0, bs, 0, 0,
			 sizeof(file), 0, 0, ws);

	start(&c, "f");
	oack(o, (size_t)n + 1);
	expect_ack(0);
	for (uint32_t b = 1; b <= blocks && S->status == TFTP_CONTINUE; b++) {
		int before = S->nsends;
		data(b, bs);
		if (b % ws == 0 || b == blocks) {
			assert_int_equal(S->nsends, before + 1);
			expect_ack((uint16_t)b);
		} else {
			assert_int_equal(S->nsends, before);
		}
	}
	assert_int_equal(S->status, TFTP_DONE);
	assert_int_equal(S->t.bytes, sizeof(file));
	assert_memory_equal(S->ram, file, sizeof(file));
}

static void test_get_sizes(void **state)
{
	(void)state;
	whole_file(512, 1);
	whole_file(1468, 1);
	whole_file(1428, 8);
	whole_file(8, 1); /* 37500 blocks: the block number wraps past 65535 */
}

/* a server without options: DATA 1 answers the RRQ, 512-byte blocks */
static void test_no_options(void **state)
{
	struct tftp_cfg c = cfg(1468, 4, sizeof(S->ram));

	(void)state;
	start(&c, "f");
	for (uint32_t b = 1; S->status == TFTP_CONTINUE; b++) {
		data(b, 512);
		expect_ack((uint16_t)b);
	}
	assert_int_equal(S->status, TFTP_DONE);
	assert_memory_equal(S->ram, file, sizeof(file));
}

/* an OACK without blksize and windowsize (tftpd-hpa has no windowsize): 512 bytes, window 1 */
static void test_oack_without_options(void **state)
{
	struct tftp_cfg c = cfg(1468, 8, sizeof(S->ram));
	char o[32];
	int n = snprintf(o, sizeof(o), "tsize%c%zu", 0, sizeof(file));

	(void)state;
	start(&c, "f");
	oack(o, (size_t)n + 1);
	expect_ack(0);
	assert_int_equal(S->t.blksize, 512);
	assert_int_equal(S->t.windowsize, 1);
	for (uint32_t b = 1; S->status == TFTP_CONTINUE; b++) {
		data(b, 512);
		expect_ack((uint16_t)b); /* every block: the server sends one at a time */
	}
	assert_int_equal(S->status, TFTP_DONE);
	assert_memory_equal(S->ram, file, sizeof(file));
}

/* duplicates are stored once; a duplicate after a quiet spell is acknowledged again */
static void test_duplicates(void **state)
{
	struct tftp_cfg c = cfg(512, 1, sizeof(S->ram));
	int n;

	(void)state;
	start(&c, "f");
	oack("blksize\0"
	     "512",
	     sizeof("blksize\0"
		    "512"));
	data(1, 512);
	data(2, 512);
	n = S->nsends;
	data(2, 512); /* right away: no second ACK (no Sorcerer's Apprentice) */
	assert_int_equal(S->nsends, n);
	S->now += 300 * MS;
	data(2, 512); /* the server's retransmission: our ACK got lost */
	assert_int_equal(S->nsends, n + 1);
	expect_ack(2);
	for (uint32_t b = 3; S->status == TFTP_CONTINUE; b++)
		data(b, 512);
	assert_int_equal(S->status, TFTP_DONE);
	for (size_t i = 0; i < sizeof(file); i++)
		assert_int_equal(S->seen[i], 1);
	assert_memory_equal(S->ram, file, sizeof(file));
}

/* a window with a lost block: the receiver acknowledges the last block in order once, the
 * server goes back, and the file is still byte-exact (RFC 7440) */
static void test_window_gap(void **state)
{
	struct tftp_cfg c = cfg(1024, 8, sizeof(S->ram));
	int n;

	(void)state;
	start(&c, "f");
	oack("blksize\0"
	     "1024\0windowsize\0"
	     "8",
	     sizeof("blksize\0"
		    "1024\0windowsize\0"
		    "8"));
	expect_ack(0);
	for (uint32_t b = 1; b <= 8; b++)
		data(b, 1024);
	expect_ack(8);
	data(9, 1024);
	n = S->nsends;
	data(11, 1024); /* 10 lost */
	assert_int_equal(S->nsends, n + 1);
	expect_ack(9);
	data(12, 1024); /* the rest of the old window: no more ACKs */
	data(13, 1024);
	assert_int_equal(S->nsends, n + 1);
	for (uint32_t b = 10; S->status == TFTP_CONTINUE; b++)
		data(b, 1024); /* the server restarts at 10 */
	assert_int_equal(S->status, TFTP_DONE);
	assert_memory_equal(S->ram, file, sizeof(file));
	for (size_t i = 0; i < sizeof(file); i++)
		assert_int_equal(S->seen[i], 1);
}

/* silence: a retransmission every timeout_ms (U-Boot: no back-off); the time-out after
 * max_timeouts of them ends it, (max_timeouts + 1) * timeout_ms after the last answer */
static void test_timeouts(void **state)
{
	struct tftp_cfg c = cfg(512, 1, 1000);

	(void)state;
	start(&c, "f");
	tick(999);
	assert_int_equal(S->nsends, 1);
	tick(1);
	assert_int_equal(S->nsends, 2); /* RRQ again after 1 s */
	assert_int_equal(get_be16(S->sent), TFTP_RRQ);
	tick(999);
	assert_int_equal(S->nsends, 2);
	tick(1);
	assert_int_equal(S->nsends, 3); /* and again 1 s later */
	while (S->status == TFTP_CONTINUE && S->now < 60000 * MS)
		tick(1);
	assert_int_equal(S->status, -ETIMEDOUT);
	assert_int_equal(S->now, 6000 * MS); /* (max_timeouts 5 + 1) * timeout_ms */
	assert_int_equal(S->timeouts, 5);    /* five 'T's */
	/* during the transfer a time-out resends the last ACK */
	c = cfg(512, 1, sizeof(S->ram));
	start(&c, "f");
	data(1, 512);
	tick(1000);
	assert_int_equal(S->timeouts, 1);
	expect_ack(1);
}

/*
 * U-Boot's count: time-outs add up over the whole transfer (a block that arrives does not
 * clear it), so with tftptimeoutcountmax 3 the fourth one ends it even when each was
 * followed by progress; the request goes to tftpdstp's port (cfg.server_port)
 */
static void test_timeouts_add_up(void **state)
{
	struct tftp_cfg c = cfg(512, 1, sizeof(S->ram));

	(void)state;
	c.max_timeouts = 3;
	c.server_port = 6969;
	start(&c, "f");
	assert_int_equal(S->dport, 6969);
	tick(1000); /* 1: the RRQ again, to the same port */
	assert_int_equal(get_be16(S->sent), TFTP_RRQ);
	assert_int_equal(S->dport, 6969);
	data(1, 512);
	expect_ack(1);
	tick(1000); /* 2 */
	data(2, 512);
	tick(1000); /* 3 */
	data(3, 512);
	assert_int_equal(S->status, TFTP_CONTINUE);
	assert_int_equal(S->timeouts, 3);
	tick(999);
	assert_int_equal(S->status, TFTP_CONTINUE);
	tick(1); /* 4 > 3: the end, though three blocks came in between */
	assert_int_equal(S->status, -ETIMEDOUT);
	assert_int_equal(S->timeouts, 3);
	c.server_port = 0;
	start(&c, "f");
	assert_int_equal(S->dport, TFTP_PORT);
}

/* the count starts again when the 16-bit block number wraps (U-Boot: "we've done well") */
static void test_timeouts_wrap(void **state)
{
	struct tftp_cfg c = cfg(8, 1, sizeof(S->ram));
	uint8_t p[4 + 8] = { 0, TFTP_DATA };
	uint8_t ack[4] = { 0, TFTP_ACK };

	(void)state;
	c.max_timeouts = 2;
	start(&c, "f");
	oack("blksize\0"
	     "8",
	     sizeof("blksize\0"
		    "8"));
	tick(1000);
	tick(1000); /* two time-outs: the next one would end it */
	for (uint32_t b = 1; b <= 65536; b++) {
		put_be16(p + 2, (uint16_t)b);
		feed(p, sizeof(p));
	}
	assert_int_equal(S->status, TFTP_CONTINUE);
	expect_ack(0); /* block 65536 is block number 0: the count is 0 again */
	tick(1000);
	tick(1000);
	assert_int_equal(S->status, TFTP_CONTINUE);
	tick(1000);
	assert_int_equal(S->status, -ETIMEDOUT);
	/* tftpput: the wrap of the block to send next */
	c = (struct tftp_cfg){ .put = true,
			       .put_data = S->ram,
			       .put_size = 65537 * 8,
			       .blksize = 8,
			       .windowsize = 1,
			       .timeout_ms = 1000,
			       .max_timeouts = 1 };
	start(&c, "up");
	oack("blksize\0"
	     "8",
	     sizeof("blksize\0"
		    "8"));
	tick(1000); /* block 1 again: one time-out, the limit */
	for (uint32_t b = 1; b <= 65535; b++) {
		put_be16(ack + 2, (uint16_t)b);
		feed(ack, 4);
	}
	assert_int_equal(get_be16(S->sent + 2), 0); /* block 65536 goes out: the count is 0 again */
	tick(1000);
	assert_int_equal(S->status, TFTP_CONTINUE);
	tick(1000);
	assert_int_equal(S->status, -ETIMEDOUT);
}

static void test_errors(void **state)
{
	struct tftp_cfg c = cfg(512, 1, 1000);
	static const uint8_t err[] = "\0\5\0\1File not found\0";
	char o[32];
	int n;

	(void)state;
	start(&c, "nope");
	feed(err, sizeof(err) - 1);
	assert_int_equal(S->status, -EREMOTEIO);
	assert_int_equal(S->t.errcode, 1);
	assert_string_equal(S->t.errmsg, "File not found");
	/* tsize larger than the room: refused before any data, with an error packet */
	start(&c, "big");
	n = snprintf(o, sizeof(o), "tsize%c1001", 0);
	oack(o, (size_t)n + 1);
	assert_int_equal(S->status, -EFBIG);
	assert_int_equal(get_be16(S->sent), TFTP_ERROR);
	assert_int_equal(get_be16(S->sent + 2), 3);
	/* no tsize: refused at the block that would pass the room, nothing of it stored */
	start(&c, "big");
	data(1, 512);
	assert_int_equal(S->status, TFTP_CONTINUE);
	data(2, 512);
	assert_int_equal(S->status, -EFBIG);
	assert_int_equal(S->seen[512], 0);
	/* an OACK with a blksize larger than asked for is a protocol error */
	start(&c, "f");
	oack("blksize\0"
	     "9000",
	     sizeof("blksize\0"
		    "9000"));
	assert_int_equal(S->status, -EPROTO);
	/* packets from another port are not the server's */
	c = cfg(512, 1, sizeof(S->ram));
	start(&c, "f");
	data(1, 512);
	tftp_input(&S->t, 4000, (const uint8_t *)"\0\5\0\0x\0", 6, S->now, &(struct tftp_action){ 0 });
	assert_int_equal(S->t.state != 3, 1);
}

static void test_put(void **state)
{
	// clang-format off
	struct tftp_cfg c = { .put = true, .put_data = file, .put_size = 2048, .blksize = 512, .windowsize = 1,
			      .timeout_ms = 1000, .max_timeouts = 3 };
	// clang-format on
	uint8_t ack[4] = { 0, TFTP_ACK, 0, 0 };

	(void)state;
	start(&c, "backup.bin");
	assert_int_equal(get_be16(S->sent), TFTP_WRQ);
	assert_memory_equal(S->sent + 2,
			    "backup.bin\0octet\0timeout\0"
			    "1\0tsize\0"
			    "2048",
			    32);
	feed(ack, 4); /* no OACK: ACK 0 */
	for (uint16_t b = 1; b <= 5; b++) {
		assert_int_equal(get_be16(S->sent), TFTP_DATA);
		assert_int_equal(get_be16(S->sent + 2), b);
		assert_int_equal(S->nsent, 4 + (b < 5 ? 512 : 0)); /* 2048 = 4 blocks + an empty one */
		if (b < 5)
			assert_memory_equal(S->sent + 4, file + (b - 1) * 512, 512);
		put_be16(ack + 2, b);
		if (b == 2) {
			int n = S->nsends;
			feed((const uint8_t *)"\0\4\0\1", 4); /* a duplicate ACK: nothing sent */
			assert_int_equal(S->nsends, n);
		}
		feed(ack, 4);
	}
	assert_int_equal(S->status, TFTP_DONE);
	assert_int_equal(S->t.bytes, 2048);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip_parse),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_ip_udp_roundtrip),
		cmocka_unit_test(test_arp_icmp),
		cmocka_unit_test(test_dhcp),
		cmocka_unit_test(test_rrq_layout),
		cmocka_unit_test(test_get_sizes),
		cmocka_unit_test(test_no_options),
		cmocka_unit_test(test_oack_without_options),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_window_gap),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_timeouts_add_up),
		cmocka_unit_test(test_timeouts_wrap),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_put),
	};

	S = calloc(1, sizeof(*S));
	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(rand() >> 7);
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	free(S);
	return r;
}
