/* FriendlyARM mini2440 (S3C2440A, 12 MHz crystal): UART0 console, PWM timer 4, NAND and SST NOR. */
#include "board.h"
#include "io.h"
#include "serial.h"
#include "mini2440.h"

void s3c2440_timer_init(uint32_t pclk);

static const struct console_dev uart0 = {
	.ops = &s3c2440_uart_ops,
	.base = 0x50000000,
	.clock_hz = MINI2440_PCLK_HZ,
	.baud = 115200,
};

static const struct mem_region memmap[] = {
	{ 0x00000000, 0x00200000, MEM_FLASH },  /* NOR (or Steppingstone on NAND boot) */
	{ 0x30000000, 0x04000000, MEM_RAM },    /* SDRAM bank 6, 64 MiB */
	{ 0x40000000, 0x00100000, MEM_DEVICE }, /* Steppingstone SRAM when booted from NOR */
	{ 0x48000000, 0x18000000, MEM_DEVICE }, /* special function registers */
};

#define WTCON 0x53000000u

static void mini2440_reset(void)
{
	/* watchdog with the shortest time-out resets the SoC */
	writel(0x0001, WTCON + 0x8); /* WTCNT */
	writel(0x0021, WTCON);       /* enable, reset output */
}

static void mini2440_timer_init(void)
{
	s3c2440_timer_init(MINI2440_PCLK_HZ);
}

/*
 * How we came to run (lowlevel.S made the real decision before relocation):
 * the NAND stage enters the SDRAM copy with r0 = "NAND"; a run from address 0
 * that reached start.S's relocation is a NOR boot (the Steppingstone case
 * never returns there); anything else was put into SDRAM by another loader.
 */
static const char *mini2440_boot_source(void)
{
	if (fw.boot_r0 == MINI2440_NANDBOOT_MAGIC && fw.load_addr == fw.start)
		return "NAND (Steppingstone)";
	if (fw.load_addr < SZ_4K)
		return "NOR";
	if (fw.load_addr >= MINI2440_SDRAM_BASE &&
	    fw.load_addr - MINI2440_SDRAM_BASE < MINI2440_SDRAM_SIZE)
		return "RAM (loaded by another bootloader)";
	return NULL;
}

static const char default_env[] =
	"bootdelay=2\0"
	"baudrate=115200\0"
	"loadaddr=0x30800000\0"
	"kernel_addr_r=0x30800000\0"
	"scriptaddr=0x30600000\0"
	"\0";

static const struct board_desc mini2440 = {
	.name = "mini2440",
	.cpu = "S3C2440A (ARM920T)",
	.ram_base = 0x30000000,
	.ram_size = 64u << 20,
	.machine_id = 1999,
	.console = &uart0,
	.default_env = default_env,
	.timer_init = mini2440_timer_init,
	.reset = mini2440_reset,
	.memmap = memmap,
	.nmemmap = ARRAY_SIZE(memmap),
	.boot_source = mini2440_boot_source,
};

const struct board_desc *board_get(void)
{
	return &mini2440;
}
