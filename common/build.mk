# objects of common
obj-y += common/crc32.o
