/* Host model of a raw NAND chip: storage, command protocol, busy timing, faults and power cuts. */
#ifndef NAND_MODEL_H
#define NAND_MODEL_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

struct nand_model_cfg {
	const char *name;
	uint8_t id[8];
	uint32_t pagesize, oobsize, pages_per_block, nblocks;
	/* AC limits (ns) the controller must respect */
	uint16_t tCLS, tALS, tWP, tRP, tWH, tREH, tCLH, tALH, tWC, tRC;
	/* busy times (ns) */
	uint32_t tR_ns, tPROG_ns, tBERS_ns, tRST_ns;
	unsigned int nop; /* programs allowed per page per erase; 0 means 1 */
};

/* Ready-made chips */
extern const struct nand_model_cfg nand_model_k9f1g08; /* EC F1 00 95 40, 2048+64, 1024 blk */
extern const struct nand_model_cfg nand_model_k9f2g08; /* EC DA 10 95 44 */
extern const struct nand_model_cfg nand_model_k9k8g08; /* EC D3 51 95 58 */
extern const struct nand_model_cfg nand_model_k9f1208; /* EC 76 5A 3F 74, 512+16 */

enum nand_model_op { NM_OP_NONE, NM_OP_PROGRAM, NM_OP_ERASE };

#define NM_MAX_FLIPS 64
#define NM_MAX_FAILS 16

struct nand_model {
	struct nand_model_cfg cfg;
	uint32_t rawpage; /* pagesize + oobsize */
	uint32_t npages;
	unsigned int col_cycles, row_cycles;
	bool large;
	uint8_t **blocks; /* per block: pages * rawpage bytes, NULL while erased */
	uint8_t *progs;   /* programs since erase, per page */
	uint8_t *reg;     /* page register */

	/* protocol state */
	uint8_t cmd, ptr; /* last command, small-page pointer (00/01/50) */
	uint8_t addr[8];
	unsigned int naddr;
	unsigned int idpos;
	uint32_t col, page;
	enum { NM_IDLE, NM_READ, NM_ID, NM_STATUS, NM_PROG } mode;
	uint64_t busy_until;
	uint8_t status; /* FAIL bit of the last program/erase */

	/* faults */
	bool never_ready; /* busy periods never end */
	bool wp;          /* write-protect pin asserted */
	bool powered;
	struct {
		uint32_t page, byte;
		uint8_t bit;
	} flips[NM_MAX_FLIPS];
	unsigned int nflips;
	uint32_t fail_prog[NM_MAX_FAILS], fail_erase[NM_MAX_FAILS]; /* page / block numbers */
	unsigned int nfail_prog, nfail_erase;
	enum nand_model_op cut_op; /* power cut armed for the next op of this kind */
	uint32_t cut_amount;       /* program: bytes applied; erase: pages erased */

	/* what went wrong, for the test to assert on */
	unsigned int double_programs; /* program beyond NOP: a test failure */
	unsigned int protocol_errors; /* command while busy, data while busy, ... */
	char last_error[128];

	/* statistics */
	uint64_t reads, programs, erases;
};

int nand_model_init(struct nand_model *m, const struct nand_model_cfg *cfg);
void nand_model_free(struct nand_model *m);

/* Bus side (the controller model calls these; one byte per cycle) */
void nand_model_cmd(struct nand_model *m, uint8_t cmd);
void nand_model_addr(struct nand_model *m, uint8_t a);
uint8_t nand_model_read(struct nand_model *m);
void nand_model_write(struct nand_model *m, uint8_t v);
bool nand_model_ready(struct nand_model *m); /* RnB */

/* Test side */
uint8_t *nand_model_page(struct nand_model *m, uint32_t page); /* raw data+OOB storage */
void nand_model_mark_bad(struct nand_model *m, uint32_t block, uint32_t oob_byte);
void nand_model_inject_flip(struct nand_model *m, uint32_t page, uint32_t byte, uint8_t bit);
void nand_model_clear_flips(struct nand_model *m);
void nand_model_fail_program(struct nand_model *m, uint32_t page);
void nand_model_fail_erase(struct nand_model *m, uint32_t block);
void nand_model_power_cut(struct nand_model *m, enum nand_model_op op, uint32_t amount);
void nand_model_power_up(struct nand_model *m);

#endif
