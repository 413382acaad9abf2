/* Console: routes character I/O to the board's serial device, through an input ring that keeps typed-ahead bytes. */
#include "console.h"

/*
 * Every look at the console (the line editor, ctrlc() inside long
 * commands) drains the UART into this ring, so a pasted block or keys typed
 * while a command runs wait here instead of being dropped or overrun.
 */
#define RING_SIZE 4096u
static unsigned char ring[RING_SIZE];
static unsigned int ring_head, ring_tail; /* free-running: head - tail bytes wait */
static unsigned int ring_ctrlc;           /* how many of them are Ctrl-C */
static const struct console_dev *con;
static bool ctrlc_seen; /* latched until clear_ctrlc(): stops the rest of a command list */

void console_init(const struct console_dev *dev)
{
	con = dev;
	if (con->ops->init)
		con->ops->init(con);
}

void console_putc(char c)
{
	if (!con)
		return;
	if (c == '\n')
		con->ops->putc(con, '\r');
	con->ops->putc(con, c);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

static void console_poll(void)
{
	int c;

	if (!con)
		return;
	/* a full ring leaves the rest in the UART (and the host's buffer) until the next poll */
	while (ring_head - ring_tail < RING_SIZE && (c = con->ops->getc(con)) >= 0) {
		ring[ring_head++ % RING_SIZE] = (unsigned char)c;
		ring_ctrlc += c == 0x03;
	}
}

int console_tstc(void)
{
	/* bytes in hand: no need to ask the UART (on the sim board an empty ask may idle) */
	if (ring_head == ring_tail)
		console_poll();
	return ring_head != ring_tail;
}

int console_getc(void)
{
	unsigned char c;

	while (!console_tstc())
		;
	c = ring[ring_tail++ % RING_SIZE];
	ring_ctrlc -= c == 0x03;
	return c;
}

bool ctrlc(void)
{
	console_poll();
	if (!ring_ctrlc)
		return false; /* everything typed ahead stays for the prompt */
	/* Ctrl-C throws away what was typed before it (and itself), as a user expects */
	while (ring_ctrlc)
		ring_ctrlc -= ring[ring_tail++ % RING_SIZE] == 0x03;
	ctrlc_seen = true;
	return true;
}

bool had_ctrlc(void)
{
	return ctrlc_seen;
}

void clear_ctrlc(void)
{
	ctrlc_seen = false;
}
