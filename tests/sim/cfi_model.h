/* Register-level parallel NOR models (Intel 0001, AMD/SST 0002, JEDEC-only, QEMU pflash legacy) on the sim bus. */
#ifndef CFI_MODEL_H
#define CFI_MODEL_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

enum cfi_model_family {
	CFI_MODEL_INTEL, /* 0001 state machine: status register, write buffer, lock bits */
	CFI_MODEL_AMD,   /* 0002 state machine: unlock cycles, DQ7/DQ6/DQ5, optional write buffer */
	CFI_MODEL_QEMU,  /* QEMU 7.2 pflash_cfi01 with device-width 0 ("legacy"), as measured */
};

struct cfi_model_region {
	uint32_t size; /* bytes per block, per chip */
	uint32_t count;
};

struct cfi_model_params {
	const char *name;
	enum cfi_model_family family;
	uint16_t cmdset; /* CFI primary command set */
	uint16_t manuf, device;
	unsigned int chiptype;   /* native width in bytes: 1, 2, 4 */
	unsigned int chipwidth;  /* width in use (1 for a x16 chip in byte mode) */
	unsigned int interleave; /* chips side by side; bus = interleave * chipwidth */
	uint32_t chipsize;
	unsigned int nregions;
	struct cfi_model_region regions[4]; /* as the CFI table lists them */
	bool top_boot;                      /* physical order is the CFI list reversed (AMD top boot) */
	uint8_t boot_flag;                  /* AMD PRI offset 0xF */
	char pri_major, pri_minor;          /* 0: no primary extended table */
	uint32_t wbuf;                      /* write buffer bytes per chip, 0: none */
	uint16_t interface;                 /* CFI 0x28 */
	uint8_t timing[8];                  /* CFI 0x1F..0x26 */
	uint32_t unlock1, unlock2;          /* AMD command offsets in chip words */
	uint32_t addr_mask;                 /* AMD: address bits decoded in command cycles */
	bool sst_cfi_entry;                 /* query mode only through AA/55/98 */
	bool no_cfi;                        /* JEDEC only */
	uint32_t sst_block; /* SST: 0x50 erases blocks of this size; CFI regions[0] are sectors */
	bool overwrite;     /* program replaces instead of AND (QEMU) */
	uint32_t program_ns, buffer_ns, erase_ns, chip_erase_ns;
};

enum cfi_model_mode { CM_ARRAY, CM_STATUS, CM_ID, CM_QUERY };

#define CFI_MODEL_MAX_CHIPS 4
#define CFI_MODEL_MAX_WB 1024

struct cfi_model_chip {
	enum cfi_model_mode mode;
	int cycle;
	uint8_t status; /* Intel SR without bit 7 */
	uint64_t busy_until;
	bool failed;   /* AMD: DQ5 set until reset */
	bool wb_abort; /* AMD: write-buffer abort until the abort reset */
	bool busy_erase;
	uint8_t busy_data; /* AMD: data byte being programmed (DQ7 polling) */
	uint8_t toggle;
	uint32_t wb_total, wb_n, wb_sector;
	int64_t wb_window; /* chip byte address of the buffer window, -1: none */
	bool wb_bad;
	uint32_t wb_addr[CFI_MODEL_MAX_WB];
	uint32_t wb_data[CFI_MODEL_MAX_WB];
};

struct cfi_model {
	struct cfi_model_params p;
	uintptr_t base;
	unsigned int bankwidth;
	size_t size;
	uint8_t *mem;         /* the whole bank as the CPU sees it in read-array mode */
	uint8_t cfi[0x80];    /* one chip's query table */
	uint8_t *locked;      /* lock bit per chip and physical block */
	unsigned int nblocks; /* physical blocks per chip */
	struct cfi_model_chip chip[CFI_MODEL_MAX_CHIPS];

	/* fault injection */
	bool stuck_busy; /* programs/erases never finish (until a reset command) */
	bool hung;       /* a dead chip: busy from now on, whatever it is told */
	bool fail_program;
	bool fail_erase;

	/* what the driver did */
	unsigned int window_violations; /* buffer data outside its window */
	unsigned int bad_writes;        /* writes narrower than the bus or misaligned */
	unsigned int programs, buffers, erases, chip_erases;

	/* QEMU legacy state */
	int q_wcycle;
	uint8_t q_cmd, q_status;
	uint32_t q_counter;
	int64_t q_blk_offset;
	uint8_t q_blk[2048];
};

struct cfi_model *cfi_model_create(uintptr_t base, const struct cfi_model_params *p);
void cfi_model_destroy(struct cfi_model *m);
/* Set or clear the lock bit of the physical block holding bank offset ofs, in every chip. */
void cfi_model_set_lock(struct cfi_model *m, uint32_t ofs, bool lock);
bool cfi_model_locked(const struct cfi_model *m, uint32_t ofs);
/* Every chip idle and in read-array mode. */
bool cfi_model_in_read_array(const struct cfi_model *m);

/* Instances */
extern const struct cfi_model_params cfi_model_28f128j3_x16; /* Intel x16, 16 MiB, 128 KiB, 32 B buffer */
extern const struct cfi_model_params cfi_model_28f640j3_2x16; /* two Intel x16 on a 32-bit bus */
extern const struct cfi_model_params cfi_model_28f128j3_x8; /* Intel x16 chip in byte mode, 8-bit bus */
extern const struct cfi_model_params cfi_model_am29lv040b_x8;  /* AMD x8-only, 512 KiB */
extern const struct cfi_model_params cfi_model_am29lv160db;    /* AMD bottom boot x16 */
extern const struct cfi_model_params cfi_model_am29lv160dt;    /* AMD top boot x16, PRI 1.0 */
extern const struct cfi_model_params cfi_model_am29lv160db_x8; /* AMD bottom boot in byte mode */
extern const struct cfi_model_params cfi_model_s29gl_wb;       /* AMD x16 with a 32-byte write buffer */
extern const struct cfi_model_params cfi_model_sst39vf1601;    /* SST x16, 0x5555/0x2AAA, 3-cycle CFI */
extern const struct cfi_model_params cfi_model_am29lv800bb_jedec; /* no CFI */
extern const struct cfi_model_params cfi_model_sst39vf800a_jedec; /* no CFI, 0x5555/0x2AAA */
extern const struct cfi_model_params cfi_model_qemu_versatile;    /* QEMU versatilepb pflash */

#endif
