# objects of mtd
obj-y += mtd/mtdcore.o mtd/mtdram.o
