/* ARM Versatile PB as QEMU emulates it: PL011 console, SP804 timer, Intel CFI NOR at 0x34000000. */
#include "board.h"
#include "env_flash.h"
#include "timer.h"
#include "sp804_timer.h"
#include "io.h"
#include "serial.h"
#include "cfi.h"


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

#ifdef CONFIG_NET
static const struct eth_desc eth0 = {
	.name = "smc91111",
	.ops = &smc91111_ops,
	.base = 0x10010000,
	.dt_compatible = "smsc,lan91c111",
};
#endif

static struct cfi_flash nor0;

static void versatile_flash_init(void)
{
	int ret = cfi_probe(&nor0, 0x34000000, 4, 64u << 20);

	if (!ret)
		ret = cfi_register_mtd(&nor0, "nor0");
	printf("Flash: ");
	if (ret) {
		printf("none (%s)\n", errno_str(ret));
		return;
	}
	printf("%llu MiB NOR (%s, %u x%u on %u-bit bus)\n", (unsigned long long)(nor0.size >> 20),
	       cfi_cmdset_name(nor0.cmdset), nor0.interleave, nor0.chiptype * 8, nor0.bankwidth * 8);
}

/*
 * NOR layout (256 KiB blocks): firmware 256K, env 512K (two copies, one per
 * block), dtb 256K, script 256K, kernel 8M, rootfs the rest. Linux's
 * physmap-of driver names the device "34000000.flash".
 */
// clang-format off
#define VERSATILE_MTDPARTS "mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),256k(script),8m(kernel),-(rootfs)"
// clang-format on

static const char default_env[] = "bootdelay=2\0"
				  "baudrate=115200\0"
				  "loadaddr=0x00800000\0"
				  "kernel_addr_r=0x00800000\0"
				  "fdt_addr_r=0x00700000\0"
				  "scriptaddr=0x00600000\0"
				  "bootcmd=echo no boot script yet\0"
				  "mtdids=nor0=34000000.flash\0"
				  "mtdparts=" VERSATILE_MTDPARTS "\0"
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
	.flash_init = versatile_flash_init,
	.env_dev = "nor0",
	.env = &env_flash_backend,
	.env_offset = 0x40000,
	.env_offset_redund = 0x80000,
	.env_size = 0x10000,
	.env_redundant = true,
	.memmap = memmap,
	.nmemmap = ARRAY_SIZE(memmap),
#ifdef CONFIG_NET
	.eth = &eth0,
#endif
};

const struct board_desc *board_get(void)
{
	return &versatilepb;
}
