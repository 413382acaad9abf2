#!/usr/bin/env bash
# Assembles the QEMU demo: NOR image with firmware, environment, boot script, DTB, Linux 6.1 zImage and a squashfs root.
# Usage: tools/mkdemo.sh OUTDIR   (prints nothing but errors; OUTDIR/nor.img is the result)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${1:-$top/out/demo}
mkdir -p "$out"
kdir=$(bash "$here/build-test-kernel.sh" dt)
rdir=$(bash "$here/build-test-rootfs.sh")
mkimage -A arm -O linux -T script -C none -n "flashboot demo" -d "$here/demo/boot.cmd" "$out/boot.scr" >/dev/null
mtdparts=$(sed -n 's/^mtdparts=//p' "$here/demo/env.txt")
"$here/mkflash" nor -o "$out/nor.img" --mtdparts "$mtdparts" \
	firmware="$top/out/versatilepb/flashboot.bin" env="$here/demo/env.txt" \
	dtb="$kdir/versatile-pb.dtb" script="$out/boot.scr" kernel="$kdir/zImage" rootfs="$rdir/rootfs.squashfs"
