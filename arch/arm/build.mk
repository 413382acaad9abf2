# objects of arch/arm
obj-y += arch/arm/start.o arch/arm/cpu.o arch/arm/memcpy.o
