/* The network stack at run time: one Ethernet device, ARP cache, UDP send/receive, ICMP echo (no printing). */
#ifndef FB_NET_H
#define FB_NET_H
#include "net_pkt.h"

struct net_cfg {
	uint32_t ip, netmask, gateway;
};

/* Start the board's controller with this MAC: 0, -ENODEV (no controller) or the driver's errno */
int net_start(const struct eth_desc *d, const uint8_t mac[ETH_ALEN]);
void net_stop(void);
void net_set_cfg(const struct net_cfg *cfg);
const struct net_cfg *net_get_cfg(void);

/* One received datagram for the caller (ARP and echo requests are answered inside net_poll) */
struct net_rx {
	uint32_t src;
	uint16_t sport, dport;
	const uint8_t *data;
	size_t len;
	struct icmp_echo echo; /* kind NET_RX_ECHO_REPLY */
};
enum { NET_RX_NONE = 0, NET_RX_UDP = 1, NET_RX_ECHO_REPLY = 2 };
/* Handle at most one waiting frame: NET_RX_* (data valid until the next call), or -EIO */
int net_poll(struct net_rx *rx);

/* Where to build a UDP payload before net_send_udp (UDP_PAYLOAD_MAX bytes) */
uint8_t *net_udp_payload(void);
/*
 * Send the payload built at net_udp_payload() to dst (0xffffffff: broadcast, from 0.0.0.0
 * when we have no address yet). Resolves dst (or the gateway) by ARP first, polling for up
 * to arp_timeout_us: -ETIMEDOUT when nobody answers, -ENETUNREACH with no route.
 */
int net_send_udp(uint32_t dst, uint16_t sport, uint16_t dport, size_t len, uint32_t arp_timeout_us);
int net_send_echo(uint32_t dst, uint16_t id, uint16_t seq, uint32_t arp_timeout_us);
/* the next-hop MAC for dst if cached (arp) */
bool net_arp_lookup(uint32_t ip, uint8_t mac[ETH_ALEN]);
void net_arp_flush(void);

#endif
