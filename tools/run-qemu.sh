#!/usr/bin/env bash
# make run: boots flashboot in QEMU versatilepb with the demo NOR image (Linux + squashfs root); Ctrl-A X quits.
set -eu
out=${1:-out/versatilepb}
shift || true
demo=out/demo
bash tools/mkdemo.sh "$demo"
echo "Starting QEMU versatilepb: flashboot autoboots Linux from NOR (press a key to get the prompt); Ctrl-A X quits."
exec qemu-system-arm -M versatilepb -m 128M -nographic -no-reboot -audiodev none,id=n0 \
	-kernel "$out/flashboot.bin" -drive if=pflash,file="$demo/nor.img",format=raw "$@"
