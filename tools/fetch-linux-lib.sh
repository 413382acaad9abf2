#!/usr/bin/env bash
# Prints the directory holding the Linux decompressors flashboot builds (zlib inflate, unlzma, LZ4,
# zstd, xxhash), extracted once from Debian's linux-source-6.1 tarball, as fetch-libfdt.sh does for libfdt.
#
# Usage: tools/fetch-linux-lib.sh
# Output (stdout): only the directory path (e.g. ~/.cache/flashboot/linuxlib-6.1.192-3); progress on stderr.
# The tree keeps Linux's layout (lib/..., include/linux/...); nothing of it is copied into the repository.
# Called by make deps; the Makefile finds the directory in the cache by the same rule (last complete one).
set -eu

CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
PATHS="lib/zlib_inflate lib/decompress_unlzma.c lib/lz4 lib/zstd lib/xxhash.c
include/linux/zlib.h include/linux/zutil.h include/linux/zconf.h include/linux/lz4.h
include/linux/zstd.h include/linux/zstd_errors.h include/linux/zstd_lib.h include/linux/xxhash.h
include/linux/decompress/unlzma.h"
CHECK="lib/zlib_inflate/inflate.c lib/zlib_inflate/inffast.c lib/zlib_inflate/inftrees.c lib/decompress_unlzma.c
lib/lz4/lz4_decompress.c lib/zstd/decompress_sources.h lib/xxhash.c include/linux/zlib.h include/linux/zstd_lib.h"

if [ -z "${FLASHBOOT_REFRESH:-}" ]; then
	best=""
	for d in "$CACHE"/linuxlib-*; do
		[ -f "$d/.complete" ] && best=$d
	done
	if [ -n "$best" ]; then
		echo "$best"
		exit 0
	fi
fi

here=$(cd "$(dirname "$0")" && pwd)
tarball=$(bash "$here/fetch-linux-source.sh")
version=$(basename "$(dirname "$tarball")")
dest=$CACHE/linuxlib-$version
if [ -f "$dest/.complete" ]; then
	echo "$dest"
	exit 0
fi

echo "fetch-linux-lib: extracting the decompressors from $tarball (once)" >&2
mkdir -p "$CACHE"
tmp=$(mktemp -d "$CACHE/.linuxlib.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
tar -xJf "$tarball" -C "$tmp" --strip-components=1 $(for p in $PATHS; do echo "linux-source-6.1/$p"; done)
for f in $CHECK; do
	if [ ! -f "$tmp/$f" ]; then
		echo "fetch-linux-lib: $f missing from the tarball" >&2
		exit 1
	fi
done
echo "$version" >"$tmp/.complete"
rm -rf "$dest"
mv "$tmp" "$dest"
chmod 755 "$dest"
trap - EXIT
echo "$dest"
