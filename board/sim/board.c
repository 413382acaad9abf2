/* The sim board: the mini2440 as data (RAM, NAND behind an S3C2440 controller, SST NOR) running on the host. */
#include "board.h"
#include "env_flash.h"
#include "cfi.h"
#include "command.h"
#include "eth.h"
#include "s3c2440_nand.h"
#include "sim.h"
#include "defaults.h" /* board/mini2440's layout, environment and NAND set-up */
#include "mini2440.h"

/* sim.h's copy of the mini2440 map (its glue may not include the board's header) */
_Static_assert(SIM_RAM_BASE == MINI2440_SDRAM_BASE && SIM_RAM_SIZE == MINI2440_SDRAM_SIZE, "sim RAM");
_Static_assert(SIM_NFC_BASE == MINI2440_NFC_BASE && SIM_HCLK_HZ == MINI2440_HCLK_HZ, "sim NFC");

extern const struct console_ops sim_console_ops;

static const struct console_dev sim_console = {
	.ops = &sim_console_ops,
	.baud = 115200,
};

/* Only RAM: the NOR at 0 cannot be mapped into a host process (reach it with `nor`/`mtd`). */
static const struct mem_region memmap[] = {
	{ SIM_RAM_BASE, SIM_RAM_SIZE, MEM_RAM },
};

static struct s3c2440_nand nand;
static struct cfi_flash nor;

/* The same NAND set-up as board/mini2440/board.c (defaults.h) */
static const struct s3c2440_nand_platdata nand_pd = MINI2440_NAND_PLATDATA(SIM_NFC_BASE, SIM_HCLK_HZ);

static void sim_flash_init(void)
{
	int ret = s3c2440_nand_init(&nand, &nand_pd);

	printf("NAND:  ");
	if (ret)
		printf("none (%s)\n", errno_str(ret));
	else
		printf("%llu MiB (%s, %s)\n", (unsigned long long)(nand.chip.mtd.size >> 20),
		       nand.chip.geo.name ? nand.chip.geo.name : "unknown", sim.nand_file);
	ret = cfi_probe(&nor, SIM_NOR_BASE, SIM_NOR_BANKWIDTH, SIM_NOR_SIZE);
	if (!ret)
		ret = cfi_register_mtd(&nor, "nor0");
	/* the host has no boot pins: the NOR is there as on a NOR boot, but only
	 * through the mtd path (`nor`, `mtd`), never mapped at address 0 */
	printf("Flash: ");
	if (ret)
		printf("none (%s)\n", errno_str(ret));
	else
		printf("%llu MiB NOR (%s, %s)\n", (unsigned long long)(nor.size >> 20),
		       cfi_cmdset_name(nor.cmdset), sim.nor_file);
}

static const char *sim_boot_source(void)
{
	return "host (sim board)";
}

static const char default_env[] = MINI2440_DEFAULT_ENV;

static void sim_reset(void)
{
	sim_restart();
}

/* the mini2440's DM9000 (its model, wired to libslirp: board/sim/net.c) */
static const struct eth_desc sim_eth = {
	.name = "dm9000",
	.ops = &dm9000_ops,
	.base = SIM_DM9000_ADDR,
	.data = SIM_DM9000_DATA,
	.dt_compatible = "davicom,dm9000",
};

static const struct board_desc sim_board = {
	.name = "sim",
	.cpu = "host (simulated S3C2440: NAND controller + K9F1G08, SST39VF1601 NOR)",
	.ram_base = SIM_RAM_BASE,
	.ram_size = SIM_RAM_SIZE,
	.machine_id = 1999,
	.console = &sim_console,
	.default_env = default_env,
	.flash_init = sim_flash_init,
	.reset = sim_reset,
	.memmap = memmap,
	.nmemmap = ARRAY_SIZE(memmap),
	.boot_source = sim_boot_source,
	MINI2440_ENV_LOCATION,
	.env = &env_flash_backend,
	.eth = &sim_eth,
};

const struct board_desc *board_get(void)
{
	return &sim_board;
}

static int do_poweroff(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	(void)argc;
	(void)argv;
	printf("poweroff: flash images written back\n");
	sim_exit(0);
}

CMD(poweroff, 1, do_poweroff, "leave the sim board (flash images are kept)", NULL);
