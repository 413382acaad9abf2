# objects of net
obj-$(CONFIG_NET) += net/csum.o net/pkt.o net/net.o net/dhcp.o net/tftp.o
