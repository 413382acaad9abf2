# objects of net
obj-$(CONFIG_NET) += net/pkt.o net/net.o net/dhcp.o net/tftp.o
