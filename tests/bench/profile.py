"""Where the headline boot's instructions go, per function: QEMU's own trace under -icount.

QEMU logs each translated block's instructions (-d in_asm) and each run of a block (-d exec,
nochain); instructions per block times its runs, attributed to functions by the ELF's symbols,
up to 'Starting kernel'. The sum comes within ~0.5 % of the firmware's 'Handover at' figure.
  /usr/bin/python3 tests/bench/profile.py [--mtdparts 0|1] [--top N] [--window FUNC]
--window FUNC: the functions run between FUNC's first and last block (FUNC and what it calls,
for a function called once, e.g. fdt_check_struct or env_import)."""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import boot_bench  # noqa: E402
from fbconsole import Console  # noqa: E402

INSN = re.compile(r"^0x([0-9a-f]{8}):")


def symbols(elf):
    out = subprocess.run(["arm-none-eabi-nm", "-n", elf], check=True, capture_output=True, text=True).stdout
    syms = sorted((int(f[0], 16), f[2]) for f in (l.split() for l in out.splitlines())
                  if len(f) == 3 and f[1] in "tTwW")
    return [a for a, _ in syms], [n for _, n in syms]


def trace(log):
    """Block sizes by start address, and the start addresses of the blocks run, in order."""
    size, runs, cur = {}, [], None
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                cur, n = None, 0
            elif line.startswith("Trace"):
                runs.append(int(line.split("[")[1].split("/")[1], 16))
            else:
                m = INSN.match(line)
                if m:
                    cur = cur if cur is not None else int(m.group(1), 16)
                    n += 1
                    size[cur] = n
    return size, runs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mtdparts", default="1", help="fdt_mtdparts in the environment")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--window")
    a = ap.parse_args(argv)
    elf = os.path.splitext(boot_bench.FW)[0] + ".elf"
    rdir = boot_bench.tool_dir("build-test-rootfs.sh", "16M")
    with tempfile.TemporaryDirectory() as d:
        kernel = boot_bench.padded_kernel(d)[0]
        nor = boot_bench.make_nor(d, "profile", kernel, os.path.join(rdir, "rootfs.squashfs"),
                                  boot_bench.root_lines("phram", 0), fdt_mtdparts=a.mtdparts)
        log = os.path.join(d, "qemu.log")
        c = Console.qemu(pflash=nor, icount=True, timeout=600, extra=["-d", "in_asm,exec,nochain", "-D", log])
        try:
            c.expect("Starting kernel", timeout=600)
        finally:
            c.close()
        size, runs = trace(log)
    addrs, names = symbols(elf)

    def fn(pc):
        i = bisect.bisect_right(addrs, pc) - 1
        return names[i] if i >= 0 else "?"
    if a.window:
        idx = [i for i, pc in enumerate(runs) if fn(pc) == a.window]
        if not idx:
            sys.exit("%s never ran" % a.window)
        runs = runs[idx[0]:idx[-1] + 1]
    per = collections.Counter()
    for pc in runs:
        per[fn(pc)] += size.get(pc, 0)
    print("%s instructions%s (fdt_mtdparts=%s)" % ("{:,}".format(sum(per.values())),
          " from %s's first to its last block" % a.window if a.window else " from reset to 'Starting kernel'",
          a.mtdparts))
    for name, n in per.most_common(a.top):
        print("%10s %s" % ("{:,}".format(n), name))


if __name__ == "__main__":
    main()
