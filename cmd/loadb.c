/* loadb: receive a file over the serial console with Kermit into RAM, as U-Boot's loadb does. */
#include <stdio.h>
#include "command.h"
#include "console.h"
#include "env.h"
#include "kermit.h"
#include "load.h"
#include "timer.h"

static const char *km_reason(int err)
{
	return err == -EPROTO ? "stopped by a protocol error" : NULL;
}

static int do_loadb(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	static struct kermit km; /* 2 KiB packet and 1 KiB data buffers: keep them off the stack */
	unsigned long addr, baud;
	struct km_action act;
	uint32_t room;
	int ret;

	(void)cmd;
	ret = load_args(argc, argv, &addr, &baud, &room);
	if (ret != CMD_RET_SUCCESS)
		return ret;

	printf("## Ready for binary (kermit) download to 0x%08lX at %lu bps...\n", addr, baud);
	kermit_init(&km, room, timer_us(), &act);
	for (;;) {
		if (act.data && !load_store(addr, room, act.offset, act.data, act.len))
			kermit_cancel(&km, -ENOSPC, &act);
		load_reply(act.reply, act.nreply);
		if (act.status != KM_CONTINUE)
			break;
		if (act.more)
			kermit_more(&km, &act);
		else if (console_tstc())
			kermit_feed(&km, (uint8_t)console_getc(), timer_us(), &act);
		else
			kermit_tick(&km, timer_us(), &act);
	}

	if (act.status < 0 && km.msg[0]) {
		static char why[sizeof(km.msg) + 32];

		snprintf(why, sizeof(why), "cancelled by the sender (%s)", km.msg);
		return load_finish("kermit", act.status, why, addr, room, km.received, NULL, 0, NULL, 0);
	}
	return load_finish("kermit", act.status, km_reason(act.status), addr, room, km.received, km.name,
			   km.packets, "packets", km.retries);
}

CMD(loadb, 3, do_loadb, "load binary file over serial line (kermit mode)",
    "[addr [baud]]\n"
    "    - receive one file with Kermit (binary; long packets, repeat and 8th-bit prefixes,\n"
    "      block checks 1-3) into RAM at addr (default $loadaddr); sets filesize;\n"
    "      cancel with Ctrl-C before it starts\n");
