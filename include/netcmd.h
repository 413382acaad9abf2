/* Helpers of the network commands that other commands use (boot fixups: the MAC). */
#ifndef FB_NETCMD_H
#define FB_NETCMD_H
#include "eth.h"

/* the board's MAC as the network commands choose it (ethaddr, the chip's, or random kept in
 * ethaddr); prints a warning for a random one. -ENODEV: no controller, -EINVAL: bad ethaddr */
int net_board_mac(uint8_t mac[ETH_ALEN]);
void ip_to_str(char *buf, uint32_t ip); /* "a.b.c.d", buf of 16 */

#endif
