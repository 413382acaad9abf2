/* mini2440 flash layout and default environment (read by board.c, tools/mkflash and the tests). */
#ifndef MINI2440_DEFAULTS_H
#define MINI2440_DEFAULTS_H

/*
 * NAND (K9F1G08, 128 KiB blocks), mtd-id "nand" as Linux's s3c2410 driver
 * names the mini2440 set. Linux's board table with u-boot grown from 256K
 * to 512K and u-boot-env from 128K to 512K:
 *
 *   blocks 0-3   u-boot      flashboot (up to 160 KiB: two blocks) and two
 *                            spare blocks, so the image survives two bad ones
 *   blocks 4-5   u-boot-env  copy 0 (0x80000, one block used, one spare)
 *   blocks 6-7               copy 1 (0xc0000, one block used, one spare)
 *   0x100000     kernel      5 MiB
 *   0x600000     root        the rest (the last 4 blocks hold the BBT)
 *
 * The u-boot size is the one number the stage-1 loader (nand_boot.c) bounds
 * its block walk with, the mtdparts string is built from it and the
 * environment follows it. tools/mkflash reads the MINI2440_MTDPARTS,
 * MINI2440_ENV_* and MINI2440_NAND_ECC values through tools/mtdpart.c,
 * compiled against this header.
 */
// clang-format off
#define MINI2440_STR_(x) #x
#define MINI2440_STR(x) MINI2440_STR_(x)
#define MINI2440_UBOOT_KIB 512
#define MINI2440_UBOOT_SIZE (MINI2440_UBOOT_KIB * 1024u)
#define MINI2440_MTDIDS "nand0=nand"
#define MINI2440_MTDPARTS \
	"mtdparts=nand:" MINI2440_STR(MINI2440_UBOOT_KIB) "k(u-boot)ro,512k(u-boot-env),5m(kernel),-(root)"
#define MINI2440_NAND_PARTS 4
#define MINI2440_ENV_OFFSET MINI2440_UBOOT_SIZE
#define MINI2440_ENV_OFFSET_REDUND (MINI2440_ENV_OFFSET + MINI2440_ENV_RANGE)
#define MINI2440_ENV_SIZE 0x20000
#define MINI2440_ENV_RANGE 0x40000
// clang-format on

/*
 * NAND set-up shared by board.c and the sim board (the includer provides
 * nand.h). ECC as Linux 6.1's mini2440 board file asks for it
 * (NAND_ECC_ENGINE_TYPE_ON_HOST): the controller's ECC per 256-byte step at
 * OOB 40-63, so the partitions written here read clean in a stock kernel.
 * tools/mkflash takes its default --ecc from the MINI2440_NAND_ECC line.
 * Linux's flash BBT, created on first boot (its board file sets flash_bbt).
 */
#define MINI2440_NAND_ECC NAND_ECC_S3C_LINUX
#define MINI2440_NAND_OPTIONS (NAND_OPT_BBT_FLASH | NAND_OPT_BBT_CREATE)

/*
 * The NAND set-up of the board and of the sim board that mimics it: timing
 * derived from the chip's datasheet limits at the given HCLK, ECC and BBT as
 * Linux's mini2440 board file has them.
 */
/* The environment's place, for the board_desc of the board and of the sim board */
// clang-format off
#define MINI2440_ENV_LOCATION                                                         \
	.env_dev = "nand0", .env_offset = MINI2440_ENV_OFFSET,                        \
	.env_offset_redund = MINI2440_ENV_OFFSET_REDUND, .env_size = MINI2440_ENV_SIZE, \
	.env_range = MINI2440_ENV_RANGE, .env_redundant = true
// clang-format on

// clang-format off
#define MINI2440_NAND_PLATDATA(_base, _hclk_hz)                                  \
	{                                                                        \
		.base = (_base), .hclk_hz = (_hclk_hz), .fixed_timing = false,   \
		.ecc_mode = MINI2440_NAND_ECC, .options = MINI2440_NAND_OPTIONS, \
		.name = "nand0",                                                 \
	}
// clang-format on

/*
 * /dev/mtdblockN of the phram root on an ATAG boot. Built in, phram
 * registers its device from phram.phram= in its module_init, and
 * drivers/mtd/Makefile links devices/ (phram) before nand/ (s3c2410), so
 * phram is mtd0 and the NAND partitions follow as mtd1..4.
 */
#define MINI2440_ROOT_MTD "0"

/* bootargs are built at boot time so that a changed mtdparts reaches Linux */
// clang-format off
#define MINI2440_SETBOOTARGS                                                                     \
	"setenv bootargs console=ttySAC0,115200 root=/dev/mtdblock${rootmtd} rootfstype=squashfs " \
	"ro ${mtdparts}"
// clang-format on

#define MINI2440_BOOTCMD \
	"run setbootargs; nand read ${kernel_addr_r} kernel; phram load root; bootz ${kernel_addr_r}"

// clang-format off
#define MINI2440_DEFAULT_ENV                        \
	"bootdelay=2\0"                             \
	"baudrate=115200\0"                         \
	"loadaddr=0x30800000\0"                     \
	"kernel_addr_r=0x30800000\0"                \
	"scriptaddr=0x30600000\0"                   \
	"mtdids=" MINI2440_MTDIDS "\0"              \
	"mtdparts=" MINI2440_MTDPARTS "\0"          \
	"rootmtd=" MINI2440_ROOT_MTD "\0"           \
	"setbootargs=" MINI2440_SETBOOTARGS "\0"    \
	"bootcmd=" MINI2440_BOOTCMD "\0"            \
	"\0"
// clang-format on

#endif
