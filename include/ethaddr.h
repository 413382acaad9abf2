/* MAC addresses as the environment writes them (net/pkt.c). */
#ifndef FB_ETHADDR_H
#define FB_ETHADDR_H
#include "eth.h"

/* "52:54:00:12:34:56" -> 0; -EINVAL */
int mac_parse(const char *s, uint8_t mac[ETH_ALEN]);

#endif
