/*
 * Packet formats (pure: no I/O, no printing; parsers return negative errno):
 * Ethernet II, ARP, IPv4 (no options sent, no fragments), ICMP echo, UDP, DHCP/BOOTP.
 * Addresses are host-order uint32_t; frames are byte arrays in network order.
 */
#ifndef FB_NET_PKT_H
#define FB_NET_PKT_H
#include "common.h"
#include "eth.h"
#include "ethaddr.h"

#define ETH_HLEN 14
#define ETH_MIN_FRAME 60
#define ETHERTYPE_IP 0x0800
#define ETHERTYPE_ARP 0x0806
#define IP_HLEN 20
#define UDP_HLEN 8
#define IP_UDP_HLEN (IP_HLEN + UDP_HLEN)
#define UDP_PAYLOAD_OFS (ETH_HLEN + IP_UDP_HLEN)
#define UDP_PAYLOAD_MAX (1500 - IP_UDP_HLEN)
#define IPPROTO_ICMP 1
#define IPPROTO_UDP 17
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ARP_LEN 28

// clang-format off
static inline uint16_t get_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void put_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
// clang-format on

/* Internet checksum (RFC 1071) folded, not inverted; sum is a running partial sum */
uint32_t ip_csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t ip_csum_fold(uint32_t sum);

/* "10.0.2.15" -> 0; -EINVAL on anything else */
int ip_parse(const char *s, uint32_t *ip);

struct arp_pkt {
	uint16_t op; /* 1 request, 2 reply */
	uint8_t sha[ETH_ALEN], tha[ETH_ALEN];
	uint32_t spa, tpa;
};
#define ARP_REQUEST 1
#define ARP_REPLY 2
int arp_parse(const uint8_t *p, size_t len, struct arp_pkt *a);
void arp_build(uint8_t *p, const struct arp_pkt *a); /* ARP_LEN bytes */

struct ip_pkt {
	uint32_t src, dst;
	uint8_t proto, ttl;
	const uint8_t *payload;
	size_t len; /* payload bytes (total length minus the header) */
};
/* -EINVAL: not IPv4/short/bad checksum; -EMSGSIZE: a fragment (not supported) */
int ip_parse_hdr(const uint8_t *p, size_t len, struct ip_pkt *ip);
void ip_build_hdr(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto, size_t payload_len,
		  uint16_t id);

struct udp_pkt {
	uint16_t sport, dport;
	const uint8_t *data;
	size_t len;
};
/* the checksum is checked when it is non-zero (pseudo-header from ip) */
int udp_parse(const struct ip_pkt *ip, struct udp_pkt *u);
void udp_build_hdr(uint8_t *p, uint16_t sport, uint16_t dport, size_t data_len); /* checksum 0: none */

struct icmp_echo {
	uint8_t type;
	uint16_t id, seq;
	const uint8_t *data;
	size_t len;
};
int icmp_parse(const uint8_t *p, size_t len, struct icmp_echo *e); /* echo request/reply only */
size_t icmp_build_echo(uint8_t *p, uint8_t type, uint16_t id, uint16_t seq, const uint8_t *data,
		       size_t len);

/* DHCP/BOOTP (RFC 2131/2132, RFC 951) */
// clang-format off
#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_DISCOVER 1
#define DHCP_OFFER 2
#define DHCP_REQUEST 3
#define DHCP_DECLINE 4
#define DHCP_ACK 5
#define DHCP_NAK 6
#define BOOTP_REPLY_TYPE 0   /* a reply without option 53: plain BOOTP */
#define DHCP_FILE_LEN 128
#define DHCP_NAME_LEN 64
// clang-format on

struct dhcp_reply {
	uint8_t type; /* DHCP_OFFER/ACK/NAK, or BOOTP_REPLY_TYPE */
	uint32_t yiaddr, siaddr, server_id, netmask, router, dns, lease_s;
	char file[DHCP_FILE_LEN]; /* boot file (option 67 overrides the file field) */
	char hostname[DHCP_NAME_LEN], domain[DHCP_NAME_LEN], tftp_server[DHCP_NAME_LEN];
};
/* a DHCP DISCOVER or REQUEST (U-Boot's dhcp sends no plain BOOTP request); returns the UDP payload length */
size_t dhcp_build(uint8_t *p, uint8_t type, uint32_t xid, const uint8_t mac[ETH_ALEN], uint32_t req_ip,
		  uint32_t server_id, uint16_t secs);
/* -EINVAL: not a BOOTP reply; -ENOMSG: not for us (xid or chaddr) */
int dhcp_parse(const uint8_t *p, size_t len, uint32_t xid, const uint8_t mac[ETH_ALEN],
	       struct dhcp_reply *r);
#define DHCP_PKT_MAX 300

#endif
