UNIT_TESTS += test_mini2440
test_mini2440-src := tests/unit/test_mini2440.c board/mini2440/clocks.c drivers/serial/s3c2440_uart.c \
	drivers/timer/s3c2440_wdt.c tests/sim/sim_bus.c tests/sim/s3c2440_soc_model.c
test_mini2440-cflags := -Iboard/mini2440
