/* A board as data: RAM, console, flash, machine id and defaults. */
#ifndef FB_BOARD_H
#define FB_BOARD_H
#include "common.h"
#include "console.h"
#include "arch.h"
#include "eth.h"

struct env_backend;

struct board_desc {
	const char *name;
	uint32_t ram_base;
	uint32_t ram_size;
	uint32_t machine_id;
	const struct console_dev *console;
	const char *default_env; /* "a=b\0c=d\0\0" */
	void (*timer_init)(void);
	void (*flash_init)(void); /* probes and registers the board's flash */
	void (*reset)(void);
	const struct mem_region *memmap; /* what the MMU maps; the rest faults */
	int nmemmap;
	const char *cpu;
	const char *(*boot_source)(void); /* optional: how we booted (fw.load_addr, fw.boot_r0 set) */
	/* environment in flash, U-Boot's format (env_dev NULL: RAM only) */
	const char *env_dev; /* device name, e.g. "nor0" (fixed offsets: mtdparts comes from the env) */
	uint64_t env_offset, env_offset_redund;
	uint32_t env_size;  /* one copy, header included (fw_env.config's size) */
	uint32_t env_range; /* NAND: span of each copy for bad-block skipping */
	bool env_redundant;
	const struct env_backend *env; /* where it persists (load, saveenv, env info); NULL: RAM only */
	const struct eth_desc *eth;    /* the Ethernet controller (NULL: none, or CONFIG_NET off) */
};

extern const struct board_desc *board;
const struct board_desc *board_get(void);

#endif
