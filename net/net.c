/*
 * The network stack at run time: frames in and out of the board's Ethernet
 * controller, a small ARP cache, replies to ARP and ICMP echo requests, UDP
 * datagrams handed to the caller. One frame buffer each way; polled.
 */
#include "net.h"
#include "timer.h"

#define ARP_CACHE 4
#define ARP_RETRY_US 250000u

static const struct eth_desc *eth;
static uint8_t our_mac[ETH_ALEN];
static struct net_cfg cfg;
static uint16_t ip_id;
/* the caller's UDP payload waits in txbuf while ARP and echo replies go out of ctlbuf */
static uint32_t rxbuf_w[ETH_BUF_SIZE / 4], txbuf_w[ETH_BUF_SIZE / 4], ctlbuf_w[ETH_BUF_SIZE / 4];
static uint8_t *const rxbuf = (uint8_t *)rxbuf_w, *const txbuf = (uint8_t *)txbuf_w;
static uint8_t *const ctlbuf = (uint8_t *)ctlbuf_w;
#define RXF (rxbuf + ETH_HEADROOM)
#define TXF (txbuf + ETH_HEADROOM)
#define CTLF (ctlbuf + ETH_HEADROOM)

static struct {
	uint32_t ip;
	uint8_t mac[ETH_ALEN];
} arp_cache[ARP_CACHE];
static unsigned arp_next;

static const uint8_t bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

int net_start(const struct eth_desc *d, const uint8_t mac[ETH_ALEN])
{
	int ret;

	if (!d)
		return -ENODEV;
	ret = d->ops->init(d, mac);
	if (ret)
		return ret;
	eth = d;
	memcpy(our_mac, mac, ETH_ALEN);
	return 0;
}

void net_stop(void)
{
	if (eth)
		eth->ops->halt(eth);
	eth = NULL;
}

void net_set_cfg(const struct net_cfg *c)
{
	cfg = *c;
}

const struct net_cfg *net_get_cfg(void)
{
	return &cfg;
}

void net_arp_flush(void)
{
	memset(arp_cache, 0, sizeof(arp_cache));
}

bool net_arp_lookup(uint32_t ip, uint8_t mac[ETH_ALEN])
{
	for (unsigned i = 0; i < ARP_CACHE; i++) {
		if (arp_cache[i].ip == ip && ip) {
			memcpy(mac, arp_cache[i].mac, ETH_ALEN);
			return true;
		}
	}
	return false;
}

static void arp_learn(uint32_t ip, const uint8_t mac[ETH_ALEN])
{
	unsigned i;

	if (!ip)
		return;
	for (i = 0; i < ARP_CACHE; i++)
		if (arp_cache[i].ip == ip)
			break;
	if (i == ARP_CACHE)
		i = arp_next++ % ARP_CACHE;
	arp_cache[i].ip = ip;
	memcpy(arp_cache[i].mac, mac, ETH_ALEN);
}

static int eth_send(uint8_t *buf, const uint8_t *dst, uint16_t type, size_t len)
{
	uint8_t *f = buf + ETH_HEADROOM;

	memcpy(f, dst, ETH_ALEN);
	memcpy(f + 6, our_mac, ETH_ALEN);
	put_be16(f + 12, type);
	len += ETH_HLEN;
	if (len < ETH_MIN_FRAME) {
		memset(f + len, 0, ETH_MIN_FRAME - len);
		len = ETH_MIN_FRAME;
	}
	return eth->ops->send(eth, buf, len);
}

static int arp_send(uint16_t op, const uint8_t *tha, uint32_t tpa)
{
	struct arp_pkt a = { .op = op, .spa = cfg.ip, .tpa = tpa };

	memcpy(a.sha, our_mac, ETH_ALEN);
	memcpy(a.tha, op == ARP_REPLY ? tha : (const uint8_t *)"\0\0\0\0\0", ETH_ALEN);
	arp_build(CTLF + ETH_HLEN, &a);
	return eth_send(ctlbuf, op == ARP_REPLY ? tha : bcast, ETHERTYPE_ARP, ARP_LEN);
}

static void arp_input(const uint8_t *p, size_t len)
{
	struct arp_pkt a;

	if (arp_parse(p, len, &a) || !cfg.ip || a.tpa != cfg.ip)
		return;
	arp_learn(a.spa, a.sha);
	if (a.op == ARP_REQUEST)
		arp_send(ARP_REPLY, a.sha, a.spa);
}

static int ip_send(uint8_t *buf, const uint8_t *dmac, uint32_t dst, uint8_t proto, size_t len)
{
	ip_build_hdr(buf + ETH_HEADROOM + ETH_HLEN, cfg.ip, dst, proto, len, ip_id++);
	return eth_send(buf, dmac, ETHERTYPE_IP, IP_HLEN + len);
}

/* an echo request: answered from the receive buffer (the reply is built in the TX buffer) */
static void echo_reply(const struct ip_pkt *ip, const struct icmp_echo *e, const uint8_t *smac)
{
	size_t n = icmp_build_echo(CTLF + ETH_HLEN + IP_HLEN, ICMP_ECHO_REPLY, e->id, e->seq, e->data,
				   MIN(e->len, (size_t)(1500 - IP_HLEN - 8)));
	uint8_t mac[ETH_ALEN];

	memcpy(mac, smac, ETH_ALEN);
	ip_send(ctlbuf, mac, ip->src, IPPROTO_ICMP, n);
}

static int ip_input(const uint8_t *frame, size_t len, struct net_rx *rx)
{
	struct ip_pkt ip;
	struct udp_pkt u;

	if (ip_parse_hdr(frame + ETH_HLEN, len - ETH_HLEN, &ip))
		return NET_RX_NONE;
	if (ip.dst != cfg.ip && ip.dst != 0xffffffffu && cfg.ip)
		return NET_RX_NONE;
	if (ip.proto == IPPROTO_ICMP) {
		if (icmp_parse(ip.payload, ip.len, &rx->echo))
			return NET_RX_NONE;
		if (rx->echo.type == ICMP_ECHO_REQUEST) {
			if (cfg.ip && ip.dst == cfg.ip)
				echo_reply(&ip, &rx->echo, frame + 6);
			return NET_RX_NONE;
		}
		rx->src = ip.src;
		return NET_RX_ECHO_REPLY;
	}
	if (udp_parse(&ip, &u))
		return NET_RX_NONE;
	rx->src = ip.src;
	rx->sport = u.sport;
	rx->dport = u.dport;
	rx->data = u.data;
	rx->len = u.len;
	return NET_RX_UDP;
}

int net_poll(struct net_rx *rx)
{
	int len;

	if (!eth)
		return -ENODEV;
	len = eth->ops->recv(eth, rxbuf);
	if (len <= 0)
		return len < 0 ? -EIO : NET_RX_NONE;
	if ((size_t)len < ETH_HLEN)
		return NET_RX_NONE;
	if (memcmp(RXF, our_mac, ETH_ALEN) && memcmp(RXF, bcast, ETH_ALEN))
		return NET_RX_NONE; /* not for us (controllers in promiscuous mode, QEMU's) */
	switch (get_be16(RXF + 12)) {
	case ETHERTYPE_ARP:
		arp_input(RXF + ETH_HLEN, (size_t)len - ETH_HLEN);
		return NET_RX_NONE;
	case ETHERTYPE_IP:
		return ip_input(RXF, (size_t)len, rx);
	default:
		return NET_RX_NONE;
	}
}

/* the MAC to send to dst: broadcast, cached, or asked for with ARP (polling meanwhile) */
static int resolve(uint32_t dst, uint8_t mac[ETH_ALEN], uint32_t timeout_us)
{
	uint32_t hop = dst;
	uint64_t t0, last = 0;
	struct net_rx rx;

	if (dst == 0xffffffffu) {
		memcpy(mac, bcast, ETH_ALEN);
		return 0;
	}
	if (cfg.netmask && (dst & cfg.netmask) != (cfg.ip & cfg.netmask)) {
		if (!cfg.gateway)
			return -ENETUNREACH;
		hop = cfg.gateway;
	}
	t0 = timer_us();
	while (!net_arp_lookup(hop, mac)) {
		uint64_t now = timer_us();

		if (now - t0 >= timeout_us)
			return -ETIMEDOUT;
		if (!last || now - last >= ARP_RETRY_US) {
			arp_send(ARP_REQUEST, NULL, hop);
			last = now;
		}
		net_poll(&rx); /* UDP meanwhile is dropped: the peers retransmit */
	}
	return 0;
}

uint8_t *net_udp_payload(void)
{
	return TXF + UDP_PAYLOAD_OFS;
}

int net_send_udp(uint32_t dst, uint16_t sport, uint16_t dport, size_t len, uint32_t arp_timeout_us)
{
	uint8_t mac[ETH_ALEN];
	int ret;

	if (!eth)
		return -ENODEV;
	if (len > UDP_PAYLOAD_MAX)
		return -EMSGSIZE;
	ret = resolve(dst, mac, arp_timeout_us);
	if (ret)
		return ret;
	udp_build_hdr(TXF + ETH_HLEN + IP_HLEN, sport, dport, len);
	return ip_send(txbuf, mac, dst, IPPROTO_UDP, UDP_HLEN + len);
}

int net_send_echo(uint32_t dst, uint16_t id, uint16_t seq, uint32_t arp_timeout_us)
{
	static const uint8_t pattern[32] = "flashboot ping 0123456789abcdef";
	uint8_t mac[ETH_ALEN];
	int ret;

	if (!eth)
		return -ENODEV;
	ret = resolve(dst, mac, arp_timeout_us);
	if (ret)
		return ret;
	icmp_build_echo(CTLF + ETH_HLEN + IP_HLEN, ICMP_ECHO_REQUEST, id, seq, pattern, sizeof(pattern));
	return ip_send(ctlbuf, mac, dst, IPPROTO_ICMP, 8 + sizeof(pattern));
}
