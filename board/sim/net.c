/*
 * The sim board's Ethernet: the DM9000 model at the mini2440's addresses, its wire
 * ending in Debian's libslirp, the user-mode network QEMU uses: 10.0.2.0/24, the host
 * (DHCP, TFTP from --tftp DIR, ping) at 10.0.2.2, the guest given 10.0.2.15. Restricted:
 * nothing reaches beyond slirp's own servers. Frames the driver sends go straight into
 * slirp; slirp's answers wait in the model's RX memory; slirp's clock, timers and sockets
 * are served whenever the driver finds that memory empty.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <slirp/libslirp.h>
#include "dm9000_model.h"
#include "sim.h"

#define MAX_TIMERS 8
#define MAX_FDS 32

static struct dm9000_model dm;
static Slirp *slirp;

static struct sim_timer {
	SlirpTimerCb cb;
	void *opaque;
	int64_t expire_ms; /* -1: not armed */
	bool used;
} timers[MAX_TIMERS];

static struct pollfd fds[MAX_FDS];
static int nfds;

static int64_t clock_ns(void *opaque)
{
	struct timespec ts;

	(void)opaque;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* slirp -> the wire -> the DM9000's RX memory (dropped when it is full, as on the wire) */
static ssize_t to_guest(const void *buf, size_t len, void *opaque)
{
	(void)opaque;
	dm9000_model_receive(&dm, buf, len, 0);
	return (ssize_t)len;
}

static void guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	fprintf(stderr, "sim: slirp: %s\n", msg);
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	(void)opaque;
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (!timers[i].used) {
			timers[i] = (struct sim_timer){ cb, cb_opaque, -1, true };
			return &timers[i];
		}
	}
	fprintf(stderr, "sim: slirp wants more than %d timers\n", MAX_TIMERS);
	return NULL;
}

static void timer_free(void *t, void *opaque)
{
	(void)opaque;
	if (t)
		((struct sim_timer *)t)->used = false;
}

static void timer_mod(void *t, int64_t expire_ms, void *opaque)
{
	(void)opaque;
	if (t)
		((struct sim_timer *)t)->expire_ms = expire_ms;
}

static void no_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void notify(void *opaque)
{
	(void)opaque;
}

static const SlirpCb callbacks = {
	.send_packet = to_guest,
	.guest_error = guest_error,
	.clock_get_ns = clock_ns,
	.timer_new = timer_new,
	.timer_free = timer_free,
	.timer_mod = timer_mod,
	.register_poll_fd = no_fd,
	.unregister_poll_fd = no_fd,
	.notify = notify,
};

static int add_poll(int fd, int events, void *opaque)
{
	(void)opaque;
	if (nfds == MAX_FDS)
		return -1;
	fds[nfds].fd = fd;
	fds[nfds].events =
		(short)((events & SLIRP_POLL_IN ? POLLIN : 0) | (events & SLIRP_POLL_OUT ? POLLOUT : 0) |
			(events & SLIRP_POLL_PRI ? POLLPRI : 0));
	fds[nfds].revents = 0;
	return nfds++;
}

static int get_revents(int idx, void *opaque)
{
	short r;

	(void)opaque;
	if (idx < 0 || idx >= nfds)
		return 0;
	r = fds[idx].revents;
	return (r & POLLIN ? SLIRP_POLL_IN : 0) | (r & POLLOUT ? SLIRP_POLL_OUT : 0) |
	       (r & POLLPRI ? SLIRP_POLL_PRI : 0) | (r & POLLERR ? SLIRP_POLL_ERR : 0) |
	       (r & POLLHUP ? SLIRP_POLL_HUP : 0);
}

/* the driver found no frame: let slirp run its sockets (no waiting) and due timers */
static void wire_poll(void *wire)
{
	uint32_t timeout = 0;
	int64_t now_ms = clock_ns(NULL) / 1000000;
	int ret;

	(void)wire;
	nfds = 0;
	slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
	ret = nfds ? poll(fds, (nfds_t)nfds, 0) : 0;
	slirp_pollfds_poll(slirp, ret < 0, get_revents, NULL);
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (timers[i].used && timers[i].expire_ms >= 0 && timers[i].expire_ms <= now_ms) {
			timers[i].expire_ms = -1;
			timers[i].cb(timers[i].opaque);
		}
	}
}

static void wire_tx(void *wire, const uint8_t *frame, size_t len)
{
	(void)wire;
	slirp_input(slirp, frame, (int)len);
}

int sim_net_init(const char *tftp_dir)
{
	SlirpConfig cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.version = 1;
	cfg.restricted = 1;
	cfg.in_enabled = true;
	inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
	inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
	inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
	inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
	inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
	cfg.vhostname = "sim";
	cfg.tftp_path = tftp_dir;
	slirp = slirp_new(&cfg, &callbacks, NULL);
	if (!slirp)
		return -1;
	dm9000_model_init(&dm, SIM_DM9000_ADDR, SIM_DM9000_DATA);
	dm.wire_tx = wire_tx;
	dm.wire_poll = wire_poll;
	return 0;
}
