FUZZ_TARGETS += fuzz_net
fuzz_net-src := tests/fuzz/fuzz_net.c net/csum.c net/pkt.c net/dhcp.c net/tftp.c
