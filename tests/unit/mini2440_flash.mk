# mini2440 board flash: flash_init on the NAND/NOR models, layout, tools/mkflash NAND images read back, env power cuts
UNIT_TESTS += test_mini2440_flash
# what the test runs besides its own code
$(HOSTO)/unit/test_mini2440_flash: tools/mkflash tools/nandimg.c
