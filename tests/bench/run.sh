#!/usr/bin/env bash
# make bench: prints figures (sizes, instruction counts under QEMU -icount, host throughput); never a pass/fail test.
set -eu
cd "$(dirname "$0")/../.."
echo "== firmware size"
# figures, never a verdict: a build over its size limit is reported and the benchmarks still run
make -s size || echo "(make size failed: a build is over its limit; the figures below are still measured)"
for b in $BENCH_PROGS; do
	echo "== $b"
	"out/host/bench/$b"
done
echo "== QEMU versatilepb (-icount shift=0,sleep=off: 1 ns of guest time = 1 instruction): boot, NOR, FIT hashes, TFTP, Linux boot"
/usr/bin/python3 tests/bench/bench.py
