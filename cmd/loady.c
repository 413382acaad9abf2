/* loady: receive a file over the serial console with YMODEM into RAM, as U-Boot's loady does (CONFIG_CMD_LOADY). */
#include "command.h"
#include "console.h"
#include "load.h"
#include "timer.h"
#include "ymodem.h"

static const char *ym_reason(int err)
{
	return err == -EIO ? "too many bad blocks" : err == -EPROTO ? "block out of sequence" : NULL;
}

static int do_loady(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	static struct ymodem ym; /* 1 KiB block buffer: keep it off the stack */
	unsigned long addr, baud;
	struct ym_action act;
	uint32_t room;
	int ret;

	(void)cmd;
	ret = load_args(argc, argv, &addr, &baud, &room);
	if (ret != CMD_RET_SUCCESS)
		return ret;

	printf("## Ready for binary (ymodem) download to 0x%08lX at %lu bps...\n", addr, baud);
	ymodem_init(&ym, room, timer_us(), &act);
	for (;;) {
		if (act.data && !load_store(addr, room, act.offset, act.data, act.len))
			ymodem_cancel(&ym, -ENOSPC, &act);
		load_reply(act.reply, act.nreply);
		if (act.status != YM_CONTINUE)
			break;
		if (console_tstc())
			ymodem_feed(&ym, (uint8_t)console_getc(), timer_us(), &act);
		else
			ymodem_tick(&ym, timer_us(), &act);
	}

	return load_finish("ymodem", act.status, ym_reason(act.status), addr, room, ym.received, ym.name,
			   ym.blocks, "blocks", ym.retries);
}

CMD(loady, 3, do_loady, "load binary file over serial line (ymodem mode)",
    "[addr [baud]]\n"
    "    - receive one file with YMODEM (CRC-16, 128/1024-byte blocks) into RAM at addr\n"
    "      (default $loadaddr); sets filesize; cancel with Ctrl-C before it starts\n");
