/* Packet formats: ARP, IPv4, ICMP echo, UDP, address parsing (pure; see include/net_pkt.h). */
#include "net_pkt.h"

int ip_parse(const char *s, uint32_t *ip)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned n = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || n > 255 || *s != (i == 3 ? '\0' : '.'))
			return -EINVAL;
		if (i < 3)
			s++;
		v = v << 8 | n;
	}
	*ip = v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int mac_parse(const char *s, uint8_t mac[ETH_ALEN])
{
	for (int i = 0; i < ETH_ALEN; i++) {
		int hi = hexval(s[0]), lo = hexval(s[1]);

		if (hi < 0 || lo < 0 || s[2] != (i == ETH_ALEN - 1 ? '\0' : ':'))
			return -EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
		s += 3;
	}
	return 0;
}

int arp_parse(const uint8_t *p, size_t len, struct arp_pkt *a)
{
	if (len < ARP_LEN || get_be16(p) != 1 || get_be16(p + 2) != ETHERTYPE_IP || p[4] != 6 ||
	    p[5] != 4)
		return -EINVAL;
	a->op = get_be16(p + 6);
	if (a->op != ARP_REQUEST && a->op != ARP_REPLY)
		return -EINVAL;
	memcpy(a->sha, p + 8, ETH_ALEN);
	a->spa = get_be32(p + 14);
	memcpy(a->tha, p + 18, ETH_ALEN);
	a->tpa = get_be32(p + 24);
	return 0;
}

void arp_build(uint8_t *p, const struct arp_pkt *a)
{
	put_be16(p, 1);
	put_be16(p + 2, ETHERTYPE_IP);
	p[4] = 6;
	p[5] = 4;
	put_be16(p + 6, a->op);
	memcpy(p + 8, a->sha, ETH_ALEN);
	put_be32(p + 14, a->spa);
	memcpy(p + 18, a->tha, ETH_ALEN);
	put_be32(p + 24, a->tpa);
}

int ip_parse_hdr(const uint8_t *p, size_t len, struct ip_pkt *ip)
{
	size_t hl, total;

	if (len < IP_HLEN || (p[0] >> 4) != 4)
		return -EINVAL;
	hl = (size_t)(p[0] & 15) * 4;
	total = get_be16(p + 2);
	if (hl < IP_HLEN || total < hl || total > len)
		return -EINVAL;
	if (ip_csum_fold(ip_csum_add(0, p, hl)) != 0xffff)
		return -EINVAL;
	if (get_be16(p + 6) & 0x3fff) /* more fragments or an offset */
		return -EMSGSIZE;
	ip->ttl = p[8];
	ip->proto = p[9];
	ip->src = get_be32(p + 12);
	ip->dst = get_be32(p + 16);
	ip->payload = p + hl;
	ip->len = total - hl;
	return 0;
}

void ip_build_hdr(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto, size_t payload_len, uint16_t id)
{
	p[0] = 0x45;
	p[1] = 0;
	put_be16(p + 2, (uint16_t)(IP_HLEN + payload_len));
	put_be16(p + 4, id);
	put_be16(p + 6, 0x4000); /* don't fragment */
	p[8] = 64;
	p[9] = proto;
	put_be16(p + 10, 0);
	put_be32(p + 12, src);
	put_be32(p + 16, dst);
	put_be16(p + 10, (uint16_t)~ip_csum_fold(ip_csum_add(0, p, IP_HLEN)));
}

int udp_parse(const struct ip_pkt *ip, struct udp_pkt *u)
{
	const uint8_t *p = ip->payload;
	size_t ulen;

	if (ip->proto != IPPROTO_UDP || ip->len < UDP_HLEN)
		return -EINVAL;
	ulen = get_be16(p + 4);
	if (ulen < UDP_HLEN || ulen > ip->len)
		return -EINVAL;
	if (get_be16(p + 6)) {
		uint32_t sum = ip_csum_add(0, p, ulen);
		uint8_t ph[12];

		put_be32(ph, ip->src);
		put_be32(ph + 4, ip->dst);
		ph[8] = 0;
		ph[9] = IPPROTO_UDP;
		put_be16(ph + 10, (uint16_t)ulen);
		if (ip_csum_fold(ip_csum_add(sum, ph, sizeof(ph))) != 0xffff)
			return -EINVAL;
	}
	u->sport = get_be16(p);
	u->dport = get_be16(p + 2);
	u->data = p + UDP_HLEN;
	u->len = ulen - UDP_HLEN;
	return 0;
}

void udp_build_hdr(uint8_t *p, uint16_t sport, uint16_t dport, size_t data_len)
{
	put_be16(p, sport);
	put_be16(p + 2, dport);
	put_be16(p + 4, (uint16_t)(UDP_HLEN + data_len));
	put_be16(p + 6, 0);
}

int icmp_parse(const uint8_t *p, size_t len, struct icmp_echo *e)
{
	if (len < 8 || (p[0] != ICMP_ECHO_REQUEST && p[0] != ICMP_ECHO_REPLY) || p[1] != 0)
		return -EINVAL;
	if (ip_csum_fold(ip_csum_add(0, p, len)) != 0xffff)
		return -EINVAL;
	e->type = p[0];
	e->id = get_be16(p + 4);
	e->seq = get_be16(p + 6);
	e->data = p + 8;
	e->len = len - 8;
	return 0;
}

size_t icmp_build_echo(uint8_t *p, uint8_t type, uint16_t id, uint16_t seq, const uint8_t *data,
		       size_t len)
{
	p[0] = type;
	p[1] = 0;
	put_be16(p + 2, 0);
	put_be16(p + 4, id);
	put_be16(p + 6, seq);
	if (len)
		memmove(p + 8, data, len);
	put_be16(p + 2, (uint16_t)~ip_csum_fold(ip_csum_add(0, p, 8 + len)));
	return 8 + len;
}
