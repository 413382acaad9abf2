"""QEMU benchmarks for `make bench`: instruction counts read from the firmware's own clock under -icount."""
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fbconsole import Console  # noqa: E402


def ns_of(out):
    m = re.search(r"time: .*\((\d+) ns\)", out)
    if not m:
        raise RuntimeError("no timing in: " + out)
    return int(m.group(1))


def startup_instructions(norboot):
    """bdinfo's reset-to-autoboot figure on a NOR image holding the firmware at offset 0 (erased env)."""
    from fbconsole import firmware, make_nor_image
    with tempfile.TemporaryDirectory() as d:
        img = make_nor_image(os.path.join(d, "nor.img"), [(0, open(firmware(), "rb").read())])
        if norboot:  # the CPU starts in the flash: no -kernel
            c = Console.qemu(kernel=False, pflash=img, icount=True, timeout=60,
                             extra=["-device", "loader,addr=0x34000000,cpu-num=0"])
        else:
            c = Console.qemu(pflash=img, icount=True, timeout=60)
        try:
            c.stop_autoboot(timeout=60)
            out = c.cmd("bdinfo")
            return int(re.search(r"start-up    = (\d+) ns", out).group(1))
        finally:
            c.close()


def bench_boot():
    print("boot: %d instructions from reset to autoboot, loaded by -kernel (flash probe, env load "
          "with bad CRC)" % startup_instructions(False))
    print("boot: %d instructions from reset to autoboot, started in the NOR (run in place, copies "
          "itself to RAM, protects its sectors)" % startup_instructions(True))


def bench_nor():
    """NOR read and program figures, once the nor command exists."""
    with tempfile.TemporaryDirectory() as d:
        img = os.path.join(d, "nor.img")
        with open(img, "wb") as f:
            f.truncate(64 << 20)
        c = Console.qemu(pflash=img, icount=True, timeout=600)
        try:
            c.stop_autoboot(timeout=60)
            if "Unknown command" in c.cmd("help nor"):
                print("nor: no nor command in this build")
                return
            ns = ns_of(c.cmd("time nor read 0x01000000 0 0x01000000", timeout=600))
            print("nor read 16 MiB to RAM: %d instructions, %.4f instructions/byte" % (ns, ns / (16 << 20)))
            for w, n in (("b", 16 << 20), ("w", 8 << 20), ("l", 4 << 20)):
                ns = ns_of(c.cmd("time cp.%s 0x34000000 0x01000000 %x" % (w, n), timeout=600))
                print("cp.%s 16 MiB mapped NOR to RAM: %d instructions, %.4f instructions/byte" % (w, ns, ns / (16 << 20)))
            ns = ns_of(c.cmd("time cp.b 0x34000001 0x01000000 0xffffff", timeout=600))
            print("cp.b 16 MiB mapped NOR to RAM, source and target 1 byte apart in alignment: %d instructions, "
                  "%.4f instructions/byte" % (ns, ns / 0xffffff))
            for what in ("both copies erased", "one copy written"):
                ns = ns_of(c.cmd("time saveenv", timeout=600))
                print("saveenv (%s; 2 x 64 KiB copies, each in its own 256 KiB block): %d instructions"
                      % (what, ns))
            c.cmd("mw.l 0x01000000 0x5a5aa5a5 0x100000")
            c.cmd("nor erase 0x400000 0x400000", timeout=600)
            t0 = time.monotonic()
            ns = ns_of(c.cmd("time nor write 0x01000000 0x400000 0x400000", timeout=900))
            wall = time.monotonic() - t0
            print("nor program 4 MiB (buffered): %d instructions, %.3f instructions/byte, %.1f s wall time in QEMU"
                  % (ns, ns / (4 << 20), wall))
            c.cmd("nor erase 0xc00000 0x100000", timeout=600)
            ns = ns_of(c.cmd("time cp.b 0x01000000 0x34c00000 0x100000", timeout=900))
            print("cp.b 1 MiB RAM to erased NOR (programs it): %d instructions, %.3f instructions/byte"
                  % (ns, ns / (1 << 20)))
        finally:
            c.close()


def bench_headline():
    import boot_bench
    print("== headline: reset -> kernel entry, 4 MiB kernel + 256 KiB DTB partition + 16 MiB squashfs (phram) "
          "from NOR; floor = the three copies timed in the same boot")
    boot_bench.headline()


def bench_fit_hashes():
    """sha256/sha1/crc32 in the firmware: `time iminfo` of a FIT with one 4 MiB image and one hash,
    minus the same FIT without a hash (the walk and the printing)."""
    import fitutil as fu
    size = 4 << 20
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "data.bin")
        with open(data, "wb") as f:
            f.write(os.urandom(size))
        fits = []
        for algo in ("none", "sha256", "sha1", "crc32"):
            img = fu.image_node("img", data, "filesystem", () if algo == "none" else (algo,))
            fits.append((algo, fu.mkimage_fit(fu.its([img], []), os.path.join(d, algo + ".itb"))))
        load = [(path, 0x01000000 + i * 0x00800000) for i, (_, path) in enumerate(fits)]
        c = Console.qemu(icount=True, timeout=600, load=load)
        try:
            c.stop_autoboot(timeout=60)
            ns = [ns_of(c.cmd("time iminfo %x" % addr, timeout=600)) for _, addr in load]
        finally:
            c.close()
        for (algo, _), n in zip(fits[1:], ns[1:]):
            print("fit %s of 4 MiB (iminfo): %d instructions, %.2f instructions/byte"
                  % (algo, n - ns[0], (n - ns[0]) / size))


def bench_linux():
    """Reset to kernel entry with a 4 MiB kernel and a 16 MiB root from NOR; Linux's time to init per root kind."""
    import boot_bench
    print("== Linux 6.1 boot from NOR (tests/bench/boot_bench.py; table explained in docs/benchmarks.md)")
    boot_bench.main([])


if __name__ == "__main__":
    bench_boot()
    bench_nor()
    bench_headline()
    bench_fit_hashes()
    bench_linux()
