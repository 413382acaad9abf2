# objects of lib: flashboot's wrappers (lib/*.c) around Linux's decompressors, whose sources
# tools/fetch-linux-lib.sh extracts from linux-source-6.1 into the cache (linuxlib-y: paths in that
# tree; one path list per line, the fuzz build reads them with sed)
obj-$(CONFIG_GZIP) += lib/gunzip.o
linuxlib-$(CONFIG_GZIP) += lib/zlib_inflate/inflate.o lib/zlib_inflate/inffast.o lib/zlib_inflate/inftrees.o
obj-$(CONFIG_LZMA) += lib/unlzma.o
obj-$(CONFIG_LZ4) += lib/unlz4.o
linuxlib-$(CONFIG_LZ4) += lib/lz4/lz4_decompress.o lib/xxhash.o
obj-$(CONFIG_ZSTD) += lib/unzstd.o
linuxlib-$(CONFIG_ZSTD) += lib/xxhash.o lib/zstd/zstd_decompress_module.o lib/zstd/decompress/zstd_decompress.o
linuxlib-$(CONFIG_ZSTD) += lib/zstd/decompress/zstd_decompress_block.o lib/zstd/decompress/huf_decompress.o
linuxlib-$(CONFIG_ZSTD) += lib/zstd/decompress/zstd_ddict.o lib/zstd/common/entropy_common.o
linuxlib-$(CONFIG_ZSTD) += lib/zstd/common/fse_decompress.o lib/zstd/common/zstd_common.o lib/zstd/common/error_private.o
