# flashboot build: firmware per board, host tests, fuzzers, QEMU tests, benchmarks.
BOARD ?= versatilepb
# CONFIG=minimal: a variant of the board with the optional features of board/minimal.mk off (out/BOARD-minimal)
CONFIG ?=
O := out/$(BOARD)$(if $(CONFIG),-$(CONFIG))
HOSTO := out/host
PY := /usr/bin/python3
DEPS := tools/install-deps.sh

# Debian packages and libfdt's sources are explicit steps (make deps; make test and make run call it):
# parsing this Makefile installs and downloads nothing. libfdt is found in the cache as
# tools/fetch-libfdt.sh leaves it (the last complete libfdt-<version> in name order, as that script picks).
FB_CACHE := $(or $(FLASHBOOT_CACHE),$(HOME)/.cache/flashboot)
LIBFDT_HOME := $(patsubst %/.complete,%,$(lastword $(sort $(wildcard $(FB_CACHE)/libfdt-*/.complete))))
# the Linux decompressors (lib/zlib_inflate, decompress_unlzma.c, lib/lz4, lib/zstd), as tools/fetch-linux-lib.sh leaves them
LINUXLIB_HOME := $(patsubst %/.complete,%,$(lastword $(sort $(wildcard $(FB_CACHE)/linuxlib-*/.complete))))

.DEFAULT_GOAL := all
.PHONY: all deps libfdt-check libfdt-check-host clean test test-artifacts unit unit-artifacts host-py fuzz fuzz-build fuzz-long qemu-test sim-test e2e bench size run run-reset layers print-objs minimal full format format-check FORCE

VERSION := 0.1.0
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
# the two files that print the revision rebuild when it changes
REV_STAMP := out/git-rev
$(shell mkdir -p out; echo '$(GIT_REV)' | cmp -s - $(REV_STAMP) || echo '$(GIT_REV)' > $(REV_STAMP))

# every cross-file function has its prototype in a header; everything else is static
PROTO_WARN := -Wmissing-prototypes -Wmissing-declarations

ifeq ($(BOARD),sim)
# ---------------------------------------------------------------- host sim board
include board/sim/sim.mk
else
# ---------------------------------------------------------------- target build
CROSS := arm-none-eabi-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
SIZE := $(CROSS)size

include board/$(BOARD)/board.mk
ifneq ($(CONFIG),)
include board/$(CONFIG).mk
endif
# image size limits (docs/ARCHITECTURE.md, "Build-time features"): the build fails above them
MAX_BIN ?= 163840

obj-y :=
include arch/arm/build.mk common/build.mk cmd/build.mk mtd/build.mk drivers/build.mk \
	env/build.mk fdt/build.mk boot/build.mk net/build.mk lib/build.mk board/$(BOARD)/build.mk

LIBFDT_DIR := $(if $(filter y,$(CONFIG_FDT) $(CONFIG_FIT)),$(LIBFDT_HOME))
LIBFDT_SRCS := fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c fdt_strerror.c fdt_addresses.c fdt_empty_tree.c

CFLAGS := $(CPU_FLAGS) -mthumb -mthumb-interwork -Os -g -std=gnu11 -Wall -Wextra -Werror $(PROTO_WARN) -ffreestanding \
	-fno-builtin-printf -ffunction-sections -fdata-sections -fno-common \
	-Iinclude -Iboard/$(BOARD) $(if $(LIBFDT_DIR),-I$(LIBFDT_DIR)) \
	-DBOARD_NAME=\"$(BOARD)\" -DFB_VERSION=\"$(VERSION)\" -DFB_GIT_REV=\"$(GIT_REV)\" \
	-DFW_BASE=$(FW_BASE) $(foreach c,$(filter CONFIG_%,$(.VARIABLES)),$(if $(filter y,$($(c))),-D$(c)=1)) \
	-MMD -MP
LDFLAGS := $(CPU_FLAGS) -marm --specs=nano.specs -nostartfiles -Wl,--gc-sections \
	-Wl,-Map,$(O)/flashboot.map -Wl,--defsym=FW_BASE=$(FW_BASE) -T linker/arm.lds

# the decompressors' Linux sources (lib/build.mk's linuxlib-y), built with lib/shim/include's stand-in kernel headers
LINUXLIB_DIR := $(if $(linuxlib-y)$(filter y,$(CONFIG_LZMA)),$(LINUXLIB_HOME))
LINUXLIB_INC := -Ilib/shim/include -I$(LINUXLIB_DIR)/include -I$(LINUXLIB_DIR)/lib

OBJS := $(addprefix $(O)/,$(obj-y)) \
	$(if $(LIBFDT_DIR),$(addprefix $(O)/libfdt/,$(LIBFDT_SRCS:.c=.o))) \
	$(addprefix $(O)/linuxlib/,$(sort $(linuxlib-y)))

all: $(O)/flashboot.bin

# a changed CONFIG_ line (board.mk, CONFIG=...) recompiles and relinks: the stamp holds what is on
CONFIG_ON := $(sort $(foreach c,$(filter CONFIG_%,$(.VARIABLES)),$(if $(filter y,$($(c))),$(c))))
CONFIG_STAMP := $(O)/config.stamp
$(shell mkdir -p $(O); echo '$(CONFIG_ON)' | cmp -s - $(CONFIG_STAMP) || echo '$(CONFIG_ON)' > $(CONFIG_STAMP))
$(OBJS) $(O)/flashboot.elf: $(CONFIG_STAMP)

# a board with CONFIG_FDT needs libfdt's sources (make deps puts them in the cache)
$(OBJS): | libfdt-check
libfdt-check:
	@if [ "$(CONFIG_FDT)" = y ] && [ -z "$(LIBFDT_DIR)" ]; then \
	  echo "libfdt's sources are not in $(FB_CACHE): run make deps (installs the Debian packages, extracts libfdt)"; \
	  exit 1; fi
	@if [ -n "$(linuxlib-y)$(filter y,$(CONFIG_LZMA))" ] && [ -z "$(LINUXLIB_DIR)" ]; then \
	  echo "the Linux decompressors are not in $(FB_CACHE): run make deps (extracts them from linux-source-6.1)"; \
	  exit 1; fi

V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# C code is Thumb (about 23 % smaller); CP15 and mode-switching code needs the ARM instruction set
$(O)/arch/%.o: CFLAGS += -marm
# hot loops are ARM at -O2: Thumb-1 has no shifted operands, and CRC-32 took 8.9 instructions a byte
$(O)/common/crc32.o: CFLAGS += -marm -O2
# SHA-1/SHA-256 likewise (rotates are free as ARM shifted operands); RSA's 32x32->64 multiplies too
$(O)/common/sha1.o $(O)/common/sha256.o $(O)/common/md_frame.o $(O)/common/rsa.o: CFLAGS += -marm -O2
# the TFTP receive path: the copy out of the LAN91C111 and the Internet checksum over each frame
$(O)/net/csum.o: CFLAGS += -marm -O2

# FIT signature keys (docs/fit.md): the DTB `mkimage -K` wrote, built into the image. A stamp of its
# path and contents rebuilds the object when either changes.
ifneq ($(FIT_KEYS_DTB),)
ifneq ($(CONFIG_FIT_SIGNATURE),y)
$(error FIT_KEYS_DTB given but CONFIG_FIT_SIGNATURE is not y in board/$(BOARD)/board.mk)
endif
FIT_KEYS_ABS := $(abspath $(FIT_KEYS_DTB))
$(if $(wildcard $(FIT_KEYS_ABS)),,$(error FIT_KEYS_DTB: no file $(FIT_KEYS_ABS)))
$(O)/boot/fit_keys.o: CFLAGS += -DFIT_KEYS_DTB='"$(FIT_KEYS_ABS)"'
# the limit is the default build's: the user's key DTB (data, not code) comes on top of it, word-aligned
MAX_BIN := $(shell echo $$(( $(MAX_BIN) + ($$(stat -c %s $(FIT_KEYS_ABS)) + 3) / 4 * 4 )))
endif
KEYS_STAMP := $(O)/fit-keys.stamp
$(shell mkdir -p $(O); echo '$(FIT_KEYS_ABS) $(if $(FIT_KEYS_ABS),$(shell sha256sum < $(FIT_KEYS_ABS)))' | \
	cmp -s - $(KEYS_STAMP) || echo '$(FIT_KEYS_ABS) $(if $(FIT_KEYS_ABS),$(shell sha256sum < $(FIT_KEYS_ABS)))' > $(KEYS_STAMP))
$(O)/boot/fit_keys.o: $(KEYS_STAMP)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(O)/libfdt/%.o: $(LIBFDT_DIR)/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      libfdt/$(notdir $<)")
	$(Q)$(CC) $(filter-out -Werror -Wextra,$(CFLAGS)) -Wno-sign-compare -c $< -o $@

# flashboot's wrappers see the Linux headers; the Linux files themselves build as they are, warnings relaxed
$(O)/lib/%.o: CFLAGS += $(LINUXLIB_INC) $(DECOMP_FLAGS)
# ARM -O2 where it pays (make bench, 4 MiB of ARM code; docs/benchmarks.md): gzip's hot loop, inffast.c
# (31.2 -> 19.6 instructions/byte for +572 B; inflate.c and inftrees.c as ARM too: 18.7 for +3.4 KB more),
# and lzma (174 -> 77 for +2.4 KB); lz4 (26.3 -> 22.2, +4.9 KB) and zstd (47.1 -> 37.1, +22.9 KB) stay Thumb -Os
DECOMP_ARM := lib/unlzma.o linuxlib/lib/zlib_inflate/inffast.o
$(addprefix $(O)/,$(DECOMP_ARM)): DECOMP_FLAGS := -marm -O2
$(O)/linuxlib/%.o: $(LINUXLIB_DIR)/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      linuxlib/$*.c")
	$(Q)$(CC) $(filter-out -Werror -Wextra $(PROTO_WARN) -Iinclude,$(CFLAGS)) $(LINUXLIB_INC) $(DECOMP_FLAGS) -c $< -o $@

$(O)/flashboot.elf: $(OBJS) linker/arm.lds
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) -lc -lgcc
	@echo "size of $@ ($(BOARD)):"
	@$(SIZE) $@

$(O)/flashboot.bin: $(O)/flashboot.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	$(if $(POST_BIN),$(Q)$(POST_BIN) $@)
	@printf '%s: %d bytes\n' $@ $$(stat -c %s $@)
	@if [ $$(stat -c %s $@) -gt $(MAX_BIN) ]; then \
	  echo "$@: $$(stat -c %s $@) bytes, over this build's limit of $(MAX_BIN) (make size shows what costs what)"; \
	  rm -f $@; exit 1; fi

# bytes per folder and per optional feature (from the map files), for each board and the minimal and full variants
size:
	@for b in versatilepb mini2440 versatilepb:minimal versatilepb:full; do board=$${b%:*}; cfg=$${b#$$board}; cfg=$${cfg#:}; \
	  o=out/$$board$${cfg:+-$$cfg}; \
	  $(MAKE) -s --no-print-directory BOARD=$$board CONFIG=$$cfg all >/dev/null || exit 1; \
	  $(PY) tools/size.py $$board$${cfg:+ CONFIG=$$cfg} $$o; \
	  printf '%s: stage 1 (__stage1_end - _start) %d of 4096 bytes\n\n' $$b $$(( $$($(CROSS)nm $$o/flashboot.elf | \
	    awk '$$3 == "__stage1_end" { e = $$1 } $$3 == "_start" { s = $$1 } END { print "0x" e " - 0x" s }') )); done

-include $(OBJS:.o=.d)
$(O)/common/main.o $(O)/cmd/sys.o: $(REV_STAMP)
endif

# the objects a board links, for tools/check-layers.sh
print-objs:
	@echo $(filter %.o,$(if $(filter sim,$(BOARD)),$(SIM_OBJS),$(OBJS)))

# no file calls or includes a higher layer (docs/ARCHITECTURE.md, "Layer check")
layers:
	@for b in versatilepb mini2440 sim; do $(MAKE) -s --no-print-directory BOARD=$$b all >/dev/null || exit 1; done
	@bash tools/run-tests.sh layers

# ---------------------------------------------------------------- host tests
HOSTCC := gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror $(PROTO_WARN) -DHOST_SIM -Iinclude -Itests/sim \
	-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HOST_LIBS := -lcmocka -lfdt

# Each layer is a host archive of the objects its build.mk lists (all of them, whatever a board's
# CONFIG_ lines say; the boot path with CONFIG_FDT), plus one of the device models in tests/sim/;
# the unit tests link against them. Host objects carry their header dependencies (-MMD -MP).
# One archive set per flavour: $(HOSTO)/{obj,lib} for the unit tests (gcc, ASan+UBSan) and
# $(FUZZO)/{obj,lib} for the fuzzers (clang, libFuzzer's coverage instrumentation, plus libfdt's sources).
HOST_LAYERS := common mtd drivers env fdt boot cmd net board/mini2440
HOST_CONFIG := -DCONFIG_FDT=1 -DCONFIG_FIT_SIGNATURE=1 -Iboard/mini2440 -DBOARD_NAME=\"host\" -DFB_VERSION=\"$(VERSION)\" -DFB_GIT_REV=\"host\"
# target-only objects: newlib glue and string functions; the timers and busy-wait delays (tests/sim/sim_bus.c keeps the
# host's simulated time)
HOST_DROP := common/syscalls.o common/string.o drivers/timer/delay.o drivers/timer/sp804.o drivers/timer/s3c2440_timer.o
# $(1): the flavour's folder, $(2): a layer
host_layer_objs = $(foreach o,$(filter-out $(HOST_DROP),$(filter %.o,$(shell sed -n 's/^obj-[^ ]* *+= *//p' \
	$(2)/build.mk))),$(if $(wildcard $(o:.o=.c)),$(1)/obj/$(o)))
host_lib = $(1)/lib/$(subst /,-,$(2)).a
host_archives = $(foreach l,$(HOST_LAYERS),$(call host_lib,$(1),$(l))) $(1)/lib/sim.a
define host_layer_rule
$(call host_lib,$(1),$(2)): $(call host_layer_objs,$(1),$(2)) $(2)/build.mk Makefile
	@mkdir -p $$(dir $$@); rm -f $$@
	@echo "  AR      $$@"
	$(Q)ar rcs $$@ $$(filter %.o,$$^)
endef
define host_flavour
$(foreach l,$(HOST_LAYERS),$(eval $(call host_layer_rule,$(1),$(l))))
$(1)/lib/sim.a: $(patsubst %.c,$(1)/obj/%.o,$(wildcard tests/sim/*.c))
	@mkdir -p $$(dir $$@); rm -f $$@
	@echo "  AR      $$@"
	$(Q)ar rcs $$@ $$^
-include $(shell find $(1)/obj -name '*.d' 2>/dev/null)
endef

HOST_ARCHIVES := $(call host_archives,$(HOSTO))
$(eval $(call host_flavour,$(HOSTO)))
$(HOSTO)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(HOST_CONFIG) -MMD -MP -c $< -o $@

UNIT_TESTS :=
include $(wildcard tests/unit/*.mk)

# a unit test: tests/unit/<name>.c (+ <name>-objs: objects a test needs whole, e.g. a command whose
# CMD() entry nothing else references) against the archives
define unit_rule
$(HOSTO)/unit/$(1): $(HOSTO)/obj/tests/unit/$(1).o $$($(1)-objs) $(HOST_ARCHIVES) | $(HOSTO)/unit
	@echo "  LD      $$@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $$@ $$< $$($(1)-objs) -Wl,--start-group $(HOST_ARCHIVES) -Wl,--end-group \
		$(HOST_LIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

# host programs the Python tests run, linked the same way (tests/host/test_env_tools.py: envtool)
$(HOSTO)/host/%: $(HOSTO)/obj/tests/host/%.o $(HOST_ARCHIVES)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< -Wl,--start-group $(HOST_ARCHIVES) -Wl,--end-group $(HOST_LIBS)
$(HOSTO)/unit:
	@mkdir -p $@

unit-build: $(addprefix $(HOSTO)/unit/,$(UNIT_TESTS))
# what the unit tests read besides their own sources: the DT test kernel's versatile-pb.dtb
# (test_fdt) and the mini2440 firmware (test_mini2440_flash); built first so nothing skips
unit-artifacts:
	@$(MAKE) --no-print-directory BOARD=mini2440 all >/dev/null
	@bash tools/build-test-kernel.sh dt >/dev/null
unit: unit-build unit-artifacts
	@FB_TEST_KERNEL_DT=$$(bash tools/build-test-kernel.sh dt) \
	  bash tools/run-tests.sh unit $(addprefix $(HOSTO)/unit/,$(UNIT_TESTS))

FUZZ_TARGETS :=
include $(wildcard tests/fuzz/*.mk)
# make test: a fixed seed and run count on a fresh corpus, so CI replays the
# same inputs every time (and the saved seeds, crashes included);
# make fuzz-long: open-ended exploration that keeps its corpus in out/.
FUZZ_RUNS ?= 150000
FUZZ_SECONDS ?= 300
# The fuzz flavour: every layer (and libfdt, from the same sources as the firmware) built by clang with
# coverage instrumentation; a target is tests/fuzz/<name>.c linked against these archives.
FUZZO := $(HOSTO)/fuzzlib
FUZZ_CFLAGS := -g -O1 -DHOST_SIM -DFUZZING -Iinclude -Itests/sim $(if $(LIBFDT_HOME),-I$(LIBFDT_HOME)) \
	-fsanitize=fuzzer-no-link,address,undefined
FUZZ_CONFIG := $(HOST_CONFIG) -DCONFIG_SHA1=1 -DCONFIG_SHA256=1
FUZZ_ARCHIVES := $(call host_archives,$(FUZZO)) $(FUZZO)/lib/libfdt.a
$(eval $(call host_flavour,$(FUZZO)))
$(FUZZO)/obj/%.o: %.c | libfdt-check-host
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)clang $(FUZZ_CFLAGS) $(FUZZ_CONFIG) -MMD -MP -c $< -o $@
$(FUZZO)/obj/libfdt/%.o: $(LIBFDT_HOME)/%.c | libfdt-check-host
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  libfdt/$(notdir $<)")
	$(Q)clang $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZO)/lib/libfdt.a: $(addprefix $(FUZZO)/obj/libfdt/,fdt.o fdt_ro.o fdt_rw.o fdt_wip.o fdt_sw.o \
		fdt_strerror.o fdt_addresses.o fdt_empty_tree.o)
	@mkdir -p $(dir $@); rm -f $@
	@echo "  AR      $@"
	$(Q)ar rcs $@ $^
libfdt-check-host:
	@if [ -z "$(LIBFDT_HOME)" ]; then \
	  echo "libfdt's sources are not in $(FB_CACHE): run make deps (installs the Debian packages, extracts libfdt)"; \
	  exit 1; fi
# <name>-objs: objects a target needs whole (e.g. a command whose CMD() entry nothing else references)
define fuzz_rule
$(HOSTO)/fuzz/$(1): $(FUZZO)/obj/tests/fuzz/$(1).o $$($(1)-objs) $(FUZZ_ARCHIVES) | $(HOSTO)/fuzz
	@echo "  LD      $$@"
	$(Q)clang -g -fsanitize=fuzzer,address,undefined -o $$@ $$< $$($(1)-objs) \
		-Wl,--start-group $(FUZZ_ARCHIVES) -Wl,--end-group
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))
$(HOSTO)/fuzz:
	@mkdir -p $@
fuzz-build: $(addprefix $(HOSTO)/fuzz/,$(FUZZ_TARGETS))
fuzz: fuzz-build
	@bash tools/run-tests.sh fuzz $(FUZZ_RUNS) $(addprefix $(HOSTO)/fuzz/,$(FUZZ_TARGETS))
fuzz-long: fuzz-build
	@bash tools/run-tests.sh fuzz-long $(FUZZ_SECONDS) $(addprefix $(HOSTO)/fuzz/,$(FUZZ_TARGETS))

# ---------------------------------------------------------------- QEMU
host-py:
	@bash tools/run-tests.sh pytest tests/host

# the test kernels and root (cached under ~/.cache/flashboot): built before the QEMU tier so
# its real-kernel cases run instead of skipping on a fresh machine
test-artifacts:
	@bash tools/build-test-kernel.sh dt >/dev/null
	@bash tools/build-test-kernel.sh atag >/dev/null
	@bash tools/build-test-rootfs.sh >/dev/null
	@bash tools/build-test-rootfs.sh --broken >/dev/null

qemu-test: all full test-artifacts
	@bash tools/run-tests.sh pytest tests/qemu

# the firmware built for the host (BOARD=sim) against the mini2440 flash models, on its console
sim-test:
	@$(MAKE) --no-print-directory BOARD=sim all
	@bash tools/run-tests.sh pytest tests/simboard

# the minimal variant (board/minimal.mk); tests/e2e/test_minimal.py boots it
minimal:
	@$(MAKE) --no-print-directory BOARD=versatilepb CONFIG=minimal all >/dev/null

# the variant with every decompressor (board/full.mk); tests/qemu/test_decomp.py runs it
full:
	@$(MAKE) --no-print-directory BOARD=versatilepb CONFIG=full all >/dev/null

e2e: all test-artifacts minimal full
	@bash tools/run-tests.sh pytest tests/e2e

# Everything the tiers read is built first (boards, then the test kernels and root), so a fresh
# machine passes on its first run; a skipped test counts as a failure (see tools/run-tests.sh).
# the Debian packages (tools/install-deps.sh) and libfdt's sources (tools/fetch-libfdt.sh)
deps:
	@bash $(DEPS)
	@bash tools/fetch-libfdt.sh >/dev/null
	@bash tools/fetch-linux-lib.sh >/dev/null

test:
	@$(MAKE) --no-print-directory deps
	@rm -f out/test-results.txt
	@bash tools/run-tests.sh build versatilepb mini2440 sim versatilepb:minimal versatilepb:full; \
	  bash tools/run-tests.sh artifacts; \
	  $(MAKE) -k --no-print-directory layers unit host-py fuzz qemu-test sim-test e2e; \
	  bash tools/run-tests.sh summary

run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@$(if $(filter sim,$(BOARD)),$(O)/flashboot $(SIM_ARGS),bash tools/run-qemu.sh $(O))

# make run keeps out/demo/nor.img (and so a saveenv) while its inputs are unchanged; this starts again
run-reset:
	rm -f out/demo/nor.img out/demo/inputs

BENCH_PROGS :=
include $(wildcard tests/bench/*.mk)
define bench_rule
$(HOSTO)/bench/$(1): $$($(1)-src) $$(wildcard include/*.h tests/sim/*.h)
	@mkdir -p $$(dir $$@)
	$(HOSTCC) -std=gnu11 -O2 -DHOST_SIM -Iinclude -Itests/sim $$($(1)-cflags) -o $$@ $$($(1)-src) -lfdt
endef
$(foreach t,$(BENCH_PROGS),$(eval $(call bench_rule,$(t))))

bench: all full $(addprefix $(HOSTO)/bench/,$(BENCH_PROGS))
	@BENCH_PROGS="$(BENCH_PROGS)" bash tests/bench/run.sh

# C style (.clang-format, docs/ARCHITECTURE.md "Style"): make format rewrites every C file in place,
# make format-check lists the files that differ from it (and fails if any does); not in make test yet
FORMAT_FILES = $(sort $(patsubst ./%,%,$(shell find . \( -path ./out -o -path './.*' \) -prune -o -name '*.[ch]' -print)))
format:
	@clang-format -i $(FORMAT_FILES)
format-check:
	@bad=$$(clang-format --dry-run $(FORMAT_FILES) 2>&1 | \
	  sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | uniq); \
	  if [ -n "$$bad" ]; then echo "$$bad"; \
	  echo "format-check: $$(echo "$$bad" | wc -l) of $(words $(FORMAT_FILES)) files differ from .clang-format (make format)"; \
	  exit 1; fi; echo "format-check: $(words $(FORMAT_FILES)) files match .clang-format"

clean:
	rm -rf out
