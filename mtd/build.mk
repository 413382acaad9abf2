# objects of mtd
obj-y += mtd/mtdcore.o mtd/mtdram.o
obj-y += mtd/mtdparts.o mtd/partitions.o
obj-y += mtd/mtd_io.o
obj-y += mtd/mtdparts_cmdline.o
