# objects of drivers
obj-y += drivers/timer/delay.o
obj-$(CONFIG_PL011) += drivers/serial/pl011.o
obj-$(CONFIG_S3C2440_UART) += drivers/serial/s3c2440_uart.o
obj-$(CONFIG_SP804) += drivers/timer/sp804.o
obj-$(CONFIG_S3C2440_TIMER) += drivers/timer/s3c2440_timer.o drivers/timer/s3c2440_wdt.o
obj-$(CONFIG_NAND) += drivers/flash/nand_base.o drivers/flash/nand_ids.o drivers/flash/nand_ecc.o
obj-$(CONFIG_NAND) += drivers/flash/nand_bbt.o drivers/flash/s3c2440_nand.o
obj-$(CONFIG_CFI) += drivers/flash/cfi.o drivers/flash/cfi_intel.o drivers/flash/cfi_amd.o drivers/flash/jedec.o drivers/flash/cfi_mtd.o
obj-$(CONFIG_SMC91111) += drivers/net/smc91111.o
obj-$(CONFIG_DM9000) += drivers/net/dm9000.o
