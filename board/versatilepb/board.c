/* ARM Versatile PB as QEMU emulates it: PL011 console, SP804 timer, Intel CFI NOR at 0x34000000. */
#include "board.h"
#include "io.h"
#include "serial.h"

void sp804_timer_init(void);

static const struct console_dev uart0 = {
	.ops = &pl011_ops,
	.base = 0x101f1000,
	.clock_hz = 24000000,
	.baud = 115200,
};

static const struct mem_region memmap[] = {
	{ 0x00000000, 0x08000000, MEM_RAM },    /* SDRAM, 128 MiB */
	{ 0x10000000, 0x00200000, MEM_DEVICE }, /* system registers and peripherals */
	{ 0x34000000, 0x04000000, MEM_FLASH },  /* NOR flash, 64 MiB */
};

#define SYS_LOCK 0x10000020u
#define SYS_RESETCTL 0x10000040u

static void versatile_reset(void)
{
	writel(0xa05f, SYS_LOCK);
	writel(0x105, SYS_RESETCTL); /* QEMU resets on bit 8 with the lock open */
}

static const char default_env[] =
	"bootdelay=2\0"
	"baudrate=115200\0"
	"loadaddr=0x00800000\0"
	"kernel_addr_r=0x00800000\0"
	"fdt_addr_r=0x00700000\0"
	"scriptaddr=0x00600000\0"
	"bootcmd=echo no boot script yet\0"
	"\0";

static const struct board_desc versatilepb = {
	.name = "versatilepb",
	.cpu = "ARM926EJ-S",
	.ram_base = 0,
	.ram_size = 128u << 20,
	.machine_id = 387,
	.console = &uart0,
	.default_env = default_env,
	.timer_init = sp804_timer_init,
	.reset = versatile_reset,
	.memmap = memmap,
	.nmemmap = ARRAY_SIZE(memmap),
};

const struct board_desc *board_get(void)
{
	return &versatilepb;
}
