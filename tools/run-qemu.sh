#!/usr/bin/env bash
# make run: boots flashboot in QEMU versatilepb with the demo NOR image (Linux + squashfs root); Ctrl-A X quits.
set -eu
out=${1:-out/versatilepb}
shift || true
demo=out/demo
echo "run: assembling $demo/nor.img (the first run builds the test kernel from Debian's linux-source-6.1:" \
	"about 4 minutes, progress below)"
bash tools/mkdemo.sh "$demo"
echo "Starting QEMU versatilepb: flashboot autoboots Linux from NOR (press a key to get the prompt);" \
	"Linux ends at a small shell (help; reboot leaves). Ctrl-A X quits QEMU." \
	"At the prompt, 'run netboot' loads kernel, DTB and root over TFTP instead (QEMU serves $demo/tftp)."
exec qemu-system-arm -M versatilepb -m 128M -nographic -no-reboot -audiodev none,id=n0 \
	-kernel "$out/flashboot.bin" -drive if=pflash,file="$demo/nor.img",format=raw \
	-nic user,model=smc91c111,tftp="$demo/tftp" "$@"
