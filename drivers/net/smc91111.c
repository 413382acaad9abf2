/*
 * SMSC LAN91C111 (versatilepb; QEMU's smc91c111), polled. Facts from the
 * datasheet: 16 byte-wide registers in four banks (bank select at 0xE, high
 * byte 0x33), packet memory in 2 KiB pages reached through the pointer and
 * data registers of bank 2. A packet in memory is: status word, byte count
 * (data + 6), data, control word (0x20 = odd: the last data byte is its low byte).
 * The chip stays in bank 2 between calls.
 */
#include "eth.h"
#include "io.h"
#include "timer.h"

#define BANK 0x0e
/* bank 0 */
#define TCR 0x00
#define RCR 0x04
#define RPCR 0x0a
#define TCR_TXENA 0x0001
#define TCR_PAD_EN 0x0080
#define RCR_RXEN 0x0100
#define RCR_STRIP_CRC 0x0200
#define RCR_SOFT_RST 0x8000
#define RPCR_ANEG 0x0800
/* bank 1 */
#define CONFIG 0x00
#define IA0 0x04
#define CTL 0x0c
#define CONFIG_EPH_POWER 0x8000
#define CTL_AUTO_RELEASE 0x0800
/* bank 2 */
#define MMU 0x00
#define PNR 0x02
#define ARR 0x03
#define FIFO 0x04
#define PTR 0x06
#define DATA 0x08
#define IST 0x0c
#define MMU_ALLOC 0x20
#define MMU_RESET 0x40
#define MMU_RX_RELEASE 0x80
#define MMU_ENQUEUE 0xc0
#define ARR_FAILED 0x80
#define FIFO_RX_EMPTY 0x8000
#define PTR_RCV 0x8000
#define PTR_AUTO 0x4000
#define PTR_READ 0x2000
#define INT_ALLOC 0x08
#define RS_ODD 0x1000
#define RS_ERRORS 0xac00 /* alignment, bad CRC, too long, too short */

// clang-format off
#define ALLOC_TIMEOUT_US 20000
#define ALLOC_WAIT_US 1000  /* then received frames are dropped to make room */
// clang-format on

static void bank(const struct eth_desc *d, unsigned n)
{
	writew((uint16_t)n, d->base + BANK);
}

static int smc_probe(const struct eth_desc *d)
{
	return (readw(d->base + BANK) & 0xff00) == 0x3300 ? 0 : -ENODEV;
}

static void smc_set_mac(const struct eth_desc *d, const uint8_t mac[ETH_ALEN])
{
	bank(d, 1);
	for (int i = 0; i < ETH_ALEN; i++)
		writeb(mac[i], d->base + IA0 + i);
	bank(d, 2);
}

static int smc_rom_mac(const struct eth_desc *d, uint8_t mac[ETH_ALEN])
{
	int any = 0;

	if (smc_probe(d))
		return -ENODEV;
	bank(d, 1);
	for (int i = 0; i < ETH_ALEN; i++)
		any |= mac[i] = readb(d->base + IA0 + i);
	bank(d, 2);
	return any && !(mac[0] & 1) ? 0 : -ENOENT;
}

static void smc_halt(const struct eth_desc *d)
{
	bank(d, 0);
	writew(0, d->base + RCR);
	writew(0, d->base + TCR);
	bank(d, 2);
}

static int smc_init(const struct eth_desc *d, const uint8_t mac[ETH_ALEN])
{
	if (smc_probe(d))
		return -ENODEV;
	bank(d, 0);
	writew(RCR_SOFT_RST, d->base + RCR);
	udelay(10);
	writew(0, d->base + RCR);
	writew(RPCR_ANEG, d->base + RPCR);
	bank(d, 1);
	writew(readw(d->base + CONFIG) | CONFIG_EPH_POWER, d->base + CONFIG);
	writew(readw(d->base + CTL) | CTL_AUTO_RELEASE, d->base + CTL);
	smc_set_mac(d, mac); /* leaves bank 2 selected */
	writeb(MMU_RESET, d->base + MMU);
	writeb(0, d->base + IST + 1); /* no interrupts: we poll */
	bank(d, 0);
	writew(TCR_TXENA | TCR_PAD_EN, d->base + TCR);
	writew(RCR_RXEN | RCR_STRIP_CRC, d->base + RCR);
	bank(d, 2);
	return 0;
}

static int smc_send(const struct eth_desc *d, uint8_t *buf, size_t len)
{
	uintptr_t b = d->base;
	uint64_t t0 = timer_us();
	uint8_t pkt;
	uint32_t *w = (uint32_t *)buf;
	size_t words;

	writeb(MMU_ALLOC, b + MMU);
	while (!(readb(b + IST) & INT_ALLOC)) {
		uint64_t waited = timer_us() - t0;

		if (waited > ALLOC_TIMEOUT_US)
			return -ETIMEDOUT;
		/*
		 * The four 2 KiB pages are shared: a window of TFTP blocks can fill them all with
		 * received frames, and then no page is left to send the ACK from. Drop the oldest
		 * received frame (the peer sends it again); the pending allocation takes its page.
		 */
		if (waited > ALLOC_WAIT_US && !(readw(b + FIFO) & FIFO_RX_EMPTY))
			writeb(MMU_RX_RELEASE, b + MMU);
	}
	pkt = readb(b + ARR);
	if (pkt & ARR_FAILED)
		return -EIO;
	writeb(pkt, b + PNR);
	writew(PTR_AUTO, b + PTR);
	writew(0, b + DATA); /* status word */
	/* from offset 2: byte count, the frame, the control word; whole words from buf */
	buf[0] = (uint8_t)((len & ~1u) + 6);
	buf[1] = (uint8_t)(((len & ~1u) + 6) >> 8);
	if (len & 1) {
		buf[ETH_HEADROOM + len] = 0x20;
	} else {
		buf[ETH_HEADROOM + len] = 0;
		buf[ETH_HEADROOM + len + 1] = 0;
	}
	words = (ETH_HEADROOM + len + 2 + 3) / 4;
	for (size_t i = 0; i < words; i++)
		writel(w[i], b + DATA);
	writeb(MMU_ENQUEUE, b + MMU);
	return 0;
}

static int smc_recv(const struct eth_desc *d, uint8_t *buf)
{
	uintptr_t b = d->base;
	uint16_t status, count;
	uint32_t *w = (uint32_t *)buf;
	size_t len, words;

	if (readw(b + FIFO) & FIFO_RX_EMPTY)
		return 0;
	writew(PTR_RCV | PTR_AUTO | PTR_READ, b + PTR);
	status = readw(b + DATA);
	/* from offset 2: the byte count lands in the headroom, the frame behind it */
	w[0] = readl(b + DATA);
	count = (uint16_t)(w[0] & 0x7ff);
	if (count < 6 + 14 || (status & RS_ERRORS)) {
		writeb(MMU_RX_RELEASE, b + MMU);
		return -EIO;
	}
	len = count - 6 + ((status & RS_ODD) ? 1 : 0);
	if (len > ETH_BUF_SIZE - ETH_HEADROOM - 4)
		len = ETH_BUF_SIZE - ETH_HEADROOM - 4;
	words = (ETH_HEADROOM + len + 3) / 4;
	/* the hot copy of every received frame: four reads of the data register a turn */
	size_t i = 1;
	for (; i + 4 <= words; i += 4) {
		w[i] = readl(b + DATA);
		w[i + 1] = readl(b + DATA);
		w[i + 2] = readl(b + DATA);
		w[i + 3] = readl(b + DATA);
	}
	for (; i < words; i++)
		w[i] = readl(b + DATA);
	writeb(MMU_RX_RELEASE, b + MMU);
	return (int)len;
}

const struct eth_ops smc91111_ops = {
	.init = smc_init,
	.halt = smc_halt,
	.send = smc_send,
	.recv = smc_recv,
	.rom_mac = smc_rom_mac,
	.set_mac = smc_set_mac,
};
