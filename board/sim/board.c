/* The sim board: a mini2440 as data (RAM, NAND behind an S3C2440 controller, SST NOR) running on the host. */
#include "board.h"
#include "cfi.h"
#include "command.h"
#include "s3c2440_nand.h"
#include "sim.h"

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

/* Linux's mini2440 platform data: fixed timing, software ECC, its on-flash BBT */
static const struct s3c2440_nand_platdata nand_pd = {
	.base = SIM_NFC_BASE,
	.hclk_hz = SIM_HCLK_HZ,
	.fixed_timing = true,
	.tacls_ns = 0,
	.twrph0_ns = 25,
	.twrph1_ns = 15,
	.ecc_mode = NAND_ECC_SOFT,
	.options = NAND_OPT_BBT_FLASH | NAND_OPT_BBT_CREATE,
	.name = "nand0",
};

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
	printf("Flash: ");
	if (ret)
		printf("none (%s)\n", errno_str(ret));
	else
		printf("%llu MiB NOR (%s, %s)\n", (unsigned long long)(nor.size >> 20),
		       cfi_cmdset_name(nor.cmdset), sim.nor_file);
}

/* `nand info`: what the controller was programmed with. */
void board_nand_info(struct mtd_info *mtd);
void board_nand_info(struct mtd_info *mtd)
{
	uint32_t ps[3];

	if (mtd != &nand.chip.mtd)
		return;
	s3c2440_nand_timing_ps(nand.v, nand.hclk_hz, &nand.timing, ps);
	printf("  Controller    %s at 0x%08lx, HCLK %lu.%02lu MHz, NFCONF 0x%08lx\n", nand.v->name,
	       (unsigned long)nand.base, (unsigned long)(nand.hclk_hz / 1000000),
	       (unsigned long)(nand.hclk_hz % 1000000 / 10000), (unsigned long)nand.nfconf);
	printf("  Timing        TACLS %u (%lu.%lu ns), TWRPH0 %u (%lu.%lu ns), TWRPH1 %u (%lu.%lu ns)\n",
	       nand.timing.tacls, (unsigned long)(ps[0] / 1000), (unsigned long)(ps[0] % 1000 / 100),
	       nand.timing.twrph0, (unsigned long)(ps[1] / 1000), (unsigned long)(ps[1] % 1000 / 100),
	       nand.timing.twrph1, (unsigned long)(ps[2] / 1000), (unsigned long)(ps[2] % 1000 / 100));
}

static const char *sim_boot_source(void)
{
	return "host (sim board)";
}

/*
 * Linux's mini2440 NAND layout (mtd-id "nand", the s3c2410 driver's set
 * name): u-boot 256K, u-boot-env 128K, kernel 5M, root the rest. The
 * environment's first copy fills u-boot-env; the redundant copy takes the
 * second block of u-boot, which the firmware (< 128 KiB) leaves free.
 */
#define SIM_MTDPARTS "mtdparts=nand:256k(u-boot)ro,128k(u-boot-env),5m(kernel),-(root)"

static const char default_env[] =
	"bootdelay=2\0"
	"baudrate=115200\0"
	"loadaddr=0x30800000\0"
	"kernel_addr_r=0x30800000\0"
	"scriptaddr=0x30600000\0"
	"mtdids=nand0=nand,nor0=nor\0"
	"mtdparts=" SIM_MTDPARTS "\0"
	"\0";

static void sim_reset(void)
{
	sim_restart();
}

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
	.env_dev = "nand0",
	.env_offset = 0x40000,
	.env_offset_redund = 0x20000,
	.env_size = 0x20000,
	.env_range = 0x20000,
	.env_redundant = true,
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
