/*
 * Fuzz target for the packet parsers (ARP, IPv4, UDP, ICMP, DHCP, TFTP OACK) and the TFTP
 * client machine: byte 0 picks the configuration, the rest is a frame or a conversation.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"
#include "net_pkt.h"
#include "tftp.h"

#define ROOM_MAX 40000u

static void frame(const uint8_t *d, size_t n)
{
	static uint32_t w[2048 / 4];
	uint8_t *p = (uint8_t *)w;
	struct arp_pkt a;
	struct ip_pkt ip;
	struct udp_pkt u;
	struct icmp_echo e;
	struct dhcp_reply r;
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };

	n = MIN(n, sizeof(w));
	memcpy(p, d, n);
	arp_parse(p, n, &a);
	if (ip_parse_hdr(p, n, &ip) == 0) {
		CHECK(ip.payload >= p && ip.payload + ip.len <= p + n);
		if (icmp_parse(ip.payload, ip.len, &e) == 0)
			CHECK(e.data + e.len == ip.payload + ip.len);
		if (udp_parse(&ip, &u) == 0) {
			CHECK(u.data >= ip.payload && u.data + u.len <= ip.payload + ip.len);
			if (u.len >= 8 && dhcp_parse(u.data, u.len, get_be32(u.data + 4), mac, &r) == 0)
				CHECK(strlen(r.file) < sizeof(r.file));
		}
	}
	if (dhcp_parse(p, n, n >= 8 ? get_be32(p + 4) : 0, n >= 34 ? p + 28 : mac, &r) == 0) {
		CHECK(strlen(r.file) < sizeof(r.file) && strlen(r.hostname) < sizeof(r.hostname));
		CHECK(strlen(r.domain) < sizeof(r.domain) &&
		      strlen(r.tftp_server) < sizeof(r.tftp_server));
	}
}

/* a conversation: [len hi, len lo, port bit | pause] records fed to the TFTP machine */
static void conversation(uint8_t sel, const uint8_t *d, size_t n)
{
	static uint8_t ram[ROOM_MAX];
	struct tftp t;
	struct tftp_action a;
	// clang-format off
	struct tftp_cfg c = { .room = (uint32_t)(sel * 157u) % ROOM_MAX, .blksize = (sel & 1) ? 512 : 8 + sel % 64,
			      .windowsize = 1 + sel % 5, .timeout_ms = 100, .max_timeouts = 3, .put = sel >= 0xf0,
			      .put_data = ram, .put_size = (uint32_t)sel * 13 };
	// clang-format on
	uint64_t now = 0;
	size_t i = 0;

	if (tftp_start(&t, &c, "f", now, &a))
		return;
	while (a.status == TFTP_CONTINUE && i + 3 <= n) {
		size_t len = (size_t)(d[i] << 8 | d[i + 1]) % 1600;
		uint8_t flags = d[i + 2];

		i += 3;
		len = MIN(len, n - i);
		now += (uint64_t)(flags >> 1) * 7000;
		if (flags & 0x80) {
			tftp_tick(&t, now, &a);
		} else {
			tftp_input(&t, (flags & 1) ? 3000 : 3001, d + i, len, now, &a);
			i += len;
		}
		if (a.data) {
			CHECK(!c.put);
			CHECK((uint64_t)a.offset + a.len <= c.room);
			memcpy(ram + a.offset, a.data, a.len);
		}
		CHECK(a.nreply <= sizeof(t.out));
		CHECK(c.put || t.bytes <= c.room);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 0x80)
		conversation((uint8_t)(data[0] << 1), data + 1, size - 1);
	else
		frame(data + 1, size - 1);
	{
		uint16_t bs, ws;
		uint32_t ts = 0;
		bool have = false;
		if (tftp_parse_oack(data + 1, size - 1, 1468, 16, &bs, &ws, &ts, &have) == 0)
			CHECK(bs >= TFTP_BLKSIZE_MIN && bs <= 1468 && ws >= 1 && ws <= 16);
	}
	return 0;
}
