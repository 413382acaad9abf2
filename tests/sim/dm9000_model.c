/* Host model of the Davicom DM9000 (register-level, 16-bit data port); see dm9000_model.h. */
#include <string.h>
#include "dm9000_model.h"
#include "sim_bus.h"

#define NCR 0x00
#define NSR 0x01
#define TCR 0x02
#define RCR 0x05
#define VIDL 0x28
#define MRCMDX 0xf0
#define MRCMD 0xf2
#define MWCMD 0xf8
#define TXPLL 0xfc
#define TXPLH 0xfd
#define ISR 0xfe

static void reset(struct dm9000_model *m)
{
	uint8_t par[6];

	memcpy(par, m->reg + 0x10, 6); /* PAR keeps its value through a software reset here */
	memset(m->reg, 0, sizeof(m->reg));
	memcpy(m->reg + 0x10, par, 6);
	m->reg[VIDL] = 0x46;
	m->reg[VIDL + 1] = 0x0a;
	m->reg[VIDL + 2] = 0x00;
	m->reg[VIDL + 3] = 0x90;
	m->rx_head = m->rx_count = 0;
	m->rx_pos = 0;
	m->tx_pos = 0;
	m->resets++;
}

static uint8_t rx_byte(struct dm9000_model *m, bool advance)
{
	uint8_t v;

	if (!m->rx_count)
		return 0; /* "no packet": the ready byte reads 0 */
	v = m->rx[m->rx_head][m->rx_pos];
	if (advance && ++m->rx_pos >= m->rx_len[m->rx_head]) {
		m->rx_head = (m->rx_head + 1) % DM9000_MODEL_FRAMES;
		m->rx_count--;
		m->rx_pos = 0;
	}
	return v;
}

static uint32_t data_read(struct dm9000_model *m, int width)
{
	switch (m->index) {
	case MRCMDX:
		if (!m->rx_count && m->wire_poll)
			m->wire_poll(m->wire);
		return rx_byte(m, false);
	case MRCMD:
		if (width != 2)
			m->violations++;
		return rx_byte(m, true) | (uint32_t)rx_byte(m, true) << 8;
	default:
		return m->reg[m->index];
	}
}

static void transmit(struct dm9000_model *m)
{
	size_t len = (size_t)m->reg[TXPLH] << 8 | m->reg[TXPLL];

	if (len > m->tx_pos || len > sizeof(m->sent[0]) ||
	    (!m->wire_tx && m->nsent == DM9000_MODEL_FRAMES)) {
		m->violations++;
	} else if (m->wire_tx) {
		m->wire_tx(m->wire, m->tx, len);
	} else {
		memcpy(m->sent[m->nsent], m->tx, len);
		m->sent_len[m->nsent++] = len;
	}
	m->tx_pos = 0;
	m->reg[TCR] = 0;
	m->reg[NSR] |= 0x04; /* TX1END */
	m->reg[ISR] |= 0x02; /* PTS */
}

static void data_write(struct dm9000_model *m, uint32_t v, int width)
{
	switch (m->index) {
	case MWCMD:
		if (width != 2 || m->tx_pos + 2 > sizeof(m->tx)) {
			m->violations++;
			return;
		}
		m->tx[m->tx_pos++] = (uint8_t)v;
		m->tx[m->tx_pos++] = (uint8_t)(v >> 8);
		return;
	case NCR:
		if (v & 1)
			reset(m); /* done at once: the bit reads back 0 */
		else
			m->reg[NCR] = (uint8_t)v;
		return;
	case NSR:
		m->reg[NSR] &= (uint8_t) ~(v & 0x2c);
		return;
	case ISR:
		m->reg[ISR] &= (uint8_t) ~(v & 0x3f);
		return;
	case TCR:
		m->reg[TCR] = (uint8_t)v;
		if (v & 1)
			transmit(m);
		return;
	default:
		if (m->index >= VIDL && m->index < VIDL + 4)
			m->violations++; /* read-only */
		else
			m->reg[m->index] = (uint8_t)v;
	}
}

static uint32_t bus_read(void *ctx, uintptr_t off, int width)
{
	struct dm9000_model *m = ctx;

	if (off == m->data_port - m->addr_port)
		return data_read(m, width);
	m->violations++;
	return 0;
}

static void bus_write(void *ctx, uintptr_t off, uint32_t v, int width)
{
	struct dm9000_model *m = ctx;

	if (off == 0)
		m->index = (uint8_t)v;
	else if (off == m->data_port - m->addr_port)
		data_write(m, v, width);
	else
		m->violations++;
}

void dm9000_model_init(struct dm9000_model *m, uintptr_t addr_port, uintptr_t data_port)
{
	struct sim_region r = { addr_port, data_port - addr_port + 4, bus_read, bus_write, m };

	memset(m, 0, sizeof(*m));
	m->addr_port = addr_port;
	m->data_port = data_port;
	reset(m);
	m->resets = 0;
	sim_bus_add(&r);
}

bool dm9000_model_receive(struct dm9000_model *m, const uint8_t *frame, size_t len, uint8_t status)
{
	int slot;
	uint8_t *p;
	size_t n = len + 4;

	if (!(m->reg[RCR] & 1) || m->rx_count == DM9000_MODEL_FRAMES || len > 1536)
		return false;
	slot = (m->rx_head + m->rx_count) % DM9000_MODEL_FRAMES;
	p = m->rx[slot];
	p[0] = 0x01;
	p[1] = status;
	p[2] = (uint8_t)n;
	p[3] = (uint8_t)(n >> 8);
	memcpy(p + 4, frame, len);
	memset(p + 4 + len, 0xcc, 4); /* the CRC the driver must drop */
	m->rx_len[slot] = 4 + ((n + 1) & ~(size_t)1);
	m->rx_count++;
	m->reg[ISR] |= 0x01;
	return true;
}
