/*
 * Davicom DM9000 (mini2440: address port 0x20000300, data port 0x20000304, 16-bit bus), polled.
 * Facts from the datasheet and Linux's dm9000 driver: a register is selected by writing its
 * index to the address port and read or written at the data port; the packet memory is
 * reached through MRCMDX (peek, no increment), MRCMD (read, increment) and MWCMD (write,
 * increment). A received packet is a 4-byte header (0x01 ready marker, status, length incl.
 * CRC) then the frame and its CRC. No EEPROM on the mini2440: the MAC is written to PAR.
 */
#include "eth.h"
#include "io.h"
#include "timer.h"

#define NCR 0x00
#define NSR 0x01
#define TCR 0x02
#define RCR 0x05
#define PAR 0x10
#define MAR 0x16
#define GPCR 0x1e
#define GPR 0x1f
#define VIDL 0x28
#define MRCMDX 0xf0
#define MRCMD 0xf2
#define MWCMD 0xf8
#define TXPLL 0xfc
#define TXPLH 0xfd
#define ISR 0xfe
#define IMR 0xff

// clang-format off
#define NCR_RST 0x01
#define NSR_TX1END 0x04
#define NSR_TX2END 0x08
#define NSR_WAKEST 0x20
#define TCR_TXREQ 0x01
#define RCR_RXEN 0x01
#define RCR_DIS_CRC 0x10
#define RCR_DIS_LONG 0x20
#define ISR_PRS 0x01
#define ISR_PTS 0x02
#define IMR_PAR 0x80
#define RSR_ERRORS 0xbf  /* every status bit but multicast */
#define ID_DM9000 0x90000a46u
// clang-format on

#define RESET_TIMEOUT_US 1000
#define TX_TIMEOUT_US 20000

static uint8_t ior(const struct eth_desc *d, uint8_t reg)
{
	writeb(reg, d->base);
	return readb(d->data);
}

static void iow(const struct eth_desc *d, uint8_t reg, uint8_t v)
{
	writeb(reg, d->base);
	writeb(v, d->data);
}

static int dm_probe(const struct eth_desc *d)
{
	uint32_t id = 0;

	for (int i = 3; i >= 0; i--)
		id = id << 8 | ior(d, (uint8_t)(VIDL + i));
	return id == ID_DM9000 ? 0 : -ENODEV;
}

static void dm_set_mac(const struct eth_desc *d, const uint8_t mac[ETH_ALEN])
{
	for (int i = 0; i < ETH_ALEN; i++)
		iow(d, (uint8_t)(PAR + i), mac[i]);
}

static int dm_rom_mac(const struct eth_desc *d, uint8_t mac[ETH_ALEN])
{
	int any = 0;

	if (dm_probe(d))
		return -ENODEV;
	for (int i = 0; i < ETH_ALEN; i++)
		any |= mac[i] = ior(d, (uint8_t)(PAR + i));
	return any && !(mac[0] & 1) ? 0 : -ENOENT;
}

static int dm_reset(const struct eth_desc *d)
{
	uint64_t t0;

	iow(d, GPCR, 0x01);           /* GPIO0 is an output: the PHY's power-down line */
	iow(d, GPR, 0x00);            /* PHY on */
	for (int n = 0; n < 2; n++) { /* the datasheet resets twice */
		iow(d, NCR, NCR_RST);
		t0 = timer_us();
		while (ior(d, NCR) & NCR_RST)
			if (timer_us() - t0 > RESET_TIMEOUT_US)
				return -EIO;
	}
	return 0;
}

static void dm_halt(const struct eth_desc *d)
{
	iow(d, RCR, 0);
	iow(d, IMR, IMR_PAR);
}

static int dm_init(const struct eth_desc *d, const uint8_t mac[ETH_ALEN])
{
	if (dm_probe(d))
		return -ENODEV;
	if (dm_reset(d))
		return -EIO;
	iow(d, IMR, IMR_PAR); /* the read pointer wraps inside the RX memory; no interrupts */
	iow(d, NSR, NSR_WAKEST | NSR_TX2END | NSR_TX1END);
	iow(d, ISR, 0x0f);
	dm_set_mac(d, mac);
	for (int i = 0; i < 8; i++)
		iow(d, (uint8_t)(MAR + i), i == 7 ? 0x80 : 0); /* the broadcast hash bit */
	iow(d, RCR, RCR_RXEN | RCR_DIS_CRC | RCR_DIS_LONG);
	return 0;
}

static int dm_send(const struct eth_desc *d, uint8_t *buf, size_t len)
{
	const uint16_t *w = (const uint16_t *)(buf + ETH_HEADROOM);
	uint64_t t0;

	writeb(MWCMD, d->base);
	for (size_t i = 0; i < (len + 1) / 2; i++)
		writew(w[i], d->data);
	iow(d, TXPLL, (uint8_t)len);
	iow(d, TXPLH, (uint8_t)(len >> 8));
	iow(d, TCR, TCR_TXREQ);
	t0 = timer_us();
	while (!(ior(d, NSR) & (NSR_TX1END | NSR_TX2END)) || !(ior(d, ISR) & ISR_PTS))
		if (timer_us() - t0 > TX_TIMEOUT_US)
			return -ETIMEDOUT;
	iow(d, ISR, ISR_PTS);
	return 0;
}

static int dm_recv(const struct eth_desc *d, uint8_t *buf)
{
	uint16_t *w = (uint16_t *)(buf + ETH_HEADROOM);
	uint16_t hdr0, len, junk;
	size_t words;

	ior(d, MRCMDX); /* the first read after a packet can be stale: read twice */
	switch (ior(d, MRCMDX)) {
	case 0x00:
		return 0;
	case 0x01:
		break;
	default: /* the pointer lost sync: start again (Linux does the same) */
		dm_reset(d);
		iow(d, IMR, IMR_PAR);
		iow(d, RCR, RCR_RXEN | RCR_DIS_CRC | RCR_DIS_LONG);
		return -EIO;
	}
	iow(d, ISR, ISR_PRS);
	writeb(MRCMD, d->base);
	hdr0 = readw(d->data);
	len = readw(d->data);
	words = (len + 1u) / 2;
	if (len < 14 + 4 || len > ETH_BUF_SIZE - ETH_HEADROOM || ((hdr0 >> 8) & RSR_ERRORS)) {
		while (words--)
			junk = readw(d->data);
		(void)junk;
		return -EIO;
	}
	for (size_t i = 0; i < words; i++)
		w[i] = readw(d->data);
	return len - 4; /* without the CRC */
}

const struct eth_ops dm9000_ops = {
	.init = dm_init,
	.halt = dm_halt,
	.send = dm_send,
	.recv = dm_recv,
	.rom_mac = dm_rom_mac,
	.set_mac = dm_set_mac,
};
