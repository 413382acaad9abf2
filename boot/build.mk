# objects of boot
obj-y += boot/image.o boot/squashfs.o boot/phram.o boot/phram_load.o boot/atags.o boot/layout.o boot/bootm.o
obj-$(CONFIG_FIT) += boot/fit.o boot/bootfit.o boot/fit_keys.o
obj-$(CONFIG_FIT_SIGNATURE) += boot/fit_sig.o
