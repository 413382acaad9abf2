/* unzip and lzmadec as U-Boot has them: srcaddr dstaddr [dstsize], "Uncompressed size: ...", filesize.
 * The output stops before flashboot, a phram region and the end of RAM, whatever dstsize says. */
#include <stdio.h>
#include "command.h"
#include "console.h"
#include "env.h"
#include "image.h"
#include "load.h"
#include "bootm.h"
#include "ramguard.h"
#include "board.h"

/* what stops the output at end: a phram region, flashboot or the end of RAM */
static const char *limit_name(unsigned long end)
{
	static char what[64];
	const struct ram_guard *g = ram_guard_hit(end, 1);

	if (g) {
		snprintf(what, sizeof(what), "%s '%s'", g->kind, g->name);
		return what;
	}
	return end == fw.start ? "flashboot" : "the end of RAM";
}

static int hex_arg(const char *s, unsigned long *v)
{
	if (!parse_ulong(s, v))
		return 0;
	cmd_err("'%s' is not a hex number", s);
	return -EINVAL;
}

static int decomp_cmd(int comp, int argc, char *const argv[], bool alt_hex)
{
	const char *name = uimage_comp_name((uint8_t)comp);
	unsigned long src, dst, dstsize = ~0UL;
	size_t out = 0, srclen;
	uint32_t room;
	int ret;

	if (argc < 3 || argc > 4)
		return CMD_RET_USAGE;
	if (hex_arg(argv[1], &src) || hex_arg(argv[2], &dst) ||
	    (argc == 4 && hex_arg(argv[3], &dstsize)))
		return CMD_RET_FAILURE;
	srclen = boot_mem_avail(src);
	if (!srclen) {
		cmd_err("source 0x%08lx is not in RAM or flash", src);
		return CMD_RET_FAILURE;
	}
	room = load_room_at(dst);
	if (!room) {
		cmd_err("0x%08lx is not free RAM (in flashboot, a phram region or outside RAM)", dst);
		return CMD_RET_FAILURE;
	}
	image_decompress_stop(ctrlc);
	ret = image_decompress(comp, (const void *)src, srclen, (void *)dst, MIN(room, dstsize), &out);
	image_decompress_stop(NULL);
	if (ret == -ENOSPC && dstsize < room)
		cmd_err("%s data at 0x%08lx uncompresses to more than dstsize 0x%lx", name, src,
			dstsize);
	else if (ret == -ENOSPC)
		cmd_err("%s data at 0x%08lx uncompresses to more than the 0x%lx bytes at 0x%08lx before %s",
			name, src, (unsigned long)room, dst, limit_name(dst + room));
	else if (ret == -EINTR)
		printf("<INTERRUPT>\n");
	else if (ret == -ENOMEM)
		cmd_err("no memory for the %s decompressor", name);
	else if (ret)
		cmd_err("%s data at 0x%08lx is corrupt or truncated", name, src);
	if (ret)
		return CMD_RET_FAILURE;
	if (alt_hex) /* lzmadec prints %#lX: 0X1A2B */
		printf("Uncompressed size: %lu = %#lX\n", (unsigned long)out, (unsigned long)out);
	else
		printf("Uncompressed size: %lu = 0x%lX\n", (unsigned long)out, (unsigned long)out);
	env_set_hex("filesize", out);
	return CMD_RET_SUCCESS;
}

#ifdef CONFIG_GZIP
static int do_unzip(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return decomp_cmd(IH_COMP_GZIP, argc, argv, false);
}
CMD(unzip, 4, do_unzip, "unzip a memory region", "srcaddr dstaddr [dstsize]");
#endif

#ifdef CONFIG_LZMA
static int do_lzmadec(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return decomp_cmd(IH_COMP_LZMA, argc, argv, true);
}
CMD(lzmadec, 4, do_lzmadec, "lzma uncompress a memory region", "srcaddr dstaddr [dstsize]");
#endif
