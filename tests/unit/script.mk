UNIT_TESTS += test_script
# the commands the scripts use, linked whole (nothing else references their CMD() entries)
test_script-objs := $(HOSTO)/obj/cmd/sys.o $(HOSTO)/obj/cmd/test.o $(HOSTO)/obj/cmd/setexpr.o $(HOSTO)/obj/cmd/setexpr_sub.o
