/* Helpers of the network commands: for other commands (boot fixups: the MAC) and between cmd/net*.c. */
#ifndef FB_NETCMD_H
#define FB_NETCMD_H
#include "eth.h"

/* the board's MAC as the network commands choose it (ethaddr, the chip's, or random kept in
 * ethaddr); prints a warning for a random one. -ENODEV: no controller, -EINVAL: bad ethaddr */
int net_board_mac(uint8_t mac[ETH_ALEN]);
void ip_to_str(char *buf, uint32_t ip); /* "a.b.c.d", buf of 16 */

/* between cmd/net.c (TFTP) and cmd/net_dhcp.c (dhcp, ping) */
uint32_t net_rnd(void);
void net_env_set_ip(const char *name, uint32_t ip); /* nothing for 0 */
/* the variable as U-Boot's simple_strtol(s, NULL, 10) reads it; def when unset */
long net_env_dec(const char *name, long def);
/* the controller up with our MAC (prints "Using ... device" unless quiet); prints why not */
int net_up(bool quiet);
/* ipaddr, netmask, gatewayip into the stack; prints what is wrong */
int net_cfg_env(void);
/* U-Boot's netretry: how many times a failed network command starts again (~0ul: always) */
unsigned long net_retries(void);
enum { XFER_DONE, XFER_FAILED, XFER_AGAIN, XFER_USAGE /* a bad address: CMD_RET_USAGE */ };
/*
 * tftpboot's "[addr] [[host:]file]": the download, started again while *retries allows when again
 * is true; with again false an XFER_AGAIN goes back to the caller (dhcp starts again from DHCP)
 */
int net_tftp_get(int argc, char *const argv[], unsigned long *retries, bool again);

#endif
