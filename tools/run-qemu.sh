#!/usr/bin/env bash
# Boots flashboot in QEMU versatilepb with the console on this terminal (Ctrl-A X quits).
set -eu
out=${1:-out/versatilepb}
shift || true
echo "Starting QEMU versatilepb; Ctrl-A X quits."
exec qemu-system-arm -M versatilepb -m 128M -nographic -no-reboot -audiodev none,id=n0 \
	-kernel "$out/flashboot.bin" "$@"
