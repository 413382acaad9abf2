#!/usr/bin/env bash
# make bench: prints figures (sizes, instruction counts under QEMU -icount, host throughput); never a pass/fail test.
set -eu
cd "$(dirname "$0")/../.."
echo "== firmware size"
make -s size
for b in $BENCH_PROGS; do
	echo "== $b"
	"out/host/bench/$b"
done
echo "== QEMU versatilepb (-icount shift=0,sleep=off: 1 ns of guest time = 1 instruction): boot, NOR, Linux boot"
/usr/bin/python3 tests/bench/bench.py
