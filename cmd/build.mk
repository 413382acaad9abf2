obj-y += cmd/mem.o cmd/sys.o cmd/env.o
# script commands: test/itest/true/false/exit, setexpr
obj-$(CONFIG_CMD_TEST) += cmd/test.o cmd/setexpr.o
obj-$(CONFIG_REGEX) += cmd/setexpr_sub.o
obj-y += cmd/time.o cmd/mtd_util.o cmd/mtd.o
obj-$(CONFIG_CFI) += cmd/flash.o
obj-y += cmd/mtdparts.o
obj-y += cmd/boot.o cmd/phram.o
obj-$(CONFIG_FDT) += cmd/fdt.o
obj-y += cmd/load.o
obj-$(CONFIG_CMD_LOADY) += cmd/loady.o
obj-$(CONFIG_NAND) += cmd/nand.o
obj-$(CONFIG_NET) += cmd/net.o cmd/net_dhcp.o
obj-$(CONFIG_FIT) += cmd/fit.o
obj-$(CONFIG_CMD_LOADB) += cmd/loadb.o
# unzip (CONFIG_GZIP) and lzmadec (CONFIG_LZMA)
obj-$(if $(filter y,$(CONFIG_GZIP) $(CONFIG_LZMA)),y) += cmd/decomp.o
