/* Ethernet controllers: one small polled ops struct; boards describe theirs as data (struct eth_desc). */
#ifndef FB_ETH_H
#define FB_ETH_H
#include "common.h"

// clang-format off
#define ETH_ALEN 6
#define ETH_FRAME_MAX 1518     /* without the FCS the controller adds */
// clang-format on
/*
 * Frame buffers handed to the ops are word aligned and the frame itself starts
 * at buf + ETH_HEADROOM, so the IP header behind the 14-byte Ethernet header is
 * word aligned; the two bytes before the frame are the driver's scratch.
 */
#define ETH_HEADROOM 2
#define ETH_BUF_SIZE (ETH_HEADROOM + 1536 + 8)

struct eth_desc;
struct eth_ops {
	/* probe, reset, program the MAC, enable RX and TX: 0 or -ENODEV/-EIO */
	int (*init)(const struct eth_desc *d, const uint8_t mac[ETH_ALEN]);
	void (*halt)(const struct eth_desc *d); /* RX and TX off */
	/* send len bytes at buf + ETH_HEADROOM (len >= 60): 0 or -ETIMEDOUT/-EIO */
	int (*send)(const struct eth_desc *d, uint8_t *buf, size_t len);
	/* one received frame to buf + ETH_HEADROOM: its length, 0 when none waits, -EIO */
	int (*recv)(const struct eth_desc *d, uint8_t *buf);
	/* the MAC the chip holds after reset (EEPROM): 0, or -ENOENT when it has none */
	int (*rom_mac)(const struct eth_desc *d, uint8_t mac[ETH_ALEN]);
	void (*set_mac)(const struct eth_desc *d, const uint8_t mac[ETH_ALEN]);
};

struct eth_desc {
	const char *name; /* "smc91111", "dm9000" as U-Boot names them */
	const struct eth_ops *ops;
	uintptr_t base;            /* register window (DM9000: the address port) */
	uintptr_t data;            /* DM9000: the data port; 0 when unused */
	const char *dt_compatible; /* the DT node that gets local-mac-address */
};

extern const struct eth_ops smc91111_ops;
extern const struct eth_ops dm9000_ops;

#endif
