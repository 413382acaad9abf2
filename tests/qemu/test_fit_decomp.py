"""Compressed FIT sub-images other than kernels on the full variant (board/full.mk), as U-Boot's fit_image_load
decompresses them: a flat_dt decompressed where bootm places the DTB (byte-exact against dtc's output, read back
after the "kernel" - flashboot itself - restarted), a filesystem decompressed into its phram region (byte-exact
against mksquashfs's output); corrupt streams, flipped bytes, output larger than the room and Ctrl-C refused with
one line and nothing registered; a compressed script and `fdt addr` of a compressed fdt refused."""
import os
import random
import re
import subprocess
import time
import zlib

import pytest

import sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbconsole import PROMPT, Console, ROOT, firmware  # noqa: E402
import fitutil as fu  # noqa: E402

FULL = os.path.join(ROOT, "out", "versatilepb-full", "flashboot.bin")
FIT = 0x01000000
FW_START = 0x07E00000
TOOLS = {"gzip": ["gzip", "-9", "-n", "-c"], "lzma": ["lzma", "-c"], "lz4": ["lz4", "-c"],
         "zstd": ["zstd", "-q", "-c"]}
DTS = """/dts-v1/;
/ { model = "fit-decomp-test"; compatible = "arm,versatile-pb"; #address-cells = <1>; #size-cells = <1>;
  noise = [%s];
  memory { device_type = "memory"; reg = <0 0x8000000>; };
  chosen { };
  soc { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges;
%s  };
};
""" % (" ".join("%02x" % b for b in random.Random(14).randbytes(3000)), "".join('    uart@%x { compatible = "arm,pl011", "arm,primecell"; reg = <0x%x 0x1000>; };\n'
              % (0x101f1000 + i * 0x1000, 0x101f1000 + i * 0x1000) for i in range(40)))


def compress(algo, src, out):
    out.write_bytes(subprocess.run(TOOLS[algo] + [str(src)], check=True, capture_output=True).stdout)
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """dtc's DTB, a squashfs from mksquashfs, each compressed by the four host tools."""
    d = tmp_path_factory.mktemp("fitdecomp")
    dts = d / "t.dts"
    dts.write_text(DTS)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(d / "t.dtb"), str(dts)], check=True)
    tree = d / "tree"
    tree.mkdir()
    (tree / "text").write_bytes(b"".join(b"line %d of the root\n" % i for i in range(40000)))
    (tree / "random").write_bytes(os.urandom(200000))
    subprocess.run(["mksquashfs", str(tree), str(d / "root.sqfs"), "-noappend", "-quiet", "-comp", "gzip"],
                   check=True, stdout=subprocess.DEVNULL)
    out = {"dir": d, "dtb": d / "t.dtb", "sqfs": d / "root.sqfs"}
    for algo in TOOLS:
        out["dtb." + algo] = compress(algo, d / "t.dtb", d / ("t.dtb." + algo))
        out["sqfs." + algo] = compress(algo, d / "root.sqfs", d / ("root.sqfs." + algo))
    return out


def kernel_fit(files, fdt, comp, name, kernel=FULL):
    """kernel: a firmware image (load/entry 0x8000): bootm 'boots' flashboot again, RAM stays as bootm left it."""
    images = [fu.image_node("kernel", kernel, "kernel", ("crc32",), load=0x8000, entry=0x8000),
              fu.image_node("fdt-1", fdt, "flat_dt", ("sha256",), os_=None, comp=comp)]
    return fu.mkimage_fit(fu.its(images, [fu.conf_node("conf-1", kernel="kernel", fdt="fdt-1")],
                                 default="conf-1"), files["dir"] / name)


def root_fit(files, root, comp, name):
    images = [fu.image_node("root", root, "filesystem", ("sha256", "crc32"), os_=None, comp=comp)]
    return fu.mkimage_fit(fu.its(images, [fu.conf_node("conf-1", loadables="root")], default="conf-1"),
                          files["dir"] / name)


def start(fit, fw=FULL, at=FIT):
    c = Console.qemu(kernel=fw, load=[(fit, at)], timeout=60)
    c.stop_autoboot()
    return c


def crc_of(c, addr, size):
    m = re.search(r"==> ([0-9a-f]{8})", c.cmd("crc32 %x %x" % (addr, size)))
    return int(m.group(1), 16)


def boot_and_restart(c):
    """bootm up to the handover; the 'kernel' is flashboot, which comes back to its prompt."""
    c.send("bootm %x\r" % FIT)
    c.expect(r"Starting kernel \.\.\.", timeout=60)
    out = c.child.before.replace("\r", "")
    c.stop_autoboot(timeout=60)
    return out


@pytest.mark.parametrize("algo", ["gzip", "lzma", "lz4", "zstd"])
def test_bootm_decompresses_fdt_byte_exact(files, algo):
    dtb = files["dtb"].read_bytes()
    csize = files["dtb." + algo].stat().st_size
    c = start(kernel_fit(files, files["dtb." + algo], algo, "fdt-%s.itb" % algo))
    try:
        out = boot_and_restart(c)
        # a FIT's fdt: no "## Flattened Device Tree blob" line (U-Boot's "## Loading fdt" stands for it)
        m = re.search(r"   Uncompressing Flat Device Tree to ([0-9a-f]{8}) \(%s compressed, %d -> %d bytes\)\n"
                      r"   Booting using the fdt blob at 0x([0-9a-f]{6,})\n" % (algo, csize, len(dtb)), out)
        assert m and int(m.group(2), 16) == int(m.group(1), 16), out
        raw = int(m.group(1), 16)
        dst = int(re.search(r"Loading Device Tree to ([0-9a-f]{8}), end", out).group(1), 16)
        # the DTB goes where an uncompressed one goes: the highest 4 KiB under flashboot for size + 64 KiB
        assert dst == (FW_START - (len(dtb) + 0x10000 + 7) // 8 * 8) // 0x1000 * 0x1000
        assert raw < dst and raw % 0x1000 == 0
        assert crc_of(c, raw, len(dtb)) == zlib.crc32(dtb)  # decompressed byte-exact, before the fixups
        assert c.cmd("fdt addr %x" % dst) == "Working FDT set to %x" % dst
        assert c.cmd("fdt print / model") == 'model = "fit-decomp-test";'
        assert c.cmd("fdt print /soc/uart@101f9000 reg") == "reg = <0x101f9000 0x00001000>;"
        assert c.cmd("fdt print /memory reg") == "reg = <0x00000000 0x08000000>;"
    finally:
        c.close()


def test_compressed_fdt_refused_with_one_line(files, tmp_path):
    """A corrupt stream (mkimage hashed the damaged file), a stream that is no DTB, one larger than 20 times its
    size, and a flipped byte in the FIT: each refused, the shell carries on."""
    gz = bytearray(files["dtb.gzip"].read_bytes())
    gz[len(gz) // 2] ^= 0x55
    (tmp_path / "bad.gz").write_bytes(bytes(gz))
    (tmp_path / "text").write_bytes(random.Random(1).randbytes(1150).hex().encode())  # no DTB, 2300 bytes
    (tmp_path / "zeros").write_bytes(b"\0" * 300000)
    fits = [kernel_fit(files, tmp_path / "bad.gz", "gzip", "bad.itb"),
            kernel_fit(files, compress("lz4", tmp_path / "text", tmp_path / "text.lz4"), "lz4", "text.itb"),
            kernel_fit(files, compress("gzip", tmp_path / "zeros", tmp_path / "zeros.gz"), "gzip", "zeros.itb")]
    good = kernel_fit(files, files["dtb.zstd"], "zstd", "good.itb")
    flipped = fu.flip(good, fu.data_offset(good, files["dtb.zstd"], 20), tmp_path / "flip.itb")
    zsize = (tmp_path / "zeros.gz").stat().st_size
    want = ["## Error: gzip compressed device tree data is corrupt or truncated",
            "## Error: decompressed fdt image (lz4 compressed, 2300 bytes) is not a device tree",
            "## Error: gzip compressed device tree decompresses to more than 0x%x bytes (20 times its size)"
            % (20 * zsize),
            "## Error: fdt image 'fdt-1': sha256 hash mismatch (hash-1)"]
    for i, fit in enumerate(fits + [flipped]):
        c = start(fit)
        try:
            out = c.cmd("bootm %x" % FIT, timeout=60)
            assert out.endswith(want[i]), out
            assert "Starting kernel" not in out
            assert c.cmd("echo alive") == "alive"
        finally:
            c.close()


def test_fdt_addr_and_source_refuse_compressed(files, tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("echo from-script\n")
    images = [fu.image_node("fdt-1", files["dtb.gzip"], "flat_dt", ("sha256",), os_=None, comp="gzip"),
              fu.image_node("fdt-2", files["dtb.zstd"], "flat_dt", ("sha256",), os_=None, comp="zstd"),
              fu.image_node("script-1", compress("gzip", script, tmp_path / "s.gz"), "script", ("crc32",),
                            os_=None, comp="gzip")]
    fit = fu.mkimage_fit(fu.its(images, [fu.conf_node("conf-1", fdt="fdt-1", script="script-1")],
                                default="conf-1"), tmp_path / "misc.itb")
    c = start(fit)
    try:
        size = files["dtb.gzip"].stat().st_size
        data = FIT + fu.data_offset(fit, files["dtb.gzip"])
        assert c.cmd("fdt addr %x:fdt-1" % FIT) == (
            "## Error: fdt image 'fdt-1' is gzip compressed (0x%x bytes at 0x%08x); fdt addr needs the tree "
            "itself: unzip it to RAM and use that address" % (size, data))
        assert c.cmd("fdt addr %x:fdt-2" % FIT).endswith("fdt addr needs the tree itself: only bootm decompresses it")
        # what the message says works: unzip, then fdt addr
        c.cmd("unzip %x 2000000" % data)
        assert c.cmd("fdt addr 2000000") == "Working FDT set to 2000000"
        assert c.cmd("fdt print / model") == 'model = "fit-decomp-test";'
        assert c.cmd("source %x:script-1" % FIT) == (
            "## Error: script image 'script-1' is gzip compressed; source runs scripts as stored "
            "(compression = \"none\")")
        assert "from-script" not in c.cmd("source %x" % FIT)
    finally:
        c.close()


def region_line(out):
    m = re.search(r"loaded to 0x([0-9a-f]{8})\.\.0x([0-9a-f]{8}) in", out)
    return int(m.group(1), 16), int(m.group(2), 16) + 1 - int(m.group(1), 16)


@pytest.mark.parametrize("algo", ["gzip", "lzma", "lz4", "zstd"])
def test_phram_decompresses_root_byte_exact(files, algo):
    sq = files["sqfs"].read_bytes()
    csize = files["sqfs." + algo].stat().st_size
    full = (len(sq) + 0xfff) // 0x1000 * 0x1000
    fit = root_fit(files, files["sqfs." + algo], algo, "root-%s.itb" % algo)
    c = start(fit)
    try:
        out = c.cmd("phram add root %x" % FIT, timeout=60)
        assert out.startswith("phram: 'root' from FIT image 'root' (sha256+ crc32+ , %s %d -> %d bytes, squashfs) "
                              "loaded to 0x" % (algo, csize, len(sq))), out
        addr, size = region_line(out)
        # the region an uncompressed root of that size gets: the default spot, sized from the output
        assert (addr, size) == ((FW_START - full) // 0x100000 * 0x100000, full)
        assert c.cmd("echo $filesize $phram_addr $phram_size") == "%x %x %x" % (len(sq), addr, full)
        assert crc_of(c, addr, full) == zlib.crc32(sq + b"\0" * (full - len(sq)))
        # at an address given, the same bytes
        out = c.cmd("phram add r2 %x:root 2000000" % FIT, timeout=60)
        assert region_line(out) == (0x2000000, full), out
        assert crc_of(c, 0x2000000, len(sq)) == zlib.crc32(sq)
        assert len(c.cmd("phram").splitlines()) == 3
    finally:
        c.close()


def test_phram_compressed_root_refused_registers_nothing(files, tmp_path):
    """Corrupt stream, flipped byte in the FIT, no room at the address given: one line each, no region."""
    data = bytearray(files["sqfs.lz4"].read_bytes())
    data[len(data) // 2] ^= 0x55
    (tmp_path / "bad.lz4").write_bytes(bytes(data))
    bad = root_fit(files, tmp_path / "bad.lz4", "lz4", "badroot.itb")
    good = root_fit(files, files["sqfs.gzip"], "gzip", "goodroot.itb")
    flipped = fu.flip(good, fu.data_offset(good, files["sqfs.gzip"], 1000), tmp_path / "fliproot.itb")
    c = Console.qemu(kernel=FULL, load=[(bad, FIT), (flipped, 0x3000000), (good, 0x5000000)], timeout=60)
    c.stop_autoboot()
    try:
        assert c.cmd("phram add root %x" % FIT, timeout=60) == \
            "## Error: lz4 compressed image 'root' is corrupt or truncated"
        assert c.cmd("phram add root 3000000", timeout=60) == "## Error: root image 'root': sha256 hash mismatch (hash-1)"
        assert c.cmd("phram add low 10000 10000") == ""
        assert c.cmd("phram add root 5000000:root 8000", timeout=60) == \
            "## Error: gzip image 'root' decompresses to more than the 0x8000 bytes free at 0x00008000"
        assert c.cmd("phram add root 5000000:root 11000", timeout=60) == \
            "## Error: no free RAM at 0x00011000 to decompress image 'root' into"
        assert c.cmd("phram add root 5000000:root 5000000", timeout=60) == \
            "## Error: no free RAM at 0x05000000 to decompress image 'root' into"  # the FIT itself
        assert c.cmd("phram").splitlines()[1:] == ["low                              0x00010000 0x0001ffff "
                                                   "0x00010000 (64 KiB)"]
        assert c.cmd("phram add root 5000000", timeout=60).startswith("phram: 'root' from FIT image 'root'")
    finally:
        c.close()


def test_ctrl_c_stops_phram_decompression(tmp_path):
    """24 MiB that lzma cannot shrink: Ctrl-C while it decompresses, no region left behind."""
    raw = tmp_path / "big.bin"
    raw.write_bytes(os.urandom(24 << 20))
    lz = compress("lzma", raw, tmp_path / "big.lzma")
    fit = fu.mkimage_fit(fu.its([fu.image_node("root", lz, "filesystem", (), os_=None, comp="lzma")],
                                [fu.conf_node("conf-1", loadables="root")], default="conf-1"), tmp_path / "big.itb")
    c = start(fit)
    try:
        line = "phram add root %x" % FIT
        c.send(line + "\r")
        c.child.expect_exact(line, timeout=10)
        time.sleep(0.5)
        c.send("\x03")
        c.expect(r"## Error: <INTERRUPT> while decompressing image 'root'", timeout=60)
        c.expect(PROMPT, timeout=10)
        assert c.cmd("phram") == "no phram regions"
    finally:
        c.close()


def test_default_build_refuses_naming_the_algorithm(files):
    c = start(root_fit(files, files["sqfs.gzip"], "gzip", "root-default.itb"), fw=firmware())
    try:
        assert c.cmd("phram add root %x" % FIT) == \
            "## Error: root image 'root' is gzip compressed; this build has no gzip decompressor"
        assert c.cmd("phram") == "no phram regions"
    finally:
        c.close()
