obj-y += cmd/mem.o cmd/sys.o cmd/env.o
obj-y += cmd/time.o
obj-y += cmd/boot.o cmd/phram.o
obj-$(CONFIG_FDT) += cmd/fdt.o
