#!/usr/bin/env bash
# Prints the directory holding the Linux decompressors flashboot builds (zlib inflate, unlzma, LZ4,
# zstd, xxhash), extracted once from Debian's linux-source-6.1 tarball, as fetch-libfdt.sh does for libfdt.
#
# Usage: tools/fetch-linux-lib.sh
# Output (stdout): only the directory path (e.g. ~/.cache/flashboot/linuxlib-6.1.192-3); progress on stderr.
# The tree keeps Linux's layout (lib/..., include/linux/...); nothing of it is copied into the repository.
# Called by make deps; the Makefile finds the directory in the cache by the same rule (last complete one).
set -eu

CHECK="lib/zlib_inflate/inflate.c lib/zlib_inflate/inffast.c lib/zlib_inflate/inftrees.c lib/decompress_unlzma.c
lib/lz4/lz4_decompress.c lib/zstd/decompress_sources.h lib/xxhash.c include/linux/zlib.h include/linux/zstd_lib.h"
# shellcheck source=tools/linux-source-part.sh
. "$(dirname "$0")/linux-source-part.sh"
# shellcheck disable=SC2086
linux_source_part linuxlib 0 "$CHECK" lib/zlib_inflate lib/decompress_unlzma.c lib/lz4 lib/zstd lib/xxhash.c \
	include/linux/zlib.h include/linux/zutil.h include/linux/zconf.h include/linux/lz4.h \
	include/linux/zstd.h include/linux/zstd_errors.h include/linux/zstd_lib.h include/linux/xxhash.h \
	include/linux/decompress/unlzma.h
