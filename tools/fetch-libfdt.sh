#!/usr/bin/env bash
# Prints the directory holding libfdt's sources, extracted once from Debian's linux-source-6.1 tarball.
#
# Usage: tools/fetch-libfdt.sh
# Output (stdout): only the directory path (e.g. ~/.cache/flashboot/libfdt-6.1.192-2); progress on stderr.
# Called by make deps (make test and make run call it): when cached it only tests a few paths (no apt, no tar).
# The Makefile finds the directory in the cache by the same rule without running this script.
# The newest cached version wins; FLASHBOOT_REFRESH=1 asks apt for a newer linux-source-6.1 (see fetch-linux-source.sh).
# The sources work unchanged with arm-none-eabi-gcc -ffreestanding + newlib and with the host gcc.
set -eu

CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
FILES="fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c fdt_strerror.c fdt_addresses.c fdt_empty_tree.c
fdt_overlay.c libfdt.h fdt.h libfdt_env.h libfdt_internal.h"

# Fast path: glob order is lexical; the last complete directory is taken.
if [ -z "${FLASHBOOT_REFRESH:-}" ]; then
	best=""
	for d in "$CACHE"/libfdt-*; do
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
dest=$CACHE/libfdt-$version
if [ -f "$dest/.complete" ]; then
	echo "$dest"
	exit 0
fi

echo "fetch-libfdt: extracting scripts/dtc/libfdt from $tarball (once)" >&2
tmp=$(mktemp -d "$CACHE/.libfdt.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" --strip-components=4 linux-source-6.1/scripts/dtc/libfdt
for f in $FILES; do
	if [ ! -f "$tmp/$f" ]; then
		echo "fetch-libfdt: $f missing from the tarball" >&2
		exit 1
	fi
done
echo "$version" >"$tmp/.complete"
rm -rf "$dest"
mv "$tmp" "$dest"
chmod 755 "$dest"
trap - EXIT
echo "$dest"
