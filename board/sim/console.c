/* The sim board's serial console: stdin/stdout, the terminal in raw mode (Ctrl-C arrives as 0x03), EOF ends the sim. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "console.h"
#include "sim_bus.h"
#include "sim.h"

volatile int sim_stop_signal;
static struct termios saved_tio;
static bool tio_saved;
static char outbuf[4096];
static size_t outlen;

static void out_flush(void)
{
	size_t done = 0;

	while (done < outlen) {
		ssize_t w = write(1, outbuf + done, outlen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* nobody listens any more: drop it */
		done += (size_t)w;
	}
	outlen = 0;
}

void sim_console_restore(void)
{
	out_flush();
	if (tio_saved)
		tcsetattr(0, TCSADRAIN, &saved_tio);
	tio_saved = false;
}

static void on_stop_signal(int sig)
{
	sim_stop_signal = sig;
}

static void sim_con_init(const struct console_dev *dev)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct termios t;

	(void)dev;
	/* no SA_RESTART: a signal interrupts the input poll, which then exits cleanly */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (isatty(0) && !tcgetattr(0, &saved_tio)) {
		tio_saved = true;
		t = saved_tio;
		cfmakeraw(&t);
		tcsetattr(0, TCSADRAIN, &t);
	}
}

static void sim_con_putc(const struct console_dev *dev, char c)
{
	(void)dev;
	sim_activity++;
	if (outlen == sizeof(outbuf))
		out_flush();
	outbuf[outlen++] = c;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * The shell polls getc in a tight loop while it waits for a key; long
 * commands poll it (for Ctrl-C) between pieces of real work. An empty poll
 * right after another one, with nothing done in between (no output, no look
 * at the clock, no device access), is that tight loop: block for a while
 * there (input still wakes us at once) so an idle sim does not spin a CPU,
 * and write the flash images back while nothing happens.
 */
unsigned long sim_activity;

static int sim_con_getc(const struct console_dev *dev)
{
	static uint64_t last_empty, last_sim_ns;
	static unsigned long last_activity;
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	uint64_t now = mono_ns();
	bool idle = last_empty && now - last_empty < 50000 && last_activity == sim_activity &&
		    last_sim_ns == sim_time_ns;
	unsigned char c;
	ssize_t n;

	(void)dev;
	out_flush();
	if (idle)
		sim_flash_sync();
	if (sim_stop_signal)
		sim_exit(0);
	if (poll(&pfd, 1, idle ? 20 : 0) > 0) {
		n = read(0, &c, 1);
		if (n == 1) {
			last_empty = 0;
			return c;
		}
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			sim_exit(0); /* EOF (or the terminal went away) powers the board off */
	}
	if (sim_stop_signal)
		sim_exit(0);
	last_empty = mono_ns();
	last_activity = sim_activity;
	last_sim_ns = sim_time_ns;
	return -1;
}

const struct console_ops sim_console_ops = {
	.init = sim_con_init,
	.putc = sim_con_putc,
	.getc = sim_con_getc,
};
