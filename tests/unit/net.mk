UNIT_TESTS += test_net
UNIT_TESTS += test_dm9000
test_dm9000-src := tests/unit/test_dm9000.c drivers/net/dm9000.c tests/sim/dm9000_model.c tests/sim/sim_bus.c
