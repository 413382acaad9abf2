# ARM Versatile PB (QEMU -M versatilepb): ARM926EJ-S, 128 MiB RAM, Intel CFI NOR at 0x34000000.
CPU_FLAGS := -mcpu=arm926ej-s
FW_BASE := 0x07e00000
CONFIG_ARM926 := y
CONFIG_FDT := n
