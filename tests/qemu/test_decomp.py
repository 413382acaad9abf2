"""Compressed payloads on the full variant (board/full.mk: gzip, lzma, lz4, zstd), made by the host tools
and Debian's mkimage: unzip/lzmadec, bootm of -C uImages and FIT kernels with compression, byte-exact
against the host (crc32 at the prompt), corrupt/truncated data, a too small dstsize and a phram region
refused with one line; Ctrl-C stops a long one; the default build refuses a compressed kernel naming
the algorithm."""
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
SRC = 0x01000000
DST = 0x04000000
LOAD = 0x00008000
BAD_ENTRY = 0x07000000  # outside the kernel: bootm stops after decompressing, the output stays to check
TOOLS = {"gzip": ["gzip", "-9", "-n", "-c"], "lzma": ["lzma", "-c"], "lz4": ["lz4", "-c"],
         "zstd": ["zstd", "-q", "-c"]}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A payload (random and repetitive parts, fixed seed) and its four compressed forms."""
    d = tmp_path_factory.mktemp("decomp")
    rnd = random.Random(14)
    data = bytes(rnd.getrandbits(8) for _ in range(150000)) + b"".join(
        b"line %d of the payload\n" % i for i in range(30000))
    raw = d / "payload.bin"
    raw.write_bytes(data)
    out = {"raw": raw, "data": data, "dir": d}
    for algo, argv in TOOLS.items():
        p = d / ("payload." + algo)
        p.write_bytes(subprocess.run(argv + [str(raw)], check=True, capture_output=True).stdout)
        out[algo] = p
    return out


def crc_of(c, addr, size):
    m = re.search(r"==> ([0-9a-f]{8})", c.cmd("crc32 %x %x" % (addr, size)))
    return int(m.group(1), 16)


def start(load, fw=FULL):
    c = Console.qemu(kernel=fw, load=load, timeout=60)
    c.stop_autoboot()
    return c


def damaged(path, how):
    data = bytearray(path.read_bytes())
    if how == "flip":
        data[len(data) // 3] ^= 0x55
    else:
        data = data[:len(data) // 2]
    out = path.with_name(path.name + "." + how)
    out.write_bytes(bytes(data))
    return out


def test_unzip_and_lzmadec_byte_exact_filesize(files):
    n = len(files["data"])
    c = start([(files["gzip"], SRC), (files["lzma"], SRC + 0x400000)])
    try:
        assert c.cmd("unzip %x %x" % (SRC, DST)) == "Uncompressed size: %d = 0x%X" % (n, n)
        assert c.cmd("echo $filesize") == "%x" % n
        assert crc_of(c, DST, n) == zlib.crc32(files["data"])
        # U-Boot's lzmadec prints the hex with %#lX
        assert c.cmd("lzmadec %x %x" % (SRC + 0x400000, DST + 0x400000)) == "Uncompressed size: %d = 0X%X" % (n, n)
        assert crc_of(c, DST + 0x400000, n) == zlib.crc32(files["data"])
        # dstsize exactly the output is enough; one byte less is refused
        assert c.cmd("unzip %x %x %x" % (SRC, DST, n)).startswith("Uncompressed size")
        assert c.cmd("unzip %x %x %x" % (SRC, DST, n - 1)) == \
            "## Error: gzip compressed data at 0x%08x uncompresses to more than dstsize 0x%x" % (SRC, n - 1)
        assert c.cmd("lzmadec %x %x 1000" % (SRC + 0x400000, DST)) == \
            "## Error: lzma compressed data at 0x%08x uncompresses to more than dstsize 0x1000" % (SRC + 0x400000)
        assert "usage" in c.cmd("unzip %x" % SRC).lower()
        assert c.cmd("unzip %x 4000000 12g" % SRC) == "## Error: '12g' is not a hex number"
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


@pytest.mark.parametrize("algo", ["gzip", "lzma"])
@pytest.mark.parametrize("how", ["flip", "cut"])
def test_corrupt_or_truncated_refused(files, algo, how):
    bad = damaged(files[algo], how)
    cmd = "unzip" if algo == "gzip" else "lzmadec"
    c = start([(bad, SRC)])
    try:
        assert c.cmd("%s %x %x" % (cmd, SRC, DST)) == \
            "## Error: %s compressed data at 0x%08x is corrupt or truncated" % (algo, SRC)
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_output_stops_before_a_phram_region(files):
    c = start([(files["gzip"], SRC)])
    try:
        assert c.cmd("phram add rootfs 4010000 100000") == ""
        c.cmd("mw.b 4010000 5a 100")
        before = crc_of(c, 0x4010000, 0x100000)
        assert c.cmd("unzip %x 4000000" % SRC) == \
            "## Error: gzip compressed data at 0x%08x uncompresses to more than the 0x10000 bytes at " \
            "0x04000000 before phram region 'rootfs'" % SRC
        assert "not free RAM" in c.cmd("unzip %x 4010000" % SRC)
        assert crc_of(c, 0x4010000, 0x100000) == before
    finally:
        c.close()


def uimage(files, algo, src=None, entry=BAD_ENTRY):
    out = (src or files[algo]).parent / ("k-%s-%s-%x.img" % ((src or files[algo]).name, algo, entry))
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", algo, "-a", "0x%x" % LOAD,
                    "-e", "0x%x" % entry, "-n", "k-" + algo, "-d", str(src or files[algo]), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def entry_error(n):
    return "## Error: entry point 0x%08x is outside the kernel at 0x%08x..0x%08x" % (BAD_ENTRY, LOAD, LOAD + n - 1)


@pytest.mark.parametrize("algo", ["gzip", "lzma", "lz4", "zstd"])
def test_bootm_uimage_decompresses_to_load_address(files, algo):
    n = len(files["data"])
    c = start([(uimage(files, algo), SRC)])
    try:
        out = c.cmd("bootm %x" % SRC)
        assert out.endswith(entry_error(n))
        assert crc_of(c, LOAD, n) == zlib.crc32(files["data"])
    finally:
        c.close()


@pytest.mark.parametrize("algo", ["gzip", "lzma", "lz4", "zstd"])
def test_bootm_fit_kernel_compression(files, algo):
    n = len(files["data"])
    node = fu.image_node("kernel", files[algo], "kernel", ("sha256",), load=LOAD, entry=BAD_ENTRY, comp=algo)
    fit = fu.mkimage_fit(fu.its([node], [fu.conf_node("conf-1", kernel="kernel")], default="conf-1"),
                         files["dir"] / ("k-%s.itb" % algo))
    c = start([(fit, SRC)])
    try:
        out = c.cmd("bootm %x" % SRC)
        assert out.endswith(entry_error(n))
        assert crc_of(c, LOAD, n) == zlib.crc32(files["data"])
    finally:
        c.close()


@pytest.mark.parametrize("algo", ["gzip", "lzma", "lz4", "zstd"])
def test_bootm_corrupt_kernel_refused(files, algo):
    """The uImage's CRC holds (mkimage ran on the damaged file): the decompressor finds the damage."""
    how = "cut" if algo == "lzma" else "flip"  # .lzma carries no checksum: a cut stream is what it can tell
    c = start([(uimage(files, algo, src=damaged(files[algo], how)), SRC)])
    try:
        out = c.cmd("bootm %x" % SRC)
        assert out.endswith("## Error: %s compressed kernel data is corrupt or truncated" % algo)
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_bootm_zstd_frames_one_after_another(files, tmp_path):
    """zstd's frame format: frames may follow one another (`cat a.zst b.zst`, what `zstd -d` decodes
    to both contents) with skippable frames between them; a frame cut short or bytes after the last one
    are refused."""
    data = files["data"]
    half = len(data) // 2
    parts = [subprocess.run(TOOLS["zstd"], input=p, check=True, capture_output=True).stdout
             for p in (data[:half], data[half:])]
    skip = (0x184D2A53).to_bytes(4, "little") + (7).to_bytes(4, "little") + b"skipped"
    cases = {"multi": skip + parts[0] + skip + parts[1], "cut": parts[0] + parts[1][:-3],
             "tail": parts[0] + parts[1] + b"\0\0\0"}
    imgs = []
    for name, blob in cases.items():
        (tmp_path / name).write_bytes(blob)
        imgs.append(uimage(files, "zstd", src=tmp_path / name))
    assert subprocess.run(["zstd", "-d", "-c"], input=cases["multi"], check=True,
                          capture_output=True).stdout == data
    c = start([(imgs[0], SRC), (imgs[1], SRC + 0x100000), (imgs[2], SRC + 0x200000)])
    try:
        assert c.cmd("bootm %x" % SRC).endswith(entry_error(len(data)))
        assert crc_of(c, LOAD, len(data)) == zlib.crc32(data)
        for addr in (SRC + 0x100000, SRC + 0x200000):
            assert c.cmd("bootm %x" % addr).endswith("## Error: zstd compressed kernel data is corrupt or truncated")
    finally:
        c.close()


def test_bootm_kernel_larger_than_the_room(files):
    """A load address just under a phram region: the output would cover it."""
    c = start([(uimage(files, "zstd"), SRC)])
    try:
        assert c.cmd("phram add rootfs 10000 100000") == ""
        out = c.cmd("bootm %x" % SRC)
        assert out.endswith("## Error: zstd compressed kernel does not fit in the 0x8000 bytes free at 0x00008000")
    finally:
        c.close()


def test_default_build_refuses_naming_the_algorithm(files):
    c = start([(uimage(files, "lz4"), SRC)], fw=firmware())
    try:
        out = c.cmd("bootm %x" % SRC)
        assert out.endswith("## Error: kernel is lz4 compressed; this build has no decompressor for it")
        assert "Unknown command 'unzip'" in c.cmd("unzip %x %x" % (SRC, DST))
    finally:
        c.close()


@pytest.fixture(scope="module")
def big_lzma(tmp_path_factory):
    """24 MiB that lzma cannot shrink (random, fixed seed): its decompression takes seconds in QEMU."""
    d = tmp_path_factory.mktemp("big")
    raw = random.Random(3).randbytes(24 << 20)
    p = d / "big.lzma"
    p.write_bytes(subprocess.run(["lzma", "-1", "-c"], input=raw, capture_output=True, check=True).stdout)
    return p


def interrupted(c, line, want):
    c.send(line + "\r")
    c.child.expect_exact(line, timeout=10)
    time.sleep(0.3)
    c.send("\x03")
    c.expect(want, timeout=60)
    c.expect(PROMPT, timeout=10)
    assert c.cmd("echo alive") == "alive"


def test_ctrl_c_stops_lzmadec_and_bootm(big_lzma, tmp_path):
    img = tmp_path / "big.img"
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "lzma", "-a", "0x8000",
                    "-e", "0x8000", "-n", "big", "-d", str(big_lzma), str(img)], check=True,
                   stdout=subprocess.DEVNULL)
    c = start([(big_lzma, SRC), (img, 0x04000000)])
    try:
        c.cmd("setenv filesize 0")
        interrupted(c, "lzmadec %x %x" % (SRC, 0x02800000), r"<INTERRUPT>")
        assert c.cmd("echo $filesize") == "0"
        interrupted(c, "bootm 4000000", r"## Error: <INTERRUPT> while decompressing the lzma compressed kernel")
    finally:
        c.close()


def test_ctrl_c_stops_zstd_bootm(tmp_path):
    """zstd decodes a block (at most 128 KiB) at a time and asks between blocks: 40 MiB of text-like
    data (about 8 s of decoding in QEMU) stopped by Ctrl-C, the prompt back."""
    rnd = random.Random(5)
    words = [b"%x" % rnd.getrandbits(24) for _ in range(4096)]
    raw = b" ".join(rnd.choice(words) for _ in range(6 << 20))[:40 << 20]
    blob = tmp_path / "big.zst"
    blob.write_bytes(subprocess.run(["zstd", "-q", "-3", "-c"], input=raw, capture_output=True,
                                    check=True).stdout)
    img = tmp_path / "big.img"
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "zstd", "-a", "0x8000",
                    "-e", "0x8000", "-n", "big", "-d", str(blob), str(img)], check=True,
                   stdout=subprocess.DEVNULL)
    c = start([(img, 0x05000000)])
    try:
        interrupted(c, "bootm 5000000", r"## Error: <INTERRUPT> while decompressing the zstd compressed kernel")
    finally:
        c.close()


def test_fit_compressed_ramdisk_passed_on_with_u_boots_warning(files, tmp_path):
    """U-Boot passes a compressed FIT ramdisk on as it is (Linux unpacks an initramfs) with a warning.
    The kernel here is a zImage header without code: the test reads what bootm printed and stops."""
    kern = tmp_path / "k.bin"
    kern.write_bytes(b"\x00" * 0x24 + b"\x18\x28\x6f\x01" + b"\x00\x00\x00\x00" + b"\x00\x10\x00\x00"
                     + b"\x01\x02\x03\x04" + b"\x00" * (0x1000 - 0x34))
    k = fu.image_node("kernel", kern, "kernel", ("sha256",), load=LOAD, entry=LOAD)
    rd = fu.image_node("ramdisk-1", files["gzip"], "ramdisk", ("crc32",), comp="gzip")
    fit = fu.mkimage_fit(fu.its([k, rd], [fu.conf_node("conf-1", kernel="kernel", ramdisk="ramdisk-1")],
                                default="conf-1"), tmp_path / "rd.itb")
    c = start([(fit, SRC)])
    try:
        c.send("bootm %x\r" % SRC)
        c.expect(r"Trying 'ramdisk-1' ramdisk subimage", timeout=30)
        c.expect(r"Compression:  gzip", timeout=30)
        c.expect(r"WARNING: 'compression' nodes for ramdisks are deprecated, please fix your \.its file!",
                 timeout=30)
        c.expect(r"Starting kernel \.\.\.", timeout=30)
    finally:
        c.close()
