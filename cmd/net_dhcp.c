/*
 * dhcp and ping in U-Boot's syntax. dhcp keeps U-Boot's timing (net/bootp.c): a DISCOVER
 * ("BOOTP broadcast N"), 250 ms for an answer, the wait doubling up to 2 s; an OFFER is
 * answered with a REQUEST and gets 5 s for its ACK; after bootpretryperiod ms (28000 by
 * default) "Retry time exceeded", and netretry says whether all of it starts again, as it
 * does after a failed autoload download (U-Boot's net_loop() restarts from DHCP).
 */
#include "board.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "net.h"
#include "netcmd.h"
#include "timer.h"

// clang-format off
#define BOOTP_FIRST_MS 250     /* U-Boot's bootp_reset() */
#define BOOTP_WAIT_MAX_MS 2000 /* the wait doubles up to this */
#define BOOTP_PERIOD_MS 28000  /* bootpretryperiod's default: (3 + 5 x CONFIG_NET_RETRY_COUNT 5) s */
#define DHCP_ACK_WAIT_MS 5000  /* for the ACK of our REQUEST */
#define BOOTP_IDS 4            /* answers to the last 4 requests count (CONFIG_BOOTP_ID_CACHE_SIZE) */
#define PING_WAIT_US 1000000u
// clang-format on

struct dhcp_run {
	uint32_t xids[BOOTP_IDS];
	unsigned sent; /* DISCOVERs so far (their xids: the last BOOTP_IDS of them) */
	uint8_t mac[ETH_ALEN];
	struct dhcp_reply r;
	uint64_t t0;
};

static int dhcp_send(struct dhcp_run *d, uint8_t type, uint32_t xid, const struct dhcp_reply *offer)
{
	uint16_t secs = (uint16_t)((timer_us() - d->t0) / 1000000u);
	size_t n = dhcp_build(net_udp_payload(), type, xid, d->mac, offer ? offer->yiaddr : 0,
			      offer ? offer->server_id : 0, secs);

	return net_send_udp(0xffffffffu, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, n, 0);
}

/* an answer to one of our requests that offers an address (U-Boot ignores yiaddr 0): in d->r */
static bool dhcp_match(struct dhcp_run *d, const struct net_rx *rx, uint32_t *xid)
{
	if (rx->dport != DHCP_CLIENT_PORT || rx->sport != DHCP_SERVER_PORT)
		return false;
	for (unsigned i = 0; i < MIN(d->sent, (unsigned)BOOTP_IDS); i++) {
		if (!dhcp_parse(rx->data, rx->len, d->xids[i], d->mac, &d->r) && d->r.yiaddr) {
			*xid = d->xids[i];
			return true;
		}
	}
	return false;
}

/* up to ms for an answer (ack: a DHCP ACK only, as U-Boot's REQUESTING state): 1, 0 at the time-out, -ECANCELED */
static int dhcp_wait(struct dhcp_run *d, uint32_t ms, bool ack, uint32_t *xid)
{
	uint64_t start = timer_us();
	struct net_rx rx;

	while (timer_us() - start < (uint64_t)ms * 1000u) {
		if (ctrlc())
			return -ECANCELED;
		if (net_poll(&rx) == NET_RX_UDP && dhcp_match(d, &rx, xid) &&
		    (!ack || d->r.type == DHCP_ACK))
			return 1;
	}
	return 0;
}

/* one DISCOVER and what it brings: 1 bound (the lease in d->r), 0 nothing yet, -errno */
static int dhcp_round(struct dhcp_run *d, uint32_t wait_ms)
{
	uint32_t xid = net_rnd();
	struct dhcp_reply offer;
	int ret;

	d->xids[d->sent++ % BOOTP_IDS] = xid;
	printf("BOOTP broadcast %u\n", d->sent);
	ret = dhcp_send(d, DHCP_DISCOVER, xid, NULL);
	if (!ret)
		ret = dhcp_wait(d, wait_ms, false, &xid);
	if (ret <= 0 || d->r.type == BOOTP_REPLY_TYPE)
		return ret; /* a plain BOOTP answer binds at once */
	offer = d->r;       /* an OFFER (or an early ACK): REQUEST it, as U-Boot */
	ret = dhcp_send(d, DHCP_REQUEST, xid, &offer);
	return ret ? ret : dhcp_wait(d, DHCP_ACK_WAIT_MS, true, &xid);
}

/* U-Boot's DHCP exchange: 0 bound, -ETIMEDOUT after bootpretryperiod ms, -ECANCELED, -errno */
static int dhcp_lease(struct dhcp_run *d)
{
	long period = net_env_dec("bootpretryperiod", BOOTP_PERIOD_MS);
	uint32_t wait = BOOTP_FIRST_MS;
	int ret;

	d->t0 = timer_us();
	d->sent = 0;
	while (!(ret = dhcp_round(d, wait))) {
		if ((long)((timer_us() - d->t0) / 1000u) >= period)
			return -ETIMEDOUT;
		wait = MIN(wait * 2, (uint32_t)BOOTP_WAIT_MAX_MS);
	}
	return ret < 0 ? ret : 0;
}

static void dhcp_apply(const struct dhcp_reply *r)
{
	struct net_cfg c = { .ip = r->yiaddr, .netmask = r->netmask, .gateway = r->router };

	net_set_cfg(&c);
	net_env_set_ip("ipaddr", r->yiaddr);
	net_env_set_ip("netmask", r->netmask);
	net_env_set_ip("gatewayip", r->router);
	net_env_set_ip("serverip", r->siaddr); /* U-Boot: siaddr when not 0; option 66 is ignored */
	net_env_set_ip("dnsip", r->dns);
	if (r->hostname[0])
		env_set("hostname", r->hostname);
	if (r->domain[0])
		env_set("domain", r->domain);
	if (r->file[0])
		env_set("bootfile", r->file);
}

/* one pass of U-Boot's net_loop(DHCP): the lease, then the download unless autoload says no */
static int dhcp_once(struct dhcp_run *d, int argc, char *const argv[], const char *file,
		     unsigned long *retries)
{
	struct net_cfg none = { 0, 0, 0 };
	const char *al;
	char s[16];
	int ret;

	net_set_cfg(&none);
	ret = dhcp_lease(d);
	if (ret == -ETIMEDOUT) {
		/* U-Boot says "; starting again" even when netretry then stops it: here only when it does */
		printf("\nRetry time exceeded%s\n", *retries ? "; starting again" : "");
		if (!*retries)
			return XFER_FAILED;
		*retries -= *retries != ~0ul;
		return XFER_AGAIN;
	}
	if (ret) {
		printf(ret == -ECANCELED ? "\nAbort\n" : "## Error: DHCP: %s\n", errno_str(ret));
		return XFER_FAILED;
	}
	dhcp_apply(&d->r);
	ip_to_str(s, d->r.yiaddr);
	printf("%s client bound to address %s (%lu ms)\n", d->r.type == DHCP_ACK ? "DHCP" : "BOOTP", s,
	       (unsigned long)((timer_us() - d->t0) / 1000));
	if (file)
		env_set("bootfile", file); /* U-Boot: bootfile follows the name the command was given */
	al = env_get("autoload");
	/* U-Boot's env_get_yesno: n, N, f, F or 0 first turns it off */
	if (al && *al && strchr("nNfF0", *al))
		return XFER_DONE;
	return net_tftp_get(argc, argv, retries, false);
}

static int do_dhcp(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	static struct dhcp_run d;
	unsigned long retries = net_retries(), addr;
	const char *file = NULL;
	int ret;

	(void)cmd;
	if (argc > 3 || (argc == 3 && parse_ulong(argv[1], &addr)))
		return CMD_RET_USAGE;
	if (argc == 3 || (argc == 2 && parse_ulong(argv[1], &addr)))
		file = argv[argc - 1];
	if (net_up(true))
		return CMD_RET_FAILURE;
	memset(&d, 0, sizeof(d));
	net_board_mac(d.mac);
	while ((ret = dhcp_once(&d, argc, argv, file, &retries)) == XFER_AGAIN)
		;
	net_stop();
	return ret == XFER_DONE ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

static int do_ping(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	uint32_t dst;
	uint16_t id = (uint16_t)net_rnd();
	int ret = -ETIMEDOUT;

	(void)cmd;
	if (argc != 2)
		return CMD_RET_USAGE;
	if (ip_parse(argv[1], &dst)) {
		cmd_err("bad address '%s' (want a.b.c.d)", argv[1]);
		return CMD_RET_USAGE;
	}
	if (net_up(false))
		return CMD_RET_FAILURE;
	if (net_cfg_env()) {
		net_stop();
		return CMD_RET_FAILURE;
	}
	for (uint16_t seq = 1; seq <= 5 && ret == -ETIMEDOUT; seq++) {
		uint64_t start = timer_us();
		struct net_rx rx;

		if (net_send_echo(dst, id, seq, PING_WAIT_US))
			continue;
		while (timer_us() - start < PING_WAIT_US && ret == -ETIMEDOUT) {
			if (ctrlc())
				ret = -ECANCELED;
			else if (net_poll(&rx) == NET_RX_ECHO_REPLY && rx.src == dst && rx.echo.id == id)
				ret = 0;
		}
	}
	net_stop();
	if (ret == -ECANCELED)
		printf("\nAbort\n");
	else
		printf(ret ? "ping failed; host %s is not alive\n" : "host %s is alive\n", argv[1]);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

CMD(dhcp, 3, do_dhcp, "boot image via network using DHCP/TFTP protocol",
    "[loadAddress] [[hostIPaddr:]bootfilename]\n"
    "    - get ipaddr, netmask, gatewayip, serverip (and bootfile) by DHCP, then load\n"
    "      the file by TFTP unless autoload=no (bootpretryperiod [ms], netretry)");
CMD(ping, 2, do_ping, "send ICMP ECHO_REQUEST to network host", "pingAddress");
