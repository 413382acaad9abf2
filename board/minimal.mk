# CONFIG=minimal (make BOARD=versatilepb CONFIG=minimal): the board without the optional features a
# small system can do without; the image must stay <= 96 KiB (make test builds it). Boots ATAG kernels
# from flash; the shell keeps ; && || and if/for/while but not test/itest/true/false/setexpr.
MAX_BIN := 98304
CONFIG_FDT := n
# the serial loaders (Kermit: loadb, YMODEM: loady) and test/itest/true/false/setexpr
CONFIG_CMD_LOADB := n
CONFIG_CMD_LOADY := n
CONFIG_CMD_TEST := n
# setexpr sub/gsub (the regex matcher)
CONFIG_REGEX := n
# features other work adds: network, FIT images and their hashes/signatures, decompressors
CONFIG_NET := n
CONFIG_CMD_NET := n
CONFIG_FIT := n
CONFIG_SHA1 := n
CONFIG_SHA256 := n
CONFIG_RSA := n
CONFIG_FIT_SIGNATURE := n
CONFIG_GZIP := n
CONFIG_LZO := n
CONFIG_LZMA := n
CONFIG_LZ4 := n
CONFIG_ZSTD := n
