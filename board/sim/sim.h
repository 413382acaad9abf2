/* The sim board's internals: device models, backing files, terminal and exit, shared by the board/sim sources. */
#ifndef FB_SIM_BOARD_H
#define FB_SIM_BOARD_H
#include <stdbool.h>
#include <stdint.h>
#include "nand_model.h"
#include "s3c2440_nfc_model.h"
#include "cfi_model.h"

/* The mini2440's map, as far as the host can give it. This glue sits below the board layer, so it
 * does not read board/mini2440/mini2440.h: board/sim/board.c checks these against it when it builds. */
#define SIM_RAM_BASE 0x30000000u /* MINI2440_SDRAM_BASE */
#define SIM_RAM_SIZE 0x04000000u /* MINI2440_SDRAM_SIZE */
#define SIM_FW_BASE 0x33e00000u  /* the top 2 MiB, as on the real board */
#define SIM_FW_SIZE 0x00200000u
#define SIM_NFC_BASE 0x4e000000u /* MINI2440_NFC_BASE */
#define SIM_HCLK_HZ 101250000u   /* MINI2440_HCLK_HZ: 405 MHz / 4 */
#define SIM_NOR_BASE 0x00000000u
#define SIM_NOR_SIZE 0x00200000u
#define SIM_NOR_BANKWIDTH 2

#define SIM_DM9000_ADDR 0x20000300u /* nGCS4 + 0x300, as on the mini2440 (Linux's mach-mini2440) */
#define SIM_DM9000_DATA 0x20000304u

#define SIM_MAX_BAD 32
#define SIM_MAX_FLIPS 16

struct sim_state {
	struct nand_model nand;
	struct s3c2440_nfc_model nfc;
	struct cfi_model *nor;
	const char *nand_file, *nor_file;
	const char *tftp_dir;      /* --tftp: what slirp's TFTP server serves (NULL: none) */
	uint32_t bad[SIM_MAX_BAD]; /* factory bad blocks to inject (--bad-block) */
	unsigned int nbad;
	uint32_t flips[SIM_MAX_FLIPS][3]; /* weak bits to inject: page, byte, bit (--bitflip) */
	unsigned int nflips;
	char **argv; /* for `reset`, which starts the sim again */
};
extern struct sim_state sim;

/* flashfile.c: the flash images on the host, NAND as 2048+64-byte pages */
int sim_flash_open(void);  /* load (or create erased) both images; -errno */
void sim_flash_sync(void); /* write back what changed since the last sync */

/* console.c */
void sim_console_restore(void);      /* terminal back to how we found it */
extern volatile int sim_stop_signal; /* SIGTERM/SIGHUP/SIGINT seen: leave at the next input poll */
extern unsigned long sim_activity;   /* bumped by output and clock reads: the firmware is busy */

/* arch.c */
void sim_devices_catch_up(void); /* the CPU waited: busy flash operations are over */
void sim_arch_init(void);        /* fault handlers */

/* net.c: the DM9000 model wired to libslirp (DHCP, TFTP, ping at 10.0.2.2); -1 on failure */
int sim_net_init(const char *tftp_dir);

/* main.c */
__attribute__((noreturn)) void sim_exit(int code); /* sync images, restore the terminal, exit */
__attribute__((noreturn)) void sim_restart(void);  /* the same, then start again (reset) */

#endif
