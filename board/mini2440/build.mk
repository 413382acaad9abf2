# mini2440 objects: board data, low-level init + NAND-boot stage (first 4 KiB), register values generated from clocks.c
obj-y += board/mini2440/board.o board/mini2440/clocks.o
obj-y += board/mini2440/lowlevel.o board/mini2440/nand_boot.o

# Register values for lowlevel.S: computed by the formulas in clocks.c, run on the host.
MINI2440_GEN := $(O)/gen/mini2440_regs.h
$(MINI2440_GEN): board/mini2440/genregs.c board/mini2440/clocks.c board/mini2440/clocks.h \
		board/mini2440/mini2440.h
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)gcc -std=gnu11 -Wall -Wextra -Werror -Iboard/mini2440 -o $(O)/gen/genregs \
		board/mini2440/genregs.c board/mini2440/clocks.c
	$(Q)$(O)/gen/genregs >$@.tmp && mv $@.tmp $@
$(O)/board/mini2440/lowlevel.o: $(MINI2440_GEN)
$(O)/board/mini2440/lowlevel.o: CFLAGS += -I$(O)/gen

# The stage runs at 0 while linked at FW_BASE: keep gcc from emitting absolute
# jump tables or calls to memset/memcpy, then check that the object references
# nothing but itself.
$(O)/board/mini2440/nand_boot.o: CFLAGS += -fno-jump-tables -fno-tree-loop-distribute-patterns
$(O)/board/mini2440/stage1.ok: $(O)/board/mini2440/nand_boot.o
	$(Q)if $(CROSS)objdump -r -j .stage1.text $< | grep -E '^[0-9a-f]{8} R_ARM' | grep -v R_ARM_V4BX; then \
		echo "nand_boot.o: the stage-1 loader refers to code or data outside its section" >&2; \
		exit 1; fi
	$(Q)touch $@
$(O)/flashboot.elf: $(O)/board/mini2440/stage1.ok

# flashboot.bin: pad to the header's length and patch in the CRC the NAND stage checks.
POST_BIN := $(PY) tools/fwcrc.py
