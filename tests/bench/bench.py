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


def oack_options(pcap):
    """The options of every TFTP OACK in a pcap written by QEMU's filter-dump (Ethernet, IPv4, UDP)."""
    import struct
    raw = open(pcap, "rb").read()
    off, acks = 24, []
    while off + 16 <= len(raw):
        incl = struct.unpack_from("<I", raw, off + 8)[0]
        f = raw[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(f) < 42 or f[12:14] != b"\x08\x00" or f[23] != 17:
            continue
        udp = 14 + (f[14] & 15) * 4
        payload = f[udp + 8:]
        if payload[:2] == b"\x00\x06":
            words = payload[2:].split(b"\0")
            acks.append({words[i].decode().lower(): words[i + 1].decode() for i in range(0, len(words) - 1, 2)})
    return acks


def bench_tftp():
    """TFTP receive from QEMU's user-net server: `time tftpboot` under -icount (1 ns = 1 instruction),
    the result checked with crc32 against the host's; what the server granted read from a pcap of the wire."""
    import binascii
    size, addr = 4 << 20, 0x01000000
    settings = ((512, 1), (1468, 1), (1468, 8))
    with tempfile.TemporaryDirectory() as d:
        data = os.urandom(size)
        with open(os.path.join(d, "f.bin"), "wb") as f:
            f.write(data)
        want = "==> %08x" % binascii.crc32(data)
        for icount in (True, False):
            for bs, ws in settings:
                pcap = os.path.join(d, "w.pcap")
                if os.path.exists(pcap):
                    os.unlink(pcap)
                nic = ["-netdev", "user,id=n0,tftp=%s" % d, "-net", "nic,model=smc91c111,netdev=n0",
                       "-object", "filter-dump,id=w0,netdev=n0,file=%s,maxlen=128" % pcap]
                c = Console.qemu(extra=nic, icount=icount, timeout=300)
                try:
                    c.stop_autoboot(timeout=60)
                    c.cmd("setenv ipaddr 10.0.2.15; setenv serverip 10.0.2.2; setenv tftpblocksize %d; "
                          "setenv tftpwindowsize %d" % (bs, ws))
                    t0 = time.monotonic()
                    out = c.cmd("time tftpboot %x f.bin" % addr, timeout=300)
                    wall = time.monotonic() - t0
                    if "Bytes transferred = %d " % size not in out:
                        raise RuntimeError("tftpboot failed: " + out)
                    crc = c.cmd("crc32 %x %x" % (addr, size))
                    if not crc.endswith(want):
                        raise RuntimeError("tftpboot: wrong bytes (%s, host %s)" % (crc, want))
                finally:
                    c.close()
                acks = oack_options(pcap)
                if len(acks) != 1:
                    raise RuntimeError("expected one OACK on the wire, saw %d" % len(acks))
                got = "blksize %s, windowsize %s" % (
                    acks[0].get("blksize", "512" if bs == 512 else "512 (server ignored blksize)"),
                    acks[0].get("windowsize", "1" if ws == 1 else "1 (QEMU's server ignores windowsize)"))
                what = "tftp %d MiB, tftpblocksize %d, tftpwindowsize %d -> server granted %s" % (
                    size >> 20, bs, ws, got)
                if icount:
                    ns = ns_of(out)
                    print("%s: %d instructions, %.2f instructions/byte" % (what, ns, ns / size))
                else:
                    print("%s: %.1f MB/s wall clock (no -icount; host time of the command, shared host: noisy)"
                          % (what, size / wall / 1e6))


def bench_tftp_window(runs=3):
    """TFTP receive with a granted window: Debian's atftpd (it grants RFC 7440 windowsize; QEMU's
    server does not) in a network namespace, QEMU on its tap device (no impairing wire). Under -icount
    the polling while the host's server answers counts too, and that follows the host's load: each
    setting runs `runs` times, the least and the most are printed."""
    import binascii
    import pathlib
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
    from test_tftpd import Net
    size, addr = 4 << 20, 0x01000000
    data = os.urandom(size)
    want = "==> %08x" % binascii.crc32(data)
    for ws in (1, 8, 16):
        counts = []
        with tempfile.TemporaryDirectory() as d:
            net = Net(pathlib.Path(d), server="atftpd", wire=False, trace=False)
            pcap = os.path.join(d, "w.pcap")
            try:
                (net.dir / "f.bin").write_bytes(data)
                c = net.console(icount=True, extra=["-object", "filter-dump,id=w0,netdev=n0,file=%s,maxlen=128" % pcap])
                try:
                    c.cmd("setenv tftptimeout 1000; setenv tftpblocksize 1468; setenv tftpwindowsize %d" % ws)
                    for _ in range(runs):
                        out = c.cmd("time tftpboot %x f.bin" % addr, timeout=300)
                        if "Bytes transferred = %d " % size not in out or "T " in out:
                            raise RuntimeError("tftpboot failed or timed out: " + out)
                        counts.append(ns_of(out))
                        if not c.cmd("crc32 %x %x" % (addr, size)).endswith(want):
                            raise RuntimeError("tftpboot: wrong bytes")
                        c.cmd("mw.b %x 0 %x" % (addr, size))
                finally:
                    c.close()
                acks = oack_options(pcap)
            finally:
                net.close()
        if len(acks) != runs or any(a != acks[0] for a in acks):
            raise RuntimeError("expected %d equal OACKs on the wire, saw %r" % (runs, acks))
        print("tftp %d MiB from atftpd, tftpblocksize 1468, tftpwindowsize %d -> server granted blksize %s, "
              "windowsize %s: %d to %d instructions, %.2f to %.2f instructions/byte (%d runs)" % (
                  size >> 20, ws, acks[0].get("blksize"), acks[0].get("windowsize", "1"), min(counts),
                  max(counts), min(counts) / size, max(counts) / size, runs))


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


def bench_decomp():
    """Each decompressor in the full variant (board/full.mk): `time bootm` of a FIT whose kernel (4 MiB of
    ARM code: newlib's libc.a) is compressed by the host tool, minus the same FIT uncompressed. The kernel's
    entry lies outside it, so bootm stops after the decompression (nothing is copied for `none`)."""
    import subprocess
    import fitutil as fu
    full = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "out", "versatilepb-full",
                        "flashboot.bin")
    tools = {"none": None, "gzip": ["gzip", "-9", "-n", "-c"], "lzma": ["lzma", "-c"], "lz4": ["lz4", "-c"],
             "zstd": ["zstd", "-q", "-19", "-c"]}
    size = 4 << 20
    with tempfile.TemporaryDirectory() as d:
        raw = open("/usr/lib/arm-none-eabi/lib/libc.a", "rb").read()[:size]
        size = len(raw)
        fits, lens = [], {}
        for algo, argv in tools.items():
            data = os.path.join(d, "k." + algo)
            comp = raw if argv is None else subprocess.run(argv, input=raw, capture_output=True, check=True).stdout
            lens[algo] = len(comp)
            with open(data, "wb") as f:
                f.write(comp)
            img = fu.image_node("kernel", data, "kernel", (), load=0x00008000, entry=0x07000000, comp=algo)
            its = fu.its([img], [fu.conf_node("conf-1", kernel="kernel")], default="conf-1")
            fits.append((algo, fu.mkimage_fit(its, os.path.join(d, algo + ".itb"))))
        load = [(path, 0x01000000 + i * 0x00600000) for i, (_, path) in enumerate(fits)]
        c = Console.qemu(kernel=full, icount=True, timeout=600, load=load)
        try:
            c.stop_autoboot(timeout=60)
            ns = [ns_of(c.cmd("time bootm %x" % addr, timeout=600)) for _, addr in load]
        finally:
            c.close()
        print("decompression of %d bytes of ARM code (newlib libc.a) by bootm, full variant:" % size)
        for (algo, _), n in zip(fits[1:], ns[1:]):
            print("decomp %-4s %8d -> %d bytes: %d instructions, %.2f instructions/output byte"
                  % (algo, lens[algo], size, n - ns[0], (n - ns[0]) / size))


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
    bench_decomp()
    bench_tftp()
    bench_tftp_window()
    bench_linux()
