/* Host model of a raw NAND chip: sparse storage, small/large-page protocol, busy times, faults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nand_model.h"
#include "sim_bus.h"

// clang-format off
#define LP_LIMITS .tCLS = 12, .tALS = 12, .tWP = 12, .tRP = 12, .tWH = 10, .tREH = 10, \
		  .tCLH = 5, .tALH = 5, .tWC = 25, .tRC = 25, \
		  .tR_ns = 25000, .tPROG_ns = 200000, .tBERS_ns = 1500000, .tRST_ns = 5000
// clang-format on

// clang-format off
const struct nand_model_cfg nand_model_k9f1g08 = {
	.name = "K9F1G08U0B", .id = { 0xec, 0xf1, 0x00, 0x95, 0x40 },
	.pagesize = 2048, .oobsize = 64, .pages_per_block = 64, .nblocks = 1024, LP_LIMITS,
};
// clang-format on

// clang-format off
const struct nand_model_cfg nand_model_k9f2g08 = {
	.name = "K9F2G08U0B", .id = { 0xec, 0xda, 0x10, 0x95, 0x44 },
	.pagesize = 2048, .oobsize = 64, .pages_per_block = 64, .nblocks = 2048, LP_LIMITS,
};
// clang-format on

// clang-format off
const struct nand_model_cfg nand_model_k9k8g08 = {
	.name = "K9K8G08U0A", .id = { 0xec, 0xd3, 0x51, 0x95, 0x58 },
	.pagesize = 2048, .oobsize = 64, .pages_per_block = 64, .nblocks = 8192, LP_LIMITS,
};
// clang-format on

// clang-format off
const struct nand_model_cfg nand_model_k9f1208 = {
	.name = "K9F1208U0C", .id = { 0xec, 0x76, 0x5a, 0x3f, 0x74 },
	.pagesize = 512, .oobsize = 16, .pages_per_block = 32, .nblocks = 4096,
	.tCLS = 15, .tALS = 15, .tWP = 15, .tRP = 15, .tWH = 10, .tREH = 10,
	.tCLH = 5, .tALH = 5, .tWC = 30, .tRC = 30,
	.tR_ns = 15000, .tPROG_ns = 200000, .tBERS_ns = 2000000, .tRST_ns = 5000,
};
// clang-format on

static void err(struct nand_model *m, const char *what)
{
	m->protocol_errors++;
	if (!m->last_error[0])
		snprintf(m->last_error, sizeof(m->last_error), "%s (cmd %02x, t=%llu ns)", what, m->cmd,
			 (unsigned long long)sim_time_ns);
}

int nand_model_init(struct nand_model *m, const struct nand_model_cfg *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (!m->cfg.nop)
		m->cfg.nop = 1;
	m->rawpage = cfg->pagesize + cfg->oobsize;
	m->npages = cfg->pages_per_block * cfg->nblocks;
	m->large = cfg->pagesize > 512;
	m->col_cycles = m->large ? 2 : 1;
	m->row_cycles = m->npages > 65536 ? 3 : 2;
	m->blocks = calloc(cfg->nblocks, sizeof(*m->blocks));
	m->progs = calloc(m->npages, 1);
	m->reg = malloc(m->rawpage);
	m->powered = true;
	return m->blocks && m->progs && m->reg ? 0 : -1;
}

void nand_model_free(struct nand_model *m)
{
	uint32_t b;

	if (m->blocks)
		for (b = 0; b < m->cfg.nblocks; b++)
			free(m->blocks[b]);
	free(m->blocks);
	free(m->progs);
	free(m->reg);
	m->blocks = NULL;
	m->progs = m->reg = NULL;
}

uint8_t *nand_model_page(struct nand_model *m, uint32_t page)
{
	uint32_t b = page / m->cfg.pages_per_block;
	size_t bsz = (size_t)m->cfg.pages_per_block * m->rawpage;

	if (!m->blocks[b]) {
		m->blocks[b] = malloc(bsz);
		memset(m->blocks[b], 0xff, bsz);
	}
	return m->blocks[b] + (size_t)(page % m->cfg.pages_per_block) * m->rawpage;
}

static const uint8_t *peek_page(struct nand_model *m, uint32_t page)
{
	uint32_t b = page / m->cfg.pages_per_block;

	if (!m->blocks[b])
		return NULL;
	return m->blocks[b] + (size_t)(page % m->cfg.pages_per_block) * m->rawpage;
}

bool nand_model_ready(struct nand_model *m)
{
	return m->powered && sim_time_ns >= m->busy_until;
}

static void go_busy(struct nand_model *m, uint32_t ns)
{
	m->busy_until = m->never_ready ? UINT64_MAX : sim_time_ns + ns;
}

static bool in_list(const uint32_t *l, unsigned int n, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

static uint32_t row_of(struct nand_model *m, unsigned int first)
{
	uint32_t row = 0;
	unsigned int i;

	for (i = 0; i < m->row_cycles; i++)
		row |= (uint32_t)m->addr[first + i] << (8 * i);
	if (row >= m->npages) {
		err(m, "row address beyond the chip");
		row %= m->npages;
	}
	return row;
}

static uint32_t ptr_base(struct nand_model *m)
{
	if (m->large)
		return 0;
	return m->ptr == 0x01 ? 256 : m->ptr == 0x50 ? m->cfg.pagesize : 0;
}

static void decode_addr(struct nand_model *m)
{
	m->col = m->addr[0];
	if (m->large)
		m->col |= (uint32_t)m->addr[1] << 8;
	m->col += ptr_base(m);
	m->page = row_of(m, m->col_cycles);
}

static void load_page(struct nand_model *m)
{
	const uint8_t *src = peek_page(m, m->page);
	unsigned int i;

	if (src)
		memcpy(m->reg, src, m->rawpage);
	else
		memset(m->reg, 0xff, m->rawpage);
	for (i = 0; i < m->nflips; i++)
		if (m->flips[i].page == m->page)
			m->reg[m->flips[i].byte] ^= (uint8_t)(1u << m->flips[i].bit);
	m->mode = NM_READ;
	m->reads++;
	go_busy(m, m->cfg.tR_ns);
}

static void do_program(struct nand_model *m)
{
	uint8_t *dst;
	uint32_t i, n = m->rawpage;

	m->status = 0;
	m->mode = NM_IDLE;
	go_busy(m, m->cfg.tPROG_ns);
	if (m->wp || in_list(m->fail_prog, m->nfail_prog, m->page)) {
		m->status = 0x01;
		return;
	}
	if (m->progs[m->page] >= m->cfg.nop) {
		m->double_programs++;
		if (!m->last_error[0])
			snprintf(m->last_error, sizeof(m->last_error),
				 "page %u programmed twice without erase", m->page);
	}
	if (m->progs[m->page] < 255)
		m->progs[m->page]++;
	if (m->cut_op == NM_OP_PROGRAM) {
		n = m->cut_amount < n ? m->cut_amount : n;
		m->cut_op = NM_OP_NONE;
		m->powered = false;
	}
	dst = nand_model_page(m, m->page);
	for (i = 0; i < n; i++)
		dst[i] &= m->reg[i];
	m->programs++;
}

static void do_erase(struct nand_model *m)
{
	uint32_t blk = m->page / m->cfg.pages_per_block, first = blk * m->cfg.pages_per_block;
	uint32_t n = m->cfg.pages_per_block, p;
	unsigned int i, j;

	m->status = 0;
	m->mode = NM_IDLE;
	go_busy(m, m->cfg.tBERS_ns);
	if (m->wp || in_list(m->fail_erase, m->nfail_erase, blk)) {
		m->status = 0x01;
		return;
	}
	if (m->cut_op == NM_OP_ERASE) {
		n = m->cut_amount < n ? m->cut_amount : n;
		m->cut_op = NM_OP_NONE;
		m->powered = false;
	}
	for (p = 0; p < n; p++) {
		if (m->blocks[blk])
			memset(nand_model_page(m, first + p), 0xff, m->rawpage);
		m->progs[first + p] = 0;
	}
	if (n == m->cfg.pages_per_block) {
		free(m->blocks[blk]);
		m->blocks[blk] = NULL;
	}
	/* weak bits of the erased pages are gone */
	for (i = j = 0; i < m->nflips; i++)
		if (m->flips[i].page < first || m->flips[i].page >= first + n)
			m->flips[j++] = m->flips[i];
	m->nflips = j;
	m->erases++;
}

void nand_model_cmd(struct nand_model *m, uint8_t c)
{
	if (!m->powered)
		return;
	if (!nand_model_ready(m) && c != 0x70 && c != 0xff) {
		err(m, "command while busy");
		return;
	}
	switch (c) {
	case 0xff:
		m->mode = NM_IDLE;
		m->cmd = c;
		m->ptr = 0;
		m->naddr = 0;
		go_busy(m, m->cfg.tRST_ns);
		return;
	case 0x70:
		m->mode = NM_STATUS;
		return; /* keeps m->cmd: status does not end a sequence's context */
	case 0x90:
		m->mode = NM_IDLE;
		break;
	case 0x00:
	case 0x01:
	case 0x50:
		m->mode = NM_IDLE;
		if (!m->large)
			m->ptr = c;
		else if (c != 0x00)
			err(m, "small-page pointer command on a large-page chip");
		break;
	case 0x30:
		if (!m->large || m->cmd != 0x00 || m->naddr != m->col_cycles + m->row_cycles) {
			err(m, "READSTART without a complete READ0 address");
			return;
		}
		decode_addr(m);
		m->cmd = c;
		load_page(m);
		return;
	case 0x80:
		memset(m->reg, 0xff, m->rawpage);
		m->mode = NM_IDLE;
		break;
	case 0x10:
		if (m->cmd != 0x80 || m->mode != NM_PROG) {
			err(m, "PAGEPROG without SEQIN and address");
			return;
		}
		m->cmd = c;
		do_program(m);
		return;
	case 0x60:
		m->mode = NM_IDLE;
		break;
	case 0xd0:
		if (m->cmd != 0x60 || m->naddr != m->row_cycles) {
			err(m, "ERASE2 without ERASE1 and a row address");
			return;
		}
		m->page = row_of(m, 0);
		m->cmd = c;
		do_erase(m);
		return;
	default:
		err(m, "unknown command");
		return;
	}
	m->cmd = c;
	m->naddr = 0;
}

void nand_model_addr(struct nand_model *m, uint8_t a)
{
	if (!m->powered)
		return;
	if (!nand_model_ready(m)) {
		err(m, "address while busy");
		return;
	}
	if (m->naddr >= sizeof(m->addr)) {
		err(m, "too many address cycles");
		return;
	}
	m->addr[m->naddr++] = a;
	switch (m->cmd) {
	case 0x90:
		m->mode = NM_ID;
		m->idpos = 0;
		break;
	case 0x00:
	case 0x01:
	case 0x50:
		if (!m->large && m->naddr == m->col_cycles + m->row_cycles) {
			decode_addr(m);
			load_page(m); /* small page: busy right after the last address */
		}
		break;
	case 0x80:
		if (m->naddr == m->col_cycles + m->row_cycles) {
			decode_addr(m);
			m->mode = NM_PROG;
		}
		break;
	case 0x60:
		break;
	default:
		err(m, "address cycle without a command expecting one");
	}
}

uint8_t nand_model_read(struct nand_model *m)
{
	if (!m->powered)
		return 0x00;
	if (m->mode != NM_STATUS && !nand_model_ready(m)) {
		err(m, "data read while busy");
		return 0xff;
	}
	switch (m->mode) {
	case NM_STATUS:
		return (uint8_t)(m->status | (nand_model_ready(m) ? 0x40 : 0) | (m->wp ? 0 : 0x80));
	case NM_ID:
		return m->cfg.id[m->idpos++ % 8];
	case NM_READ:
		if (m->col < m->rawpage)
			return m->reg[m->col++];
		err(m, "read past the end of the page");
		return 0xff;
	default:
		err(m, "data read with nothing to read");
		return 0xff;
	}
}

void nand_model_write(struct nand_model *m, uint8_t v)
{
	if (!m->powered)
		return;
	if (m->mode != NM_PROG || !nand_model_ready(m)) {
		err(m, "data write outside a program sequence");
		return;
	}
	if (m->col >= m->rawpage) {
		err(m, "data written past the end of the page");
		return;
	}
	m->reg[m->col++] = v;
}

void nand_model_mark_bad(struct nand_model *m, uint32_t block, uint32_t oob_byte)
{
	uint8_t *p = nand_model_page(m, block * m->cfg.pages_per_block);

	p[m->cfg.pagesize + oob_byte] = 0x00;
}

void nand_model_inject_flip(struct nand_model *m, uint32_t page, uint32_t byte, uint8_t bit)
{
	if (m->nflips < NM_MAX_FLIPS) {
		m->flips[m->nflips].page = page;
		m->flips[m->nflips].byte = byte;
		m->flips[m->nflips].bit = bit;
		m->nflips++;
	}
}

void nand_model_clear_flips(struct nand_model *m)
{
	m->nflips = 0;
}

void nand_model_fail_program(struct nand_model *m, uint32_t page)
{
	if (m->nfail_prog < NM_MAX_FAILS)
		m->fail_prog[m->nfail_prog++] = page;
}

void nand_model_fail_erase(struct nand_model *m, uint32_t block)
{
	if (m->nfail_erase < NM_MAX_FAILS)
		m->fail_erase[m->nfail_erase++] = block;
}

void nand_model_power_cut(struct nand_model *m, enum nand_model_op op, uint32_t amount)
{
	m->cut_op = op;
	m->cut_amount = amount;
}

void nand_model_power_up(struct nand_model *m)
{
	m->powered = true;
	m->busy_until = 0;
	m->mode = NM_IDLE;
	m->cmd = 0;
	m->naddr = 0;
	m->ptr = 0;
}
