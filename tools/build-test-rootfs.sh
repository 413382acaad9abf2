#!/usr/bin/env bash
# Builds (once, cached) the test root filesystem (static init) as squashfs and initramfs; prints its directory.
#
# Usage: tools/build-test-rootfs.sh [--broken] [SIZE]
#   --broken: the A/B tests' bad root: /etc/fail-boot makes its init exit at once (kernel panic, reboot)
#   SIZE (or env FLASHBOOT_ROOTFS_SIZE): make rootfs.squashfs about SIZE bytes (never more) by sizing the
#   incompressible /pad.bin; suffixes K and M are powers of 1024 (e.g. 16M). Without it /pad.bin is 256 KiB.
# Output (stdout): the output directory ${FLASHBOOT_CACHE:-~/.cache/flashboot}/rootfs-<hash>/ holding
#   rootfs.squashfs     xz, -all-root, 128 KiB blocks, reproducible (timestamps 0)
#   initramfs.cpio.gz   the same tree (newc, gzip -9), for the initrd comparison
#   init                the unstripped static init (for debugging)
#   stamp               key=value facts: rootfs_id, squashfs_bytes, pad_bytes, pad_crc32, ...
# The tree: /sbin/init (static, arm-linux-gnueabi), /init -> sbin/init, /etc/rootfs-id (= <hash>),
#   /pad.bin (deterministic pseudo-random bytes), empty /proc /sys /dev /tmp.
# The init prints "FLASHBOOT-INIT: ..." lines (see tests/rootfs/init.c), including
#   "FLASHBOOT-INIT: file: /pad.bin size <pad_bytes> crc32 <pad_crc32> read in <s> s" and "rootfs-id: <hash>".
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
CC=arm-linux-gnueabi-gcc
broken=0
if [ "${1:-}" = --broken ]; then
	broken=1
	shift
fi
size_arg=${1:-${FLASHBOOT_ROOTFS_SIZE:-}}

log() { echo "build-test-rootfs: $*" >&2; }

to_bytes() {
	case "$1" in
	*[kK]) echo $((${1%?} * 1024)) ;;
	*[mM]) echo $((${1%?} * 1024 * 1024)) ;;
	*[!0-9]* | "")
		log "bad size '$1'"
		exit 2
		;;
	*) echo "$1" ;;
	esac
}

target=0
if [ -n "$size_arg" ]; then
	target=$(to_bytes "$size_arg")
fi

init_src="$top/tests/rootfs/init.c $top/tests/rootfs/fwenv.c"
hash=$( (
	echo "target=$target broken=$broken"
	$CC --version | head -1
	mksquashfs -version 2>/dev/null | head -1
	cat $init_src "$top/tests/rootfs/fwenv.h" "$0"
) | sha256sum | cut -c1-12)
out=$CACHE/rootfs-$hash
if [ -f "$out/stamp" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.rootfs.lock"
if ! flock -n 9; then
	log "waiting for another build of the test rootfs (lock $CACHE/.rootfs.lock)"
	flock 9
fi
if [ -f "$out/stamp" ]; then
	echo "$out"
	exit 0
fi
work=$(mktemp -d "$CACHE/.rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/tree

log "compiling the static init"
$CC -static -Os -Wall -Wextra -Werror -o "$work/init" $init_src
mkdir -p "$tree/sbin" "$tree/etc" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp"
arm-linux-gnueabi-strip -o "$tree/sbin/init" "$work/init"
chmod 755 "$tree/sbin/init"
ln -s sbin/init "$tree/init"
echo "$hash" >"$tree/etc/rootfs-id"
if [ $broken = 1 ]; then
	echo "this root's init fails (tests/e2e A/B fallback)" >"$tree/etc/fail-boot"
fi

# Deterministic incompressible data; prints its CRC-32 (what the init prints).
make_pad() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import random, sys, zlib
n = int(sys.argv[2])
data = random.Random(0x666c6173).randbytes(n)
open(sys.argv[1], "wb").write(data)
print("0x%08x" % zlib.crc32(data))
EOF
}

mksq() {
	rm -f "$work/rootfs.squashfs"
	mksquashfs "$tree" "$work/rootfs.squashfs" -comp xz -noappend -all-root \
		-mkfs-time 0 -all-time 0 -quiet -no-progress >/dev/null
	stat -c %s "$work/rootfs.squashfs"
}

if [ "$target" -eq 0 ]; then
	pad=$((256 * 1024))
	crc=$(make_pad "$tree/pad.bin" $pad)
	sq=$(mksq)
else
	crc=$(make_pad "$tree/pad.bin" 0)
	base=$(mksq)
	pad=$((target - base - 8192))
	if [ $pad -le 0 ]; then
		log "size $target is below the minimum image ($base bytes)"
		exit 1
	fi
	# Each try shrinks the pad by the overshoot (block lists and 4 KiB rounding are small).
	for _ in 1 2 3 4; do
		crc=$(make_pad "$tree/pad.bin" $pad)
		sq=$(mksq)
		[ "$sq" -le "$target" ] && break
		pad=$((pad - (sq - target) - 4096))
	done
	if [ "$sq" -gt "$target" ]; then
		log "could not fit the image into $target bytes"
		exit 1
	fi
fi

log "making initramfs.cpio.gz"
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9n >"$work/initramfs.cpio.gz"

mkdir -p "$work/out"
mv "$work/init" "$work/rootfs.squashfs" "$work/initramfs.cpio.gz" "$work/out/"
{
	echo "rootfs_id=$hash"
	echo "target_bytes=$target"
	echo "squashfs_bytes=$sq"
	echo "initramfs_bytes=$(stat -c %s "$work/out/initramfs.cpio.gz")"
	echo "init_bytes=$(stat -c %s "$tree/sbin/init")"
	echo "pad_bytes=$pad"
	echo "pad_crc32=$crc"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$work/out/stamp"
rm -rf "$out"
mv "$work/out" "$out"
log "done: rootfs.squashfs $sq bytes (pad $pad)"
echo "$out"
