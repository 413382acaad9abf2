UNIT_TESTS += test_net
test_net-src := tests/unit/test_net.c net/pkt.c net/dhcp.c net/tftp.c
