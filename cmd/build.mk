obj-y += cmd/mem.o cmd/sys.o cmd/env.o
obj-y += cmd/time.o cmd/mtd_util.o cmd/mtd.o
obj-$(CONFIG_CFI) += cmd/flash.o
obj-y += cmd/mtdparts.o
obj-y += cmd/boot.o cmd/phram.o
obj-$(CONFIG_FDT) += cmd/fdt.o
obj-y += cmd/load.o
obj-$(CONFIG_NAND) += cmd/nand.o cmd/nand_s3c2440.o
