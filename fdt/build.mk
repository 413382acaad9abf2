# objects of fdt
obj-$(CONFIG_FDT) += fdt/fixup.o fdt/mtd_nodes.o fdt/direct.o fdt/edit.o fdt/value.o
