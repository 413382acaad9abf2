"""tools/mkflash nand and nor-sst: page/OOB layout, Hamming ECC from its definition, bad blocks, environment copies, stage 1."""
import os
import random
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MKFLASH = [str(ROOT / "tools" / "mkflash")]
PAGE, OOB, PPB, NBLK = 2048, 64, 64, 1024
RAW = PAGE + OOB
BLK = PAGE * PPB
FLASHBOOT = ROOT / "out" / "mini2440" / "flashboot.bin"


def defaults():
    """board/mini2440/defaults.h as the C compiler reads it: tools/mtdpart.c built against it
    (mkflash builds it on first use) prints the values."""
    r = subprocess.run(["/usr/bin/python3", "-c", "import importlib.machinery as m; "
                        "mk = m.SourceFileLoader('mkflash', 'tools/mkflash').load_module(); "
                        "print(mk.host_tool('mtdpart', 'mini2440'))"],
                       cwd=ROOT, capture_output=True, text=True, check=True)
    out = subprocess.run([r.stdout.strip(), "defaults"], capture_output=True, text=True, check=True).stdout
    d = dict(line.split("=", 1) for line in out.splitlines())
    return {k: (v if k in ("MTDPARTS", "NAND_ECC") else int(v)) for k, v in d.items()}


DEF = defaults()
# partition offsets written out by hand from the layout in board/mini2440/defaults.h
PARTS = {"u-boot": (0, 0x80000), "u-boot-env": (0x80000, 0x80000), "kernel": (0x100000, 0x500000),
         "root": (0x600000, NBLK * BLK - 0x600000)}
# factory bad blocks of the image: in u-boot, in u-boot-env (copy 0's first block), in kernel
BAD = (1, 4, 9)


def hamming256(data):
    """Linux's 1-bit Hamming code of 256 bytes, from its definition: for every bit of a
    data bit's address (byte index i: 8 bits, bit index j: 3 bits) the parity over the
    bits whose address bit is 1 and over those where it is 0; stored inverted, byte
    address bits 4-7 in byte 0, bits 0-3 in byte 1, bit address in byte 2 bits 7-2,
    "1" parity above "0", byte 2 bits 1-0 set."""
    assert len(data) == 256
    p1 = [0] * 11
    p0 = [0] * 11
    for i, b in enumerate(data):
        for j in range(8):
            if (b >> j) & 1:
                addr = (i << 3) | j
                for k in range(11):
                    if (addr >> k) & 1:
                        p1[k] ^= 1
                    else:
                        p0[k] ^= 1

    def pairs(bits):  # address bits, low first -> byte with the lowest pair in bits 1-0
        v = 0
        for n, k in enumerate(bits):
            v |= (p1[k] << (2 * n + 1)) | (p0[k] << (2 * n))
        return v

    b1 = pairs([3, 4, 5, 6])            # byte address bits 0-3
    b0 = pairs([7, 8, 9, 10])           # byte address bits 4-7
    b2 = (pairs([0, 1, 2]) << 2) | 0    # bit address bits 0-2 in bits 7-2
    return bytes([~b0 & 0xFF, ~b1 & 0xFF, (~b2 & 0xFC) | 0x03])


def test_hamming_reference_vectors():
    # erased and zeroed data give FF FF FF (Linux stores inverted parities)
    assert hamming256(b"\xff" * 256) == b"\xff\xff\xff"
    assert hamming256(b"\x00" * 256) == b"\xff\xff\xff"
    # one bit set at byte 0 bit 0: every "0" parity is 1, stored inverted -> bits 0,2,4,6 clear
    assert hamming256(b"\x01" + b"\x00" * 255) == bytes([0xAA, 0xAA, 0xAB])
    # byte 255 bit 7: every "1" parity is 1 -> bits 1,3,5,7 clear
    assert hamming256(b"\x00" * 255 + b"\x80") == bytes([0x55, 0x55, 0x57])
    # byte 0x12 bit 5 alone: address 0x95 = bits 0, 2, 4, 7 set (bit 0-2: bit index 5, 3-10: byte 0x12)
    e = hamming256(b"\x00" * 0x12 + b"\x20" + b"\x00" * (255 - 0x12))
    # byte 0 (byte-address bits 7..4 = 0001): pairs 01 01 01 10; byte 1 (bits 3..0 = 0010): 01 01 10 01;
    # byte 2 (bit address 101): 10 01 10, then 11
    assert e == bytes([~0b01010110 & 0xFF, ~0b01011001 & 0xFF, (~0b10011000 & 0xFC) | 3])


def run(*args, check=True):
    r = subprocess.run(MKFLASH + [str(a) for a in args], cwd=ROOT, capture_output=True, text=True)
    if check and r.returncode:
        pytest.fail("mkflash failed: %s" % r.stderr)
    return r


def page(img, n):
    return img[n * RAW:n * RAW + PAGE], img[n * RAW + PAGE:(n + 1) * RAW]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("mkflash")
    rnd = random.Random(2440)
    files = {}
    if FLASHBOOT.exists():
        files["u-boot"] = FLASHBOOT.read_bytes()
    else:
        files["u-boot"] = bytes(rnd.getrandbits(8) for _ in range(150000))
    files["kernel"] = rnd.randbytes(2 * BLK + 5000)       # crosses the bad block 9
    files["root"] = rnd.randbytes(PAGE * 3 + 17)
    for name, data in files.items():
        (d / name).write_bytes(data)
    env = d / "env.txt"
    env.write_text("bootcmd=run mine\nbaudrate=115200\n")
    out = d / "nand.img"
    run("nand", "-o", out, "--ecc", "soft", *("--bad-block=%d" % b for b in BAD),
        *("%s=%s" % (n, d / n) for n in files),
        "env=%s" % env)
    return d, files, out.read_bytes()


def test_geometry_and_defaults(built):
    _, _, img = built
    assert len(img) == NBLK * PPB * RAW
    assert DEF["MTDPARTS"] == "mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),-(root)"
    assert (DEF["ENV_OFFSET"], DEF["ENV_OFFSET_REDUND"], DEF["ENV_SIZE"], DEF["ENV_RANGE"]) == \
        (0x80000, 0xC0000, 0x20000, 0x40000)
    # flashboot crossed the bad block 1: its second block is in block 2
    assert len(built[1]["u-boot"]) > BLK


def expected_pages(files):
    """page number -> data the firmware should find there (the BAD blocks skipped)."""
    want = {}
    for name, data in files.items():
        ofs, size = PARTS[name]
        blk, pos = ofs // BLK, 0
        while pos < len(data):
            if blk in BAD:
                blk += 1
                continue
            for p in range(PPB):
                if pos >= len(data):
                    break
                chunk = data[pos:pos + PAGE]
                want[blk * PPB + p] = chunk + b"\xff" * (PAGE - len(chunk))
                pos += PAGE
            blk += 1
    return want


def test_data_oob_and_erased_pages(built):
    _, files, img = built
    want = expected_pages(files)
    env_blocks = {5, 6}
    checked_ecc = 0
    for n in range(NBLK * PPB):
        data, oob = page(img, n)
        blk = n // PPB
        if n in want:
            assert data == want[n], "page %d" % n
            assert oob[0:40] == b"\xff" * 40, "page %d: marker/free bytes" % n
            # ECC of a sample of pages (the first and last of each file, every 37th) from the definition
            if n % 37 == 0 or n - 1 not in want or n + 1 not in want:
                ecc = b"".join(hamming256(data[i:i + 256]) for i in range(0, PAGE, 256))
                assert oob[40:64] == ecc, "page %d ECC" % n
                checked_ecc += 1
        elif blk in BAD:
            assert data == b"\xff" * PAGE
            marker = 0x00 if n % PPB < 2 else 0xFF
            assert oob[0] == marker and oob[1:] == b"\xff" * 63
        elif blk in env_blocks:
            continue  # the environment copies, checked below
        else:
            assert data + oob == b"\xff" * RAW, "page %d should be erased" % n
    assert checked_ecc > 10


def test_environment_copies(built):
    _, _, img = built
    copies = []
    for blk in (5, 6):  # copy 0 skipped bad block 4; copy 1 at 0xC0000
        raw = b"".join(page(img, blk * PPB + p)[0] for p in range(PPB))[:DEF["ENV_SIZE"]]
        crc, flags = struct.unpack_from("<IB", raw)
        assert crc == zlib.crc32(raw[5:])
        copies.append((flags, raw[5:].split(b"\x00\x00")[0]))
    assert copies[0][0] == 1 and copies[1][0] == 0
    assert copies[0][1] == copies[1][1] == b"bootcmd=run mine\x00baudrate=115200"


def test_stage1_is_flashboot(built):
    _, files, img = built
    if not FLASHBOOT.exists():
        pytest.skip("out/mini2440/flashboot.bin missing: run make BOARD=mini2440")
    # the Steppingstone copies the data of pages 0 and 1 without ECC
    assert page(img, 0)[0] + page(img, 1)[0] == FLASHBOOT.read_bytes()[:4096]


def test_nandimg_check_finds_a_flipped_bit(built, tmp_path):
    _, _, img = built
    exe = ROOT / "out" / "host" / "tools" / "nandimg"
    if not exe.exists():
        exe = Path.home() / ".cache" / "flashboot" / "tools" / "nandimg"
    path = tmp_path / "flip.img"
    bad = bytearray(img)
    n = (PARTS["kernel"][0] // BLK) * PPB + 5
    bad[n * RAW + 100] ^= 0x10
    path.write_bytes(bytes(bad))
    r = subprocess.run([exe, "check", "2048", "64", path], capture_output=True, text=True)
    assert r.returncode == 1
    assert "page %d: ECC differs" % n in r.stdout
    path.write_bytes(img)
    assert subprocess.run([exe, "check", "2048", "64", path], capture_output=True).returncode == 0


def test_refusals(tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"\x01" * (0x500000 + 1))
    r = run("nand", "-o", tmp_path / "x.img", "kernel=%s" % big, check=False)
    assert r.returncode and "does not fit" in r.stderr
    small = tmp_path / "small"
    small.write_bytes(b"\x02" * 100)
    r = run("nand", "-o", tmp_path / "x.img", "--bad-block", "0", "u-boot=%s" % small, check=False)
    assert r.returncode and "block 0" in r.stderr
    # a 160 KiB flashboot fits the 4-block u-boot with two bad blocks, not with three
    fw = tmp_path / "fw"
    fw.write_bytes(b"\x04" * (160 << 10))
    r = run("nand", "-o", tmp_path / "x.img", "--bad-block", "1", "--bad-block", "3", "u-boot=%s" % fw)
    assert r.returncode == 0
    r = run("nand", "-o", tmp_path / "x.img", "--bad-block", "1", "--bad-block", "2", "--bad-block", "3",
            "u-boot=%s" % fw, check=False)
    assert r.returncode and "does not fit: its area ends at 0x80000 (bad blocks skipped: 1, 2, 3)" in r.stderr
    # a small chip (64 blocks): data may not reach the last 4 blocks (the BBT's)
    fits = tmp_path / "fits"
    fits.write_bytes(b"\x03" * (59 * BLK))
    r = run("nand", "-o", tmp_path / "s.img", "--blocks", "64", "--mtdparts", "nand:128k(a),-(b)",
            "b=%s" % fits, check=False)
    assert r.returncode == 0
    fits.write_bytes(b"\x03" * (59 * BLK + 1))
    r = run("nand", "-o", tmp_path / "s.img", "--blocks", "64", "--mtdparts", "nand:128k(a),-(b)",
            "b=%s" % fits, check=False)
    assert r.returncode and "does not fit" in r.stderr
    # one bad block in b's way and the same data no longer fits
    fits.write_bytes(b"\x03" * (58 * BLK))
    r = run("nand", "-o", tmp_path / "s.img", "--blocks", "64", "--mtdparts", "nand:128k(a),-(b)",
            "--bad-block", "3", "b=%s" % fits, check=False)
    assert r.returncode == 0
    r = run("nand", "-o", tmp_path / "s.img", "--blocks", "64", "--mtdparts", "nand:128k(a),-(b)",
            "--bad-block", "3", "--bad-block", "4", "b=%s" % fits, check=False)
    assert r.returncode and "bad blocks skipped: 3, 4" in r.stderr


def test_nor_sst(tmp_path):
    fw = tmp_path / "fw.bin"
    data = FLASHBOOT.read_bytes() if FLASHBOOT.exists() else os.urandom(50000)
    fw.write_bytes(data)
    out = tmp_path / "nor.img"
    run("nor-sst", "-o", out, "firmware=%s" % fw)
    img = out.read_bytes()
    assert len(img) == 2 << 20
    assert img[:len(data)] == data
    assert img[len(data):] == b"\xff" * ((2 << 20) - len(data))
