# The four decompressors (lib/*.c and the Linux sources lib/build.mk names, from the same cache the
# firmware builds them from), instrumented like the layers.
FUZZ_TARGETS += fuzz_decomp
FUZZ_LINUXLIB_INC := -Ilib/shim/include -I$(LINUXLIB_HOME)/include -I$(LINUXLIB_HOME)/lib
fuzz_decomp-linux := $(sort $(shell sed -n 's/^linuxlib-[^ ]* *+= *//p' lib/build.mk))
fuzz_decomp-objs := $(patsubst %.c,$(FUZZO)/obj/%.o,$(wildcard lib/*.c)) \
	$(addprefix $(FUZZO)/obj/linuxlib/,$(fuzz_decomp-linux))
$(FUZZO)/obj/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)clang $(FUZZ_CFLAGS) $(FUZZ_LINUXLIB_INC) -MMD -MP -c $< -o $@
$(FUZZO)/obj/linuxlib/%.o: $(LINUXLIB_HOME)/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  linuxlib/$*.c")
	$(Q)clang $(FUZZ_CFLAGS) $(FUZZ_LINUXLIB_INC) -w -c $< -o $@
$(FUZZO)/obj/tests/fuzz/fuzz_decomp.o: FUZZ_CFLAGS += $(FUZZ_LINUXLIB_INC)
