/* DHCP (RFC 2131/2132) and BOOTP (RFC 951) messages: build a request, parse a reply (pure). */
#include "net_pkt.h"

// clang-format off
#define BOOTREQUEST 1
#define BOOTREPLY 2
#define OFS_XID 4
#define OFS_SECS 8
#define OFS_FLAGS 10
#define OFS_CIADDR 12
#define OFS_YIADDR 16
#define OFS_SIADDR 20
#define OFS_CHADDR 28
#define OFS_SNAME 44
#define OFS_FILE 108
#define OFS_MAGIC 236
#define OFS_OPTIONS 240
#define BOOTP_MIN 300  /* a BOOTP message with its 64-byte vendor area */
#define MAGIC 0x63825363u
// clang-format on

enum {
	OPT_PAD = 0,
	OPT_NETMASK = 1,
	OPT_ROUTER = 3,
	OPT_DNS = 6,
	OPT_HOSTNAME = 12,
	OPT_DOMAIN = 15,
	OPT_REQ_IP = 50,
	OPT_LEASE = 51,
	OPT_OVERLOAD = 52,
	OPT_MSGTYPE = 53,
	OPT_SERVER_ID = 54,
	OPT_PARAMS = 55,
	OPT_MAXSIZE = 57,
	OPT_CLASS = 60,
	OPT_TFTP_SERVER = 66,
	OPT_BOOTFILE = 67,
	OPT_END = 255,
};

static uint8_t *opt_ip(uint8_t *o, uint8_t code, uint32_t ip)
{
	o[0] = code;
	o[1] = 4;
	put_be32(o + 2, ip);
	return o + 6;
}

size_t dhcp_build(uint8_t *p, uint8_t type, uint32_t xid, const uint8_t mac[ETH_ALEN], uint32_t req_ip,
		  uint32_t server_id, uint16_t secs)
{
	// clang-format off
	static const uint8_t params[] = { OPT_NETMASK, OPT_ROUTER, OPT_DNS, OPT_HOSTNAME, OPT_DOMAIN,
					  OPT_TFTP_SERVER, OPT_BOOTFILE };
	// clang-format on
	uint8_t *o = p + OFS_OPTIONS;

	memset(p, 0, DHCP_PKT_MAX);
	p[0] = BOOTREQUEST;
	p[1] = 1; /* Ethernet */
	p[2] = ETH_ALEN;
	put_be32(p + OFS_XID, xid);
	put_be16(p + OFS_SECS, secs);
	put_be16(p + OFS_FLAGS,
		 0x8000); /* broadcast replies: we cannot take unicast without an address */
	memcpy(p + OFS_CHADDR, mac, ETH_ALEN);
	put_be32(p + OFS_MAGIC, MAGIC);
	*o++ = OPT_MSGTYPE;
	*o++ = 1;
	*o++ = type;
	if (req_ip)
		o = opt_ip(o, OPT_REQ_IP, req_ip);
	if (server_id)
		o = opt_ip(o, OPT_SERVER_ID, server_id);
	*o++ = OPT_MAXSIZE;
	*o++ = 2;
	put_be16(o, 576);
	o += 2;
	*o++ = OPT_CLASS;
	*o++ = 9;
	memcpy(o, "flashboot", 9);
	o += 9;
	*o++ = OPT_PARAMS;
	*o++ = sizeof(params);
	memcpy(o, params, sizeof(params));
	o += sizeof(params);
	*o++ = OPT_END;
	return MAX((size_t)(o - p), (size_t)BOOTP_MIN);
}

static void copy_str(char *dst, size_t size, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < size && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = 0;
}

/* one option; returns the overload flags when it is option 52 */
static void take_opt(struct dhcp_reply *r, uint8_t code, const uint8_t *v, uint8_t n, uint8_t *overload)
{
	if (code == OPT_MSGTYPE && n >= 1)
		r->type = v[0];
	else if (code == OPT_NETMASK && n >= 4)
		r->netmask = get_be32(v);
	else if (code == OPT_ROUTER && n >= 4)
		r->router = get_be32(v);
	else if (code == OPT_DNS && n >= 4)
		r->dns = get_be32(v);
	else if (code == OPT_SERVER_ID && n >= 4)
		r->server_id = get_be32(v);
	else if (code == OPT_LEASE && n >= 4)
		r->lease_s = get_be32(v);
	else if (code == OPT_OVERLOAD && n >= 1)
		*overload = v[0];
	else if (code == OPT_HOSTNAME)
		copy_str(r->hostname, sizeof(r->hostname), v, n);
	else if (code == OPT_DOMAIN)
		copy_str(r->domain, sizeof(r->domain), v, n);
	else if (code == OPT_TFTP_SERVER)
		copy_str(r->tftp_server, sizeof(r->tftp_server), v, n);
	else if (code == OPT_BOOTFILE)
		copy_str(r->file, sizeof(r->file), v, n);
}

static int walk_opts(struct dhcp_reply *r, const uint8_t *o, size_t len, uint8_t *overload)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = o[i++];

		if (code == OPT_PAD)
			continue;
		if (code == OPT_END)
			return 0;
		if (i >= len || i + 1 + o[i] > len)
			return -EINVAL;
		take_opt(r, code, o + i + 1, o[i], overload);
		i += 1 + (size_t)o[i];
	}
	return 0;
}

int dhcp_parse(const uint8_t *p, size_t len, uint32_t xid, const uint8_t mac[ETH_ALEN],
	       struct dhcp_reply *r)
{
	uint8_t overload = 0;
	int ret;

	if (len < OFS_MAGIC || p[0] != BOOTREPLY || p[1] != 1 || p[2] != ETH_ALEN)
		return -EINVAL;
	if (get_be32(p + OFS_XID) != xid || memcmp(p + OFS_CHADDR, mac, ETH_ALEN))
		return -ENOMSG;
	memset(r, 0, sizeof(*r));
	r->type = BOOTP_REPLY_TYPE;
	r->yiaddr = get_be32(p + OFS_YIADDR);
	r->siaddr = get_be32(p + OFS_SIADDR);
	copy_str(r->file, sizeof(r->file), p + OFS_FILE, 128);
	if (len >= OFS_OPTIONS && get_be32(p + OFS_MAGIC) == MAGIC) {
		ret = walk_opts(r, p + OFS_OPTIONS, len - OFS_OPTIONS, &overload);
		if (ret)
			return ret;
		if (overload & 1) {
			r->file[0] = 0;
			walk_opts(r, p + OFS_FILE, 128, &overload);
		}
		if (overload & 2)
			walk_opts(r, p + OFS_SNAME, 64, &overload);
	}
	return 0;
}
