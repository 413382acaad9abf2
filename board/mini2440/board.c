/* FriendlyARM mini2440 (S3C2440A, 12 MHz crystal): UART0 console, PWM timer 4, NAND and SST NOR, environment in NAND. */
#include "board.h"
#include "env_flash.h"
#include "timer.h"
#include "io.h"
#include "serial.h"
#include "cfi.h"
#include "s3c2440_nand.h"
#include "mini2440.h"
#include "defaults.h"
#include "s3c2440_timer.h"

static const struct console_dev uart0 = {
	.ops = &s3c2440_uart_ops,
	.base = 0x50000000,
	.clock_hz = MINI2440_PCLK_HZ,
	.baud = MINI2440_BAUD,
};

static const struct mem_region memmap[] = {
	{ 0x00000000, 0x00200000, MEM_FLASH },  /* NOR (or Steppingstone on NAND boot) */
	{ 0x20000000, 0x00100000, MEM_DEVICE }, /* nGCS4: DM9000 (16-bit bank) */
	{ 0x30000000, 0x04000000, MEM_RAM },    /* SDRAM bank 6, 64 MiB */
	{ 0x40000000, 0x00100000, MEM_DEVICE }, /* Steppingstone SRAM when booted from NOR */
	{ 0x48000000, 0x18000000, MEM_DEVICE }, /* special function registers */
};

static void mini2440_reset(void)
{
	s3c2440_wdt_reset(); /* returns only if the SoC did not reset */
}

static void mini2440_timer_init(void)
{
	/* lowlevel.S stopped it already on every path; a loader that skipped it did not */
	s3c2440_wdt_stop();
	s3c2440_timer_init(MINI2440_PCLK_HZ);
}

enum boot_mode { BOOT_NAND, BOOT_NOR, BOOT_RAM, BOOT_UNKNOWN };

/*
 * How we came to run (lowlevel.S made the real decision before relocation):
 * the NAND stage enters the SDRAM copy with r0 = "NAND"; a run from address 0
 * that reached start.S's relocation is a NOR boot (the Steppingstone case
 * never returns there); anything else was put into SDRAM by another loader.
 */
static enum boot_mode mini2440_boot_mode(void)
{
	if (fw.boot_r0 == MINI2440_NANDBOOT_MAGIC && fw.load_addr == fw.start)
		return BOOT_NAND;
	if (fw.load_addr < SZ_4K)
		return BOOT_NOR;
	if (fw.load_addr >= MINI2440_SDRAM_BASE &&
	    fw.load_addr - MINI2440_SDRAM_BASE < MINI2440_SDRAM_SIZE)
		return BOOT_RAM;
	return BOOT_UNKNOWN;
}

static const char *mini2440_boot_source(void)
{
	static const char *const names[] = {
		[BOOT_NAND] = "NAND (Steppingstone)",
		[BOOT_NOR] = "NOR",
		[BOOT_RAM] = "RAM (loaded by another bootloader)",
		[BOOT_UNKNOWN] = NULL,
	};

	return names[mini2440_boot_mode()];
}

/*
 * nGCS0 (address 0) is the NOR only when the OM pins select NOR boot; on
 * NAND boot it is the 4 KiB Steppingstone and the NOR is not reachable at
 * all. Loaded by another bootloader we ask the hardware as lowlevel.S
 * does: the SRAM keeps a lone write, the NOR ignores it (not a command).
 */
static bool mini2440_nor_mapped(void)
{
	uintptr_t probe = 0xffc;
	uint32_t old, now;

	switch (mini2440_boot_mode()) {
	case BOOT_NAND:
		return false;
	case BOOT_NOR:
		return true;
	default:
		break;
	}
	/* gcc takes addresses below 4 KiB for NULL + offset: hide the constant */
	__asm__("" : "+r"(probe));
	old = readl(probe);
	writel(~old, probe);
	now = readl(probe);
	writel(old, probe);
	return now == old;
}

static struct s3c2440_nand nand0;
static struct cfi_flash nor0;

/*
 * Timing derived from the chip's datasheet limits (nand_ids.c) at the real
 * HCLK rather than Linux's fixed 0/25/15 ns: the chip is identified before
 * the timing is programmed, unknown chips get ONFI mode 0, and Linux
 * reprograms NFCONF with its own values anyway. ECC and BBT as Linux's
 * mini2440 board file has them (defaults.h).
 */
static const struct s3c2440_nand_platdata nand_pd =
	MINI2440_NAND_PLATDATA(MINI2440_NFC_BASE, MINI2440_HCLK_HZ);

static void mini2440_flash_init(void)
{
	int ret = s3c2440_nand_init(&nand0, &nand_pd);

	printf("NAND:  ");
	if (ret)
		printf("none (%s)\n", errno_str(ret));
	else
		printf("%llu MiB (%s)\n", (unsigned long long)(nand0.chip.mtd.size >> 20),
		       nand0.chip.geo.name ? nand0.chip.geo.name : "unknown chip");

	printf("Flash: ");
	if (!mini2440_nor_mapped()) {
		printf("NOR not mapped (NAND boot: address 0 is the Steppingstone)\n");
		return;
	}
	ret = cfi_probe(&nor0, 0, 2, 2u << 20);
	if (!ret)
		ret = cfi_register_mtd(&nor0, "nor0");
	if (ret) {
		printf("none (%s)\n", errno_str(ret));
		return;
	}
	printf("%llu MiB NOR (%s, x%u)\n", (unsigned long long)(nor0.size >> 20),
	       cfi_cmdset_name(nor0.cmdset), nor0.chiptype * 8);
}

#ifdef CONFIG_NET
/* DM9000AEP on nGCS4: address port 0x20000300, data port 0x20000304 (Linux's mach-mini2440) */
static const struct eth_desc eth0 = {
	.name = "dm9000",
	.ops = &dm9000_ops,
	.base = 0x20000300,
	.data = 0x20000304,
	.dt_compatible = "davicom,dm9000",
};
#endif

static const char default_env[] = MINI2440_DEFAULT_ENV;

static const struct board_desc mini2440 = {
	.name = "mini2440",
	.cpu = "S3C2440A (ARM920T)",
	.ram_base = MINI2440_SDRAM_BASE,
	.ram_size = MINI2440_SDRAM_SIZE,
	.machine_id = 1999,
	.console = &uart0,
	.default_env = default_env,
	.timer_init = mini2440_timer_init,
	.flash_init = mini2440_flash_init,
	.reset = mini2440_reset,
	.memmap = memmap,
	.nmemmap = ARRAY_SIZE(memmap),
	.boot_source = mini2440_boot_source,
	MINI2440_ENV_LOCATION,
	.env = &env_flash_backend,
#ifdef CONFIG_NET
	.eth = &eth0,
#endif
};

const struct board_desc *board_get(void)
{
	return &mini2440;
}
