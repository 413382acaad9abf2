# BOARD=sim: the whole firmware built for the host (like U-Boot's sandbox) against the mini2440 flash models.
SIM_HOSTCC := gcc
V ?= 0
Q := $(if $(filter 1,$(V)),,@)
CONFIG_CFI := y
CONFIG_NAND := y
CONFIG_FDT := n
CONFIG_CMD_LOADY := y
CONFIG_REGEX := y
CONFIG_CMD_LOADB := y
# FIT (Debian's libfdt for the host, as the unit tests use): the mini2440 has no room for it in its
# 128 KiB first NAND block, the sim board tests the NAND + ATAG side of FIT boots
CONFIG_FIT := y
CONFIG_SHA1 := y
CONFIG_SHA256 := y
CONFIG_FIT_SIGNATURE := y
CONFIG_CMD_TEST := y
# the mini2440's DM9000 as a model, its wire ending in Debian's libslirp (board/sim/net.c)
CONFIG_NET := y
CONFIG_DM9000 := y
# gzip as on the mini2440 (lib/gunzip.c + Linux's zlib_inflate from linux-source-6.1, built for the host)
CONFIG_GZIP := y

obj-y :=
include common/build.mk cmd/build.mk mtd/build.mk drivers/build.mk env/build.mk fdt/build.mk boot/build.mk net/build.mk \
	lib/build.mk
# newlib's heap, our string functions (common/string.c) and the busy-wait delays belong to the target;
# the board brings its own clock
SIM_DROP := common/syscalls.o common/string.o drivers/timer/delay.o
SIM_BOARD_OBJS := board/sim/main.o board/sim/board.o board/sim/console.o board/sim/arch.o \
	board/sim/flashfile.o board/sim/net.o
SIM_MODEL_OBJS := tests/sim/sim_bus.o tests/sim/nand_model.o tests/sim/s3c2440_nfc_model.o \
	tests/sim/cfi_model.o tests/sim/cfi_model_parts.o tests/sim/dm9000_model.o
SIM_OBJS := $(addprefix $(O)/,$(filter-out $(SIM_DROP),$(obj-y)) $(SIM_BOARD_OBJS) $(SIM_MODEL_OBJS)) \
	$(addprefix $(O)/linuxlib/,$(sort $(linuxlib-y)))
# the decompressors' Linux sources (lib/build.mk's linuxlib-y) from the cache, as the target build takes them
LINUXLIB_DIR := $(if $(linuxlib-y)$(filter y,$(CONFIG_LZMA)),$(LINUXLIB_HOME))
LINUXLIB_INC := -Ilib/shim/include -I$(LINUXLIB_DIR)/include -I$(LINUXLIB_DIR)/lib

SIM_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror $(PROTO_WARN) -DHOST_SIM -Iinclude -Itests/sim -Iboard/sim -Iboard/mini2440 \
	-DBOARD_NAME=\"sim\" -DFB_VERSION=\"$(VERSION)\" -DFB_GIT_REV=\"$(GIT_REV)\" \
	$(foreach c,$(filter CONFIG_%,$(.VARIABLES)),$(if $(filter y,$($(c))),-D$(c)=1)) -MMD -MP
# The firmware window (top 2 MiB of RAM, as on the board) for the layout symbols fb_main reads;
# -no-pie so these absolute addresses link as they are.
SIM_LAYOUT := __image_start=0x33e00000 __image_end=0x33ed0000 __bss_end=0x33ee0000 __heap_start=0x33ee0000 \
	__heap_end=0x33ef0000 __hivecs=0x33ef0000 __exc_stack_lo=0x33ef1000 __stack_lo=0x33ef5000 \
	__stack_top=0x34000000
# The program itself sits at 1 GiB: the kernel puts the heap (brk) up to 1 GiB above the end of
# a non-PIE program, and linked at the usual 4 MiB it landed inside the board's RAM
# (0x30000000-0x34000000) in about 7 % of starts ("sim: cannot map RAM ...: File exists").
SIM_LDFLAGS := -no-pie -Wl,-Ttext-segment=0x40000000 $(foreach s,$(SIM_LAYOUT),-Wl,--defsym=$(s))

all: $(O)/flashboot

# a changed CONFIG_ line recompiles and relinks (the #ifdefs in boot/ and cmd/): the stamp holds what is on
CONFIG_ON := $(sort $(foreach c,$(filter CONFIG_%,$(.VARIABLES)),$(if $(filter y,$($(c))),$(c))))
CONFIG_STAMP := $(O)/config.stamp
$(shell mkdir -p $(O); echo '$(CONFIG_ON)' | cmp -s - $(CONFIG_STAMP) || echo '$(CONFIG_ON)' > $(CONFIG_STAMP))
$(SIM_OBJS) $(O)/flashboot: $(CONFIG_STAMP)

$(SIM_OBJS): | sim-linuxlib-check
.PHONY: sim-linuxlib-check
sim-linuxlib-check:
	@if [ -n "$(linuxlib-y)$(filter y,$(CONFIG_LZMA))" ] && [ -z "$(LINUXLIB_DIR)" ]; then \
	  echo "the Linux decompressors are not in $(FB_CACHE): run make deps (extracts them from linux-source-6.1)"; \
	  exit 1; fi

# flashboot's wrappers see the Linux headers; the Linux files build as they are, their warnings off
$(O)/lib/%.o: SIM_CFLAGS += $(LINUXLIB_INC)
$(O)/linuxlib/%.o: $(LINUXLIB_DIR)/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  linuxlib/$*.c")
	$(Q)$(SIM_HOSTCC) $(filter-out -Werror -Wextra $(PROTO_WARN) -Iinclude,$(SIM_CFLAGS)) $(LINUXLIB_INC) -w \
		-fno-pie -c $< -o $@

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(SIM_HOSTCC) $(SIM_CFLAGS) -fno-pie -c $< -o $@

$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTAS  $<")
	$(Q)$(SIM_HOSTCC) $(SIM_CFLAGS) -fno-pie -c $< -o $@

$(O)/flashboot: $(SIM_OBJS) board/sim/sim.mk
	@echo "  LD      $@"
	$(Q)$(SIM_HOSTCC) $(SIM_LDFLAGS) -o $@ $(SIM_OBJS) $(if $(filter y,$(CONFIG_FIT)),-lfdt) -lslirp

size:
	@ls -l $(O)/flashboot

-include $(SIM_OBJS:.o=.d)
$(O)/common/main.o $(O)/cmd/sys.o: $(REV_STAMP)
