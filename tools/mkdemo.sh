#!/usr/bin/env bash
# Assembles the QEMU demo: NOR image with firmware, environment, boot script, DTB, Linux 6.1 zImage and the squashfs
# root in both slots, A (rootfs) and B (rootfs_b).
# Usage: tools/mkdemo.sh OUTDIR   (OUTDIR/nor.img is the result; one line on stderr says what it did)
# The image is kept while its inputs (environment, script, DTB, kernel, root, mkflash) are unchanged, so a
# saveenv in the demo survives the next make run; only the firmware partition is refreshed. Delete
# OUTDIR/nor.img (or run make run-reset) to start again from the demo's environment.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${1:-$top/out/demo}
fw=$top/out/versatilepb/flashboot.bin
mkdir -p "$out"
kdir=$(bash "$here/build-test-kernel.sh" dt)
rdir=$(bash "$here/build-test-rootfs.sh")
mkimage -A arm -O linux -T script -C none -n "flashboot demo" -d "$here/demo/boot.cmd" "$out/boot.scr.new" >/dev/null
if ! cmp -s "$out/boot.scr.new" "$out/boot.scr"; then mv "$out/boot.scr.new" "$out/boot.scr"; fi
rm -f "$out/boot.scr.new"
# what `run netboot` fetches from QEMU's TFTP server (run-qemu.sh: -nic user,tftp=OUTDIR/tftp)
mkdir -p "$out/tftp"
ln -sf "$kdir/zImage" "$kdir/versatile-pb.dtb" "$rdir/rootfs.squashfs" "$out/tftp/"
mtdparts=$(sed -n 's/^mtdparts=//p' "$here/demo/env.txt")
inputs=$(sha256sum "$here/demo/env.txt" "$here/demo/boot.cmd" "$here/mkflash" "$kdir/versatile-pb.dtb" \
	"$kdir/zImage" "$rdir/rootfs.squashfs" | sed "s|$top/||; s|$HOME/||")
if [ -f "$out/nor.img" ] && [ -f "$out/inputs" ] && [ "$inputs" = "$(cat "$out/inputs")" ]; then
	# the firmware partition (256 KiB at offset 0) follows the build; the rest, the environment included, stays
	if [ "$(stat -c %s "$fw")" -gt 262144 ]; then
		echo "mkdemo: $fw is larger than the demo's 256 KiB firmware partition" >&2
		exit 1
	fi
	dd if="$fw" of="$out/nor.img" conv=notrunc status=none
	echo "mkdemo: keeping $out/nor.img (a saveenv survives; make run-reset starts again from tools/demo/env.txt)" >&2
	exit 0
fi
[ -f "$out/nor.img" ] && echo "mkdemo: the demo's inputs changed: rebuilding $out/nor.img" >&2
rm -f "$out/inputs"
"$here/mkflash" nor -o "$out/nor.img" --mtdparts "$mtdparts" \
	firmware="$fw" env="$here/demo/env.txt" \
	dtb="$kdir/versatile-pb.dtb" script="$out/boot.scr" kernel="$kdir/zImage" rootfs="$rdir/rootfs.squashfs" \
	rootfs_b="$rdir/rootfs.squashfs"
echo "$inputs" >"$out/inputs"
echo "mkdemo: made $out/nor.img from tools/demo/env.txt, the boot script, the test kernel and root" >&2
