# CONFIG=full (make BOARD=versatilepb CONFIG=full): the board with every decompressor on (gzip, lzma,
# lz4, zstd: bootm -C, FIT compression, unzip, lzmadec); make test builds it and tests/qemu/test_decomp.py
# boots it. Its own limit (224 KiB): the default's 160 KiB plus the decompressors (about 50 KB;
# 212,660 bytes on 2026-12-05).
MAX_BIN := 229376
CONFIG_GZIP := y
CONFIG_LZMA := y
CONFIG_LZ4 := y
CONFIG_ZSTD := y
