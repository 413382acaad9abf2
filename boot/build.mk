# objects of boot
obj-y += boot/image.o boot/squashfs.o boot/phram.o boot/atags.o boot/layout.o boot/bootm.o
