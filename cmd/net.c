/*
 * Network commands in U-Boot's syntax: tftpboot, tftpput and what dhcp and ping share
 * (cmd/net_dhcp.c); the variables ethaddr, ipaddr, netmask, gatewayip, serverip, bootfile,
 * tftpblocksize, tftpwindowsize, tftptimeout, tftptimeoutcountmax, tftpsrcp, tftpdstp,
 * netretry, fileaddr, filesize.
 */
#include <stdlib.h>
#include "board.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "load.h"
#include "net.h"
#include "netcmd.h"
#include "ramguard.h"
#include "tftp.h"
#include "timer.h"

#define ARP_TIMEOUT_US 3000000u
#define HASHES_PER_LINE 65

static uint32_t rnd_state;

uint32_t net_rnd(void)
{
	/* xorshift seeded from the clocks: enough for a MAC, a transaction id, a port */
	if (!rnd_state)
		rnd_state = (uint32_t)timer_since_reset_ns() ^ (uint32_t)timer_us() * 2654435761u ^
			    0x9e3779b9u;
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

void ip_to_str(char *buf, uint32_t ip)
{
	snprintf(buf, 16, "%lu.%lu.%lu.%lu", (unsigned long)(ip >> 24), (unsigned long)(ip >> 16 & 255),
		 (unsigned long)(ip >> 8 & 255), (unsigned long)(ip & 255));
}

void net_env_set_ip(const char *name, uint32_t ip)
{
	char s[16];

	if (!ip)
		return;
	ip_to_str(s, ip);
	env_set(name, s);
}

/* ethaddr, else the chip's own (EEPROM), else a random locally administered one; kept in ethaddr */
static int net_mac(const struct eth_desc *d, uint8_t mac[ETH_ALEN])
{
	const char *s = env_get("ethaddr");
	char buf[18];

	if (s) {
		if (mac_parse(s, mac) || (mac[0] & 1) || !memcmp(mac, "\0\0\0\0\0\0", ETH_ALEN)) {
			cmd_err("bad ethaddr '%s' (want a unicast xx:xx:xx:xx:xx:xx)", s);
			return -EINVAL;
		}
		return 0;
	}
	if (!d->ops->rom_mac || d->ops->rom_mac(d, mac)) {
		for (int i = 0; i < ETH_ALEN; i++)
			mac[i] = (uint8_t)(net_rnd() >> 8);
		mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02); /* unicast, locally administered */
		printf("\nWarning: %s using random MAC address - %02x:%02x:%02x:%02x:%02x:%02x\n",
		       d->name, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	}
	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	env_set("ethaddr", buf);
	return 0;
}

int net_board_mac(uint8_t mac[ETH_ALEN])
{
	if (!board->eth)
		return -ENODEV;
	return net_mac(board->eth, mac);
}

/* the controller up with our MAC; prints why not */
int net_up(bool quiet)
{
	const struct eth_desc *d = board->eth;
	uint8_t mac[ETH_ALEN];
	int ret;

	if (!d) {
		cmd_err("no Ethernet controller on this board");
		return -ENODEV;
	}
	if (net_mac(d, mac))
		return -EINVAL;
	ret = net_start(d, mac);
	if (ret) {
		cmd_err("%s: %s", d->name, errno_str(ret));
		return ret;
	}
	net_arp_flush();
	/* U-Boot keeps the name of the device in use in ethact (one device here) */
	if (!env_get("ethact") || strcmp(env_get("ethact"), d->name))
		env_set("ethact", d->name);
	if (!quiet)
		printf("Using %s device\n", d->name);
	return 0;
}

static int env_ip(const char *name, uint32_t *ip, bool required)
{
	const char *s = env_get(name);

	*ip = 0;
	if (!s || !*s) {
		if (required)
			printf("*** ERROR: `%s' not set\n", name);
		return required ? -ENOENT : 0;
	}
	if (ip_parse(s, ip)) {
		cmd_err("bad %s '%s' (want a.b.c.d)", name, s);
		return -EINVAL;
	}
	return 0;
}

/* ipaddr, netmask, gatewayip into the stack */
int net_cfg_env(void)
{
	struct net_cfg c;

	if (env_ip("ipaddr", &c.ip, true) || env_ip("netmask", &c.netmask, false) ||
	    env_ip("gatewayip", &c.gateway, false))
		return -EINVAL;
	net_set_cfg(&c);
	return 0;
}

/* a size as U-Boot's print_size shows it: one decimal, rounded, in binary units ("2.9 MiB") */
static void print_size1(uint64_t n, const char *suffix)
{
	static const char *const units[] = { "Bytes", "KiB", "MiB", "GiB" };
	unsigned u = 0, d = 0;
	uint32_t tenths;

	while (u < 3 && n >> (d + 10)) {
		d += 10;
		u++;
	}
	tenths = (uint32_t)(d ? (n * 10 + (1ull << (d - 1))) >> d : n * 10);
	printf("%lu", (unsigned long)(tenths / 10));
	if (tenths % 10)
		printf(".%lu", (unsigned long)(tenths % 10));
	printf(" %s%s", units[u], suffix);
}

static int send_reply(uint32_t server, uint16_t sport, const struct tftp_action *act)
{
	if (!act->nreply)
		return 0;
	memcpy(net_udp_payload(), act->reply, act->nreply);
	return net_send_udp(server, sport, act->dport, act->nreply, ARP_TIMEOUT_US);
}

struct marks {
	uint32_t blocks, hashes;
};

/* U-Boot's progress: with tsize 50 marks for the file, else one per 10 blocks, 65 a line */
static void show_marks(const struct tftp *t, struct marks *m, uint32_t total)
{
	if (total) {
		uint32_t want = (uint32_t)MIN((uint64_t)t->bytes * 50 / total, 50);

		for (; m->hashes < want; m->hashes++)
			console_putc('#');
		return;
	}
	for (uint32_t n = DIV_ROUND_UP(t->bytes, t->blksize); m->blocks < n; m->blocks++) {
		if (m->blocks % 10 == 0)
			console_putc('#');
		else if ((m->blocks + 1) % (10 * HASHES_PER_LINE) == 0)
			console_puts("\n\t ");
	}
}

struct xfer {
	bool put;
	uintptr_t addr;
	uint32_t size; /* put: bytes to send; get: room at addr */
	uint32_t server;
	const char *name;
	const char *limit; /* get: what ends the room ("flashboot", "phram region 'x'") */
};

/* a variable as U-Boot's simple_strtol(s, NULL, 10) reads it: decimal, up to the first non-digit */
long net_env_dec(const char *name, long def)
{
	const char *s = env_get(name);
	bool neg;
	long v = 0;

	if (!s)
		return def;
	neg = *s == '-';
	for (s += neg; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

/* tftpblocksize, tftpwindowsize, tftptimeout (ms), tftptimeoutcountmax with U-Boot's limits */
static void tftp_cfg_env(struct tftp_cfg *c)
{
	long bs = net_env_dec("tftpblocksize", TFTP_BLKSIZE_MAX);
	long ws = net_env_dec("tftpwindowsize", 1);
	long to = net_env_dec("tftptimeout", 5000);
	long n = net_env_dec("tftptimeoutcountmax", 10);

	if (bs > TFTP_BLKSIZE_MAX) {
		printf("Capping tftp block size option to %d (was %ld)\n", TFTP_BLKSIZE_MAX, bs);
		bs = TFTP_BLKSIZE_MAX;
	}
	if (ws > TFTP_WINDOW_MAX) {
		printf("Capping tftp window size option to %d (was %ld)\n", TFTP_WINDOW_MAX, ws);
		ws = TFTP_WINDOW_MAX;
	}
	if (to < 1000) {
		printf("TFTP timeout (%ld ms) too low, set min = 1000 ms\n", to);
		to = 1000;
	}
	if (n < 0) {
		printf("TFTP timeout count max (%ld ms) negative, set to 0\n", n);
		n = 0;
	}
	c->blksize = (uint16_t)(bs < TFTP_BLKSIZE_MIN ? 512 : bs); /* 512: no blksize option */
	c->windowsize = (uint16_t)(ws < 1 ? 1 : ws);
	c->timeout_ms = (uint32_t)MIN(to, 0x7fffffffL / 1000);
	c->max_timeouts = (uint32_t)n;
}

/* U-Boot's netretry: how often a timed-out or failed transfer starts again */
unsigned long net_retries(void)
{
	const char *s = env_get("netretry");

	if (!s || !strcmp(s, "no"))
		return 0;
	if (!strcmp(s, "yes"))
		return ~0ul;
	if (!strcmp(s, "once"))
		return 1;
	return strtoul(s, NULL, 0);
}

static void xfer_header(const struct xfer *x)
{
	char s[16], o[16];
	const struct net_cfg *n = net_get_cfg();

	ip_to_str(s, x->server);
	ip_to_str(o, n->ip);
	printf("TFTP %s server %s; our IP address is %s", x->put ? "to" : "from", s, o);
	if (n->gateway && n->netmask && (n->ip & n->netmask) != (x->server & n->netmask)) {
		ip_to_str(s, n->gateway);
		printf("; sending through gateway %s", s);
	}
	printf("\n");
	printf("Filename '%s'.\n", x->name);
	if (x->put) {
		printf("Save address: 0x%lx\nSave size:    0x%lx\nSaving: ", (unsigned long)x->addr,
		       (unsigned long)x->size);
	} else {
		printf("Load address: 0x%lx\nLoading: ", (unsigned long)x->addr);
	}
}

/*
 * What went wrong; true when the transfer starts again. U-Boot sends every failure but Ctrl-C
 * through net_start_again(), 'File not found' (1) and 'Access violation' (2) too (they print
 * "Not retrying..." and net_loop() then asks netretry all the same): retry says whether it allows.
 */
static bool xfer_failed(const struct xfer *x, const struct tftp *t, int status, bool retry)
{
	char s[16];

	ip_to_str(s, x->server);
	switch (status) {
	case -EREMOTEIO:
		printf("\nTFTP error: '%s' (%u)\n%s\n", t->errmsg, t->errcode,
		       retry ? "Starting again\n" : "Not retrying...");
		return retry;
	case -ETIMEDOUT:
		if (retry)
			printf("\nRetry count exceeded; starting again\n");
		else
			printf("\nRetry count exceeded; TFTP server %s not answering\n", s);
		return retry;
	case -ECANCELED:
		printf("\nAbort\n");
		return false;
	case -EHOSTUNREACH:
		printf("\n## Error: no ARP reply from %s (no such host on this network)\n", s);
		break;
	case -EFBIG:
		printf("\n## Error: '%s' (%s%lu bytes) does not fit: 0x%lx bytes free at 0x%08lx before %s\n",
		       x->name, t->have_tsize ? "" : "more than ",
		       (unsigned long)(t->have_tsize ? t->tsize : x->size), (unsigned long)x->size,
		       (unsigned long)x->addr, x->limit);
		break;
	default:
		printf("\n## Error: TFTP with %s failed: %s\n", s, errno_str(status));
	}
	if (retry)
		printf("Starting again\n\n");
	return retry;
}

static void xfer_done(const struct xfer *x, const struct tftp *t, uint64_t us, struct marks *m)
{
	uint32_t bytes = t->bytes;

	if (t->have_tsize) {
		for (; m->hashes < 50; m->hashes++)
			console_putc('#');
		printf("  ");
		print_size1(t->tsize, "");
	}
	if (us >= 1000) {
		printf("\n\t ");
		print_size1((uint64_t)bytes * 1000000u / us, "/s");
	}
	printf("\ndone\nBytes transferred = %lu (%lx hex)\n", (unsigned long)bytes,
	       (unsigned long)bytes);
	if (!x->put) {
		env_set_hex("filesize", bytes);
		env_set_hex("fileaddr", x->addr);
	}
}

/*
 * tftpsrcp / tftpdstp: U-Boot's simple_strtol(s, NULL, 10) of the variable when it is set (its
 * CONFIG_TFTP_PORT); a value that is no UDP port (0, above 65535, not a number) is refused
 */
static int env_port(const char *name, uint16_t *port)
{
	long v = net_env_dec(name, *port);

	if (v < 1 || v > 0xffff) {
		cmd_err("bad %s '%s' (want a UDP port, 1-65535)", name, env_get(name));
		return -EINVAL;
	}
	*port = (uint16_t)v;
	return 0;
}

/* one transfer: TFTP_DONE or -errno */
static int xfer_try(const struct xfer *x, struct tftp *t)
{
	uint64_t t0 = timer_us();
	struct tftp_action act;
	// clang-format off
	struct tftp_cfg c = { .put = x->put, .put_data = (const uint8_t *)x->addr, .put_size = x->size,
			      .room = x->size };
	// clang-format on
	struct marks m = { 0, 0 };
	uint16_t port = (uint16_t)(1024 + net_rnd() % 3072);
	struct net_rx rx;
	int ret;

	tftp_cfg_env(&c);
	printf("Using %s device\n", board->eth->name); /* after the variables' notes, as U-Boot */
	c.server_port = TFTP_PORT;
	if (env_port("tftpdstp", &c.server_port) || env_port("tftpsrcp", &port))
		return -EINVAL;
	if (tftp_start(t, &c, x->name, timer_us(), &act)) {
		cmd_err("bad TFTP file name '%s'", x->name);
		return -EINVAL;
	}
	xfer_header(x);
	for (;;) {
		if (act.data)
			memcpy((uint8_t *)x->addr + act.offset, act.data, act.len);
		ret = send_reply(x->server, port, &act);
		if (ret && act.status == TFTP_CONTINUE)
			tftp_abort(t, ret == -ETIMEDOUT ? -EHOSTUNREACH : ret, &act);
		if (act.timed_out)
			console_puts("T ");
		show_marks(t, &m, t->have_tsize ? t->tsize : 0);
		if (act.status != TFTP_CONTINUE)
			break;
		if (ctrlc()) {
			tftp_abort(t, -ECANCELED, &act);
			send_reply(x->server, port, &act);
			break;
		}
		ret = net_poll(&rx);
		if (ret == NET_RX_UDP && rx.dport == port && rx.src == x->server)
			tftp_input(t, rx.sport, rx.data, rx.len, timer_us(), &act);
		else
			tftp_tick(t, timer_us(), &act);
	}
	if (act.status == TFTP_DONE)
		xfer_done(x, t, timer_us() - t0, &m);
	return act.status;
}

/* one transfer and what follows it: XFER_DONE, XFER_FAILED, or XFER_AGAIN (a retry of *retries used) */
static int xfer_once(const struct xfer *x, unsigned long *retries)
{
	static struct tftp t; /* 1.7 KiB of packet: keep it off the stack */
	int ret = xfer_try(x, &t);

	if (ret >= 0)
		return XFER_DONE;
	if (ret == -EINVAL || !xfer_failed(x, &t, ret, *retries > 0))
		return XFER_FAILED;
	if (*retries != ~0ul)
		(*retries)--;
	return XFER_AGAIN;
}

/* the transfer, started again as often as netretry says */
static int xfer_run(const struct xfer *x)
{
	unsigned long retries = net_retries();
	int ret;

	while ((ret = xfer_once(x, &retries)) == XFER_AGAIN)
		;
	return ret == XFER_DONE ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

/* get: the bytes from addr up to flashboot, the end of RAM or the next protected range (phram) */
static uint32_t room_at(uintptr_t addr, const char **limit)
{
	static char what[64];
	uint32_t room = load_room_at(addr);
	const struct ram_guard *g = ram_guard_hit(addr + room, 1);

	*limit = addr + room == fw.start ? "flashboot" : "the end of RAM";
	if (g) {
		snprintf(what, sizeof(what), "%s '%s'", g->kind, g->name);
		*limit = what;
	}
	return room;
}

/* "[[host:]file]": the server for this transfer and the name; NULL file: bootfile or U-Boot's default */
static int file_arg(const char *arg, uint32_t *server, const char **name)
{
	static char buf[TFTP_NAME_MAX + 16];
	const char *colon = arg ? strchr(arg, ':') : NULL;

	if (env_ip("serverip", server, false))
		return -EINVAL;
	if (colon) {
		size_t n = (size_t)(colon - arg);

		if (n >= 16 || (memcpy(buf, arg, n), buf[n] = 0, ip_parse(buf, server))) {
			cmd_err("bad server address in '%s' (want a.b.c.d:file)", arg);
			return -EINVAL;
		}
		arg = colon + 1;
	}
	if (!arg || !*arg)
		arg = env_get("bootfile");
	if (!arg || !*arg) {
		uint32_t ip = net_get_cfg()->ip;

		snprintf(buf, sizeof(buf), "%02lX%02lX%02lX%02lX.img", (unsigned long)(ip >> 24),
			 (unsigned long)(ip >> 16 & 255), (unsigned long)(ip >> 8 & 255),
			 (unsigned long)(ip & 255));
		printf("*** Warning: no boot file name; using '%s'\n", buf);
		arg = buf;
	}
	*name = arg;
	if (!*server) {
		printf("*** ERROR: `serverip' not set\n");
		return -ENOENT;
	}
	return 0;
}

/* "[addr] [[host:]file]" as U-Boot's netboot_common reads them, then the download (netcmd.h) */
int net_tftp_get(int argc, char *const argv[], unsigned long *retries, bool again)
{
	struct xfer x = { .put = false };
	unsigned long addr = env_get_hex("loadaddr", board->ram_base + 8 * SZ_1M);
	const char *file = NULL;

	int ret;

	if (argc == 2 && parse_ulong(argv[1], &addr))
		file = argv[1];
	else if (argc == 3 && parse_ulong(argv[1], &addr))
		return XFER_USAGE;
	else if (argc == 3)
		file = argv[2];
	if (file_arg(file, &x.server, &x.name))
		return XFER_FAILED;
	x.addr = addr;
	if (addr_check_write(addr, 1))
		return XFER_FAILED;
	x.size = room_at(addr, &x.limit);
	if (!x.size) {
		cmd_err("no RAM to load into at 0x%08lx (%s)", addr, x.limit);
		return XFER_FAILED;
	}
	while ((ret = xfer_once(&x, retries)) == XFER_AGAIN && again)
		;
	return ret;
}

static int do_tftpboot(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	unsigned long retries = net_retries();
	int ret;

	(void)cmd;
	if (net_up(true))
		return CMD_RET_FAILURE;
	ret = net_cfg_env() ? XFER_FAILED : net_tftp_get(argc, argv, &retries, true);
	net_stop();
	return ret == XFER_USAGE ? CMD_RET_USAGE : ret != XFER_DONE;
}

static int do_tftpput(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	struct xfer x = { .put = true };
	unsigned long addr, size;
	int ret = CMD_RET_FAILURE;

	(void)cmd;
	if (argc < 3 || argc > 4 || parse_ulong(argv[1], &addr) || parse_ulong(argv[2], &size) ||
	    size > 0xffffffffu)
		return CMD_RET_USAGE;
	if (addr_check_read(addr, size))
		return CMD_RET_FAILURE;
	if (net_up(true))
		return CMD_RET_FAILURE;
	if (!net_cfg_env() && !file_arg(argc == 4 ? argv[3] : NULL, &x.server, &x.name)) {
		x.addr = addr;
		x.size = (uint32_t)size;
		ret = xfer_run(&x);
	}
	net_stop();
	return ret;
}

CMD(tftpboot, 3, do_tftpboot, "load a file via network using TFTP protocol",
    "[loadAddress] [[hostIPaddr:]bootfilename]\n"
    "    - defaults: $loadaddr, $serverip, $bootfile; sets filesize and fileaddr\n"
    "      (tftpblocksize, tftpwindowsize, tftptimeout [ms], tftptimeoutcountmax)");
CMD(tftpput, 4, do_tftpput, "TFTP put command, for uploading files to a server",
    "Address Size [[hostIPaddr:]filename]\n    - send Size bytes (hex) from Address");
