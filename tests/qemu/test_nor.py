"""NOR flash in QEMU: flinfo, erase, protect, cp to flash, nor and mtd on partitions, checked on the host image."""
import binascii
import os
import random
import re
import time

import pytest
from fbconsole import Console, crc_line, parse_md, NOR_SIZE, make_nor_image, read_at, seen

NOR_BASE = 0x34000000
SECTOR = 0x40000
FW = os.environ.get("FLASHBOOT_FW")  # another build of the firmware, for debugging


def boot(img, timeout=20):
    c = Console.qemu_nor(img, FW, timeout)
    c.stop_autoboot()
    return c



def rnd(seed, n):
    return random.Random(seed).randbytes(n)


@pytest.fixture
def nor(tmp_path):
    """A booted firmware on an erased NOR image; yields (console, image path)."""
    img = make_nor_image(tmp_path / "nor.img")
    c = boot(img)
    yield c, img
    c.close()


def test_flinfo_geometry(nor):
    c, _ = nor
    out = c.cmd("flinfo")
    assert "Bank # 1: " in out
    assert "Size: 64 MiB in 256 Sectors" in out
    assert "Intel/Sharp Extended command set" in out
    # QEMU's packed read-ID word 0x00008918, unpacked: Intel, device 0x18 (28F128J3's code)
    assert "Manufacturer ID: 0x89 (Intel), Device ID: 0x0018" in out
    assert "1 erase region(s): 256 x 256K" in out
    assert "buffer size: 2048 bytes" in out
    starts = [int(a, 16) for a in re.findall(r"\b([0-9A-F]{8})\b", out.split("Sector Start Addresses:")[1])]
    assert starts == [NOR_BASE + i * SECTOR for i in range(256)]
    assert " RO " not in out
    assert c.cmd("flinfo 1") == out.lstrip("\n")
    assert c.cmd("flinfo 2") == "Only NOR banks # 1 ... 1 exist"
    assert c.cmd("echo alive") == "alive"


def test_4mib_program_readback_crc_and_restart(tmp_path):
    data = rnd(1, 4 << 20)
    src_off, dst_off = 0x1000000, 0x2000000
    img = make_nor_image(tmp_path / "nor.img", [(src_off, data), (dst_off, rnd(2, 4096))])
    want = "%08x" % binascii.crc32(data)
    c = boot(img, timeout=60)
    try:
        out = c.cmd("nor read 0x1000000 0x1000000 0x400000")
        assert out == "Read 0x400000 bytes from nor0 at 0x1000000"
        assert c.cmd("printenv filesize") == "filesize=400000"
        assert c.cmd("crc32 0x1000000 0x400000") == crc_line(0x1000000, data)

        out = seen(c.cmd("nor erase 0x2000000 0x400000"))
        assert out == "Erasing 100%\nErased 0x400000 bytes of nor0 at 0x2000000"
        assert parse_md(c.cmd("md.b 0x36000000 0x10")) == b"\xff" * 16
        assert parse_md(c.cmd("md.b 0x363ffff0 0x10")) == b"\xff" * 16

        t0 = time.monotonic()
        out = seen(c.cmd("nor write 0x1000000 0x2000000 0x400000"))
        write_s = time.monotonic() - t0
        assert out == "Writing 100%\nWrote 0x400000 bytes to nor0 at 0x2000000"
        print("4 MiB buffered NOR write in QEMU: %.2f s" % write_s)
        assert write_s < 10, "4 MiB write took %.1f s" % write_s

        assert c.cmd("nor read 0x1800000 0x2000000 0x400000") == \
            "Read 0x400000 bytes from nor0 at 0x2000000"
        assert c.cmd("crc32 0x1800000 0x400000").endswith("==> " + want)
        assert c.cmd("crc32 0x36000000 0x400000").endswith("==> " + want)
        assert c.cmd("cmp.l 0x1000000 0x1800000 0x100000") == "Total of 1048576 word(s) were the same"
    finally:
        c.close()
    # the host file holds the bytes at the right offset, the source is untouched
    assert read_at(img, dst_off, len(data)) == data
    assert read_at(img, src_off, len(data)) == data
    assert read_at(img, dst_off + len(data), SECTOR) == b"\xff" * SECTOR

    # and a fresh QEMU on the same file sees them
    c = boot(img, timeout=60)
    try:
        assert c.cmd("crc32 0x36000000 0x400000") == crc_line(0x36000000, data)
    finally:
        c.close()


def test_cp_to_flash(tmp_path):
    img = make_nor_image(tmp_path / "nor.img")
    c = boot(img)
    try:
        c.cmd("mw.l 0x100000 0x12345678 0x40")
        assert c.cmd("cp.b 0x100000 0x34200000 0x100") == "Copy to Flash... done"
        assert c.cmd("cmp.b 0x100000 0x34200000 0x100") == "Total of 256 byte(s) were the same"
        c.cmd("mw.l 0x100000 0xdeadbeef 0x40")
        assert c.cmd("cp.b 0x100000 0x34200000 0x100") == \
            "Copy to Flash... Error: Flash not Erased at 0x34200000"
        assert c.cmd("echo $?") == "1"
        # partly programmed: the first non-erased byte is named, nothing is written
        assert c.cmd("cp.l 0x100000 0x342000f0 0x8") == \
            "Copy to Flash... Error: Flash not Erased at 0x342000f0"
        assert parse_md(c.cmd("md.b 0x34200100 0x10")) == b"\xff" * 16
        assert c.cmd("cp.l 0x100000 0x34200100 0x4") == "Copy to Flash... done"
        assert c.cmd("cp.b 0x100000 0x37fffff0 0x20") == \
            "## Error: address 0x38000000 is not mapped on this board (see bdinfo)"
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()
    assert read_at(img, 0x200000, 0x100) == bytes.fromhex("78563412") * 64
    assert read_at(img, 0x200100, 0x20) == bytes.fromhex("efbeadde") * 4 + b"\xff" * 16


def test_cp_to_flash_u_boot_rule(tmp_path):
    """cp to flash refuses by U-Boot's rule, (old & new) == new for every byte: clearing bits of
    programmed bytes is a program like any other, a bit back from 0 to 1 is "Flash not Erased" at
    that byte, before anything of the copy is written."""
    img = make_nor_image(tmp_path / "nor.img")
    c = boot(img)
    try:
        c.cmd("mw.b 0x100000 0xf5 0x40")
        assert c.cmd("cp.b 0x100000 0x34200000 0x40") == "Copy to Flash... done"
        # 0xf0 over 0xf5 only clears bits, and 0x0f over 0xff-erased bytes after them too
        c.cmd("mw.b 0x100000 0xf0 0x40")
        c.cmd("mw.b 0x100040 0x0f 0x40")
        assert c.cmd("cp.b 0x100000 0x34200000 0x80") == "Copy to Flash... done"
        assert parse_md(c.cmd("md.b 0x34200000 0x80")) == b"\xf0" * 0x40 + b"\x0f" * 0x40
        # one byte needing a 0 bit back to 1 (0x0f -> 0x1f at 0x34200057): refused, named, nothing written
        c.cmd("mw.b 0x100000 0x00 0x100")
        c.cmd("mw.b 0x100057 0x1f 1")
        assert c.cmd("cp.b 0x100000 0x34200000 0x100") == \
            "Copy to Flash... Error: Flash not Erased at 0x34200057"
        assert c.cmd("echo $?") == "1"
        assert parse_md(c.cmd("md.b 0x34200000 0x100")) == b"\xf0" * 0x40 + b"\x0f" * 0x40 + b"\xff" * 0x80
    finally:
        c.close()
    assert read_at(img, 0x200000, 0x100) == b"\xf0" * 0x40 + b"\x0f" * 0x40 + b"\xff" * 0x80


def test_protect_refuses_erase_and_write(tmp_path):
    # sectors 7..10 hold data, so an erase that went through would show
    fills = [(i * SECTOR, rnd(i, SECTOR)) for i in range(7, 11)]
    img = make_nor_image(tmp_path / "nor.img", fills)
    c = boot(img)
    try:
        assert c.cmd("protect on 1:8-9") == "Protected 2 sectors"
        out = c.cmd("flinfo")
        assert "34200000 RO" in out and "34240000 RO" in out and "341C0000 RO" not in out
        crc8 = crc_line(0x34200000, fills[1][1])

        out = c.cmd("erase 34200000 +80000")
        assert "## Error: nor0 0x200000+0x80000 holds protected blocks; nothing erased" in out
        # a range that only partly covers protected sectors is refused entirely
        out = c.cmd("erase 341c0000 +100000")
        assert "holds protected blocks; nothing erased" in out
        assert c.cmd("echo $?") == "1"
        assert c.cmd("crc32 341c0000 40000") == crc_line(0x341c0000, fills[0][1])
        out = c.cmd("nor erase 0x200000 0x40000")
        assert "holds protected blocks; nothing erased" in out
        c.cmd("mw.l 0x100000 0 0x100")
        assert c.cmd("nor write 0x100000 0x200000 0x100") == \
            "## Error: nor0 0x200000+0x100 is protected ('nor protect off' first)"
        assert c.cmd("cp.b 0x100000 0x34240000 0x10") == \
            "Error: Can't write to protected Flash sectors"
        assert c.cmd("crc32 34200000 40000") == crc8
        assert c.cmd("echo alive") == "alive"

        # erase bank skips protected sectors with a warning, like U-Boot
        out = seen(c.cmd("erase bank 1"))
        assert "Warning: 2 protected sectors were not erased!" in out
        assert out.endswith("Erased 254 sectors")
        assert c.cmd("crc32 34200000 40000") == crc8
        assert parse_md(c.cmd("md.b 341c0000 10")) == b"\xff" * 16

        assert c.cmd("protect off 1:8-9") == "Un-Protected 2 sectors"
        assert "RO" not in c.cmd("flinfo")
        out = seen(c.cmd("erase 34200000 +80000"))
        assert out == "Erase Flash from 0x34200000 to 0x3427ffff in Bank # 1\nErasing 100%\n" \
                      "Erased 0x80000 bytes of nor0 at 0x200000"
        assert c.cmd("nor write 0x100000 0x200000 0x100") == "Wrote 0x100 bytes to nor0 at 0x200000"
    finally:
        c.close()
    assert read_at(img, 0x200000, 0x100) == bytes(0x100)
    assert read_at(img, 0x200100, 2 * SECTOR - 0x100) == b"\xff" * (2 * SECTOR - 0x100)
    assert read_at(img, 7 * SECTOR, SECTOR) == b"\xff" * SECTOR
    assert read_at(img, 10 * SECTOR, SECTOR) == b"\xff" * SECTOR


def test_bad_erases_refused_and_nothing_changes(tmp_path):
    first = rnd(7, SECTOR)
    img = make_nor_image(tmp_path / "nor.img", [(0, first), (NOR_SIZE - SECTOR, first)])
    c = boot(img)
    try:
        bad = {
            "erase 34000100 +100": "Error: start and/or end address not on sector boundary",
            "erase 34000000 340000ff": "Error: start and/or end address not on sector boundary",
            "nor erase 0x100 0x40000":
                "## Error: 0x100+0x40000 is not on erase block boundaries (block size 0x40000)",
            "nor erase 0x0 0x100":
                "## Error: 0x0+0x100 is not on erase block boundaries (block size 0x40000)",
            "erase 38000000 +40000": "## Error: 0x38000000 is not in any NOR flash bank (see flinfo)",
            "erase 37fc0000 38000000": "## Error: range ends beyond NOR bank # 1",
            "erase 37fc0000 +80000": "## Error: range ends beyond NOR bank # 1",
            "nor erase 0x4000000 0x40000":
                "## Error: offset 0x4000000 is beyond the end of nor0 (0x4000000 bytes)",
            "nor erase 0x3fc0000 0x80000":
                "## Error: 0x3fc0000+0x80000 is beyond the end of nor0 (0x4000000 bytes)",
            "erase 1:256": "## Error: bad address or sector specification",
            "erase 1:5-4": "## Error: bad address or sector specification",
            "erase 2:0": "## Error: bad address or sector specification",
            # sector numbers need digits: these once erased sector 0 or 255
            "erase 1:": "## Error: bad address or sector specification",
            "erase 1:0-": "## Error: bad address or sector specification",
            "erase 1:+255": "## Error: bad address or sector specification",
        }
        for line, msg in bad.items():
            assert c.cmd(line) == msg, line
            assert c.cmd("echo $?") == "1", line
        assert c.cmd("crc32 34000000 40000") == crc_line(NOR_BASE, first)
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()
    assert read_at(img, 0, SECTOR) == first
    assert read_at(img, NOR_SIZE - SECTOR, SECTOR) == first


def test_erase_forms(tmp_path):
    secs = {i: rnd(100 + i, SECTOR) for i in range(3, 10)}
    img = make_nor_image(tmp_path / "nor.img", [(i * SECTOR, d) for i, d in secs.items()])
    c = boot(img)
    try:
        out = seen(c.cmd("erase 1:4-5"))
        assert out.startswith("Erase Flash from 0x34100000 to 0x3417ffff in Bank # 1\n")
        assert out.endswith("Erased 0x80000 bytes of nor0 at 0x100000")
        out = seen(c.cmd("erase 34180000 341bffff"))
        assert out.startswith("Erase Flash from 0x34180000 to 0x341bffff in Bank # 1\n")
        # +len rounds up to the end of the sector it ends in
        out = seen(c.cmd("erase 341c0000 +1"))
        assert out.startswith("Erase Flash from 0x341c0000 to 0x341fffff in Bank # 1\n")
        out = seen(c.cmd("nor erase 0x200000 0x40000"))
        assert out.endswith("Erased 0x40000 bytes of nor0 at 0x200000")
    finally:
        c.close()
    for i, d in secs.items():
        want = b"\xff" * SECTOR if 4 <= i <= 8 else d
        assert read_at(img, i * SECTOR, SECTOR) == want, "sector %d" % i


def test_mtd_on_partitions(tmp_path):
    kern = rnd(11, 0x10000)
    marker = b"FIRMWARE" * 8
    img = make_nor_image(tmp_path / "nor.img", [(0x140000, kern), (0, marker), (0xc0000, b"old dtb!" * 8)])
    c = boot(img)
    try:
        out = c.cmd("mtd list")
        for line in ['- 0x000000000000-0x000000040000 : "firmware" (read-only)',
                     '- 0x0000000c0000-0x000000100000 : "dtb"',
                     '- 0x000000140000-0x000000940000 : "kernel"']:
            assert line in out
        assert c.cmd("mtd read kernel 0x1000000 0 0x10000") == "Read 0x10000 bytes from kernel at 0x0"
        assert c.cmd("printenv filesize") == "filesize=10000"
        assert c.cmd("crc32 0x1000000 0x10000") == crc_line(0x1000000, kern)

        assert seen(c.cmd("mtd erase dtb")) == "Erasing 100%\nErased 0x40000 bytes of dtb at 0x0"
        assert c.cmd("mtd write dtb 0x1000000 0x8000 0x10000") == "Wrote 0x10000 bytes to dtb at 0x8000"
        assert parse_md(c.cmd("mtd dump dtb 0x8000 0x20").split("\n", 1)[1]) == kern[:32]
        out = c.cmd("mtd dump dtb")
        assert out.startswith("Dump 0x100 bytes from 0x0:\n")
        assert parse_md(out) == b"\xff" * 256
        assert c.cmd("mtd read dtb 0x1100000 0x8000 0x10000") == "Read 0x10000 bytes from dtb at 0x8000"
        assert c.cmd("crc32 0x1100000 0x10000") == crc_line(0x1100000, kern)

        # the read-only firmware partition refuses, whoever asks
        for line, what in [("mtd write firmware 0x1000000 0 0x100", "write"),
                           ("mtd erase firmware", "erase"),
                           ("nor erase firmware", "erase"),
                           ("nor write 0x1000000 firmware 0x100", "write")]:
            assert c.cmd(line) == "## Error: firmware is read-only; %s refused" % what, line
            assert c.cmd("echo $?") == "1"
        assert c.cmd("mtd read nosuch 0x1000000") == \
            "## Error: MTD device nosuch not found (see 'mtd list')"
        assert c.cmd("mtd erase dtb 0 0x20000") == \
            "## Error: 0x0+0x20000 is not on erase block boundaries (block size 0x40000)"
        assert c.cmd("mtd read dtb 0x1000000 0x40000") == \
            "## Error: offset 0x40000 is beyond the end of dtb (0x40000 bytes)"
        assert c.cmd("mtd write dtb 0x1000000 0 0x40001") == \
            "## Error: 0x0+0x40001 is beyond the end of dtb (0x40000 bytes)"
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()
    assert read_at(img, 0, len(marker)) == marker
    assert read_at(img, 0xc0000, 0x8000) == b"\xff" * 0x8000
    assert read_at(img, 0xc8000, 0x10000) == kern
