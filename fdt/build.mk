# objects of fdt
obj-$(CONFIG_FDT) += fdt/fixup.o fdt/mtd_nodes.o fdt/direct.o fdt/edit.o fdt/value.o
# a FIT is read with libfdt after fixup.c's structure check, also on boards without the DT fixups
ifneq ($(CONFIG_FDT),y)
obj-$(CONFIG_FIT) += fdt/fixup.o fdt/direct.o fdt/mtd_nodes.o fdt/edit.o
endif
