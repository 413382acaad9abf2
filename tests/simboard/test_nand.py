"""The nand command on the sim board: info, partitions, erase/write/read round trips checked on the host image, dumps with Linux's ECC."""
import math
import random
import re

from simhelp import (BLOCK, KERNEL, NAND_SIZE, OOB, PAGE, PARTS, RAM, RAM2, ROOT, crc_line, page_ecc,
                     parse_dump, parse_md)


def test_boot_banner(sim):
    assert "NAND:  128 MiB" in sim.boot_log
    assert "Flash: 2 MiB NOR" in sim.boot_log
    # fresh images: no environment yet
    assert "Loading Environment from NAND... *** Warning - bad CRC, using default environment" in sim.boot_log


def test_nand_info(sim):
    out = sim.ok("nand info")
    assert "Device 0: nand0, sector size 128 KiB" in out
    assert "ID ec f1 00 95 40" in out
    assert re.search(r"Page size +%d b" % PAGE, out)
    assert re.search(r"OOB size +%d b" % OOB, out)
    assert re.search(r"Erase size +%d b" % BLOCK, out)
    assert "128 MiB, 1024 blocks, 8-bit bus" in out
    assert "controller per step (Linux s3c2410 layout), 3 bytes per 256 b" in out and "OOB 40..63" in out
    # as on the mini2440: timing derived from the K9F1G08U0B's limits (nand_ids.c: tCLS = tALS =
    # tWP = tRP = 12, tWH = tREH = 10, tCLH = tALH = 5, tWC = tRC = 25 ns) at HCLK 101.25 MHz:
    # strobe and hold in whole cycles, the cycle covering tWC/tRC, TACLS for what tCLS needs
    # beyond the strobe
    hz = 101250000

    def cyc(ns):
        return -(-ns * hz // 10**9)
    c0, c1 = max(cyc(12), 1), max(cyc(10), cyc(5), 1)
    while c0 + c1 < cyc(25):
        c1 += 1
    regs = [max(cyc(12) - c0, 0), c0 - 1, c1 - 1]
    assert regs == [0, 1, 1]
    m = re.search(r"TACLS (\d+) .*TWRPH0 (\d+) .*TWRPH1 (\d+)", out)
    assert m, out
    assert [int(x) for x in m.groups()] == regs
    nfconf = int(re.search(r"NFCONF 0x([0-9a-f]+)", out).group(1), 16)
    assert (nfconf >> 12) & 3 == regs[0] and (nfconf >> 8) & 7 == regs[1] and (nfconf >> 4) & 7 == regs[2]


def test_mtdparts_listing(sim):
    out = sim.ok("mtdparts")
    assert "device nand0 <nand>, # parts = 4" in out
    for i, (name, off, size) in enumerate(PARTS):
        m = re.search(r"^ %d: %s +0x([0-9a-f]{8})\s+0x([0-9a-f]{8})\s+(\d)" % (i, re.escape(name)), out, re.M)
        assert m, (name, out)
        assert int(m.group(1), 16) == size and int(m.group(2), 16) == off
        assert m.group(3) == ("1" if name == "u-boot" else "0")
    assert "mtdids  : nand0=nand" in out
    assert "mtdparts: mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),-(root)" in out


def write_kernel(sim, data):
    """Random data: host -> NOR image -> RAM (nor read) -> NAND kernel partition."""
    sim.ok("nor read %x 0 %x" % (RAM, len(data)))
    assert sim.ok("crc32 %x %x" % (RAM, len(data))) == crc_line(RAM, data)
    out = sim.ok("nand erase.part kernel")
    assert "NAND erase: device 0 offset 0x%x, size 0x500000" % KERNEL in out
    assert "100% complete." in out and out.endswith("OK")
    out = sim.ok("nand write %x kernel %x" % (RAM, len(data)))
    assert "NAND write: device 0 offset 0x%x, size 0x%x" % (KERNEL, len(data)) in out
    assert out.endswith(" %d bytes written: OK" % len(data))


def test_write_read_round_trip(board):
    data = random.Random(1).randbytes(0x30000 + 0x123)  # not a whole number of pages
    board.make_nor([(0, data)])
    sim = board.start()
    write_kernel(sim, data)
    sim.ok("mw.b %x 0 %x" % (RAM2, len(data)))
    out = sim.ok("nand read %x kernel %x" % (RAM2, len(data)))
    assert "NAND read: device 0 offset 0x%x, size 0x%x" % (KERNEL, len(data)) in out
    assert out.endswith(" %d bytes read: OK" % len(data))
    assert "bitflips" not in out
    assert sim.ok("crc32 %x %x" % (RAM2, len(data))) == crc_line(RAM2, data)
    assert sim.ok("printenv filesize") == "filesize=%x" % len(data)
    # an offset instead of a partition name, and a read that ends inside a page
    sim.ok("nand read %x %x 0x801" % (RAM2, KERNEL + 0x1000))
    assert sim.ok("crc32 %x 801" % RAM2) == crc_line(RAM2, data[0x1000:0x1801])
    sim.poweroff()
    # the host image holds the data, the last page padded with 0xff
    assert board.nand_data(KERNEL, len(data)) == data
    pad = board.nand_data(KERNEL + len(data) - len(data) % PAGE, PAGE)[len(data) % PAGE:]
    assert pad == b"\xff" * len(pad)


def test_dump_shows_linux_ecc(board):
    """The OOB holds what Linux's s3c2410 driver computes with the controller on a mini2440."""
    data = random.Random(2).randbytes(2 * PAGE)
    board.make_nor([(0, data)])
    sim = board.start()
    write_kernel(sim, data)
    dat, oob = parse_dump(sim.ok("nand dump %x" % KERNEL))
    assert dat == data[:PAGE]
    assert len(oob) == OOB
    assert oob[:2] == b"\xff\xff"            # bad-block marker untouched
    assert oob[40:64] == page_ecc(data[:PAGE])
    out = sim.ok("nand dump.oob %x" % (KERNEL + PAGE))
    dat2, oob2 = parse_dump(out)
    assert dat2 == b"" and "Page %08x dump:" % (KERNEL + PAGE) in out
    assert oob2[40:64] == page_ecc(data[PAGE:])
    # read.oob returns the same bytes in RAM, read.raw data + OOB of two pages
    sim.ok("nand read.oob %x %x" % (RAM2, KERNEL))
    assert sim.ok("printenv filesize") == "filesize=%x" % OOB
    assert parse_md(sim.ok("md.b %x %x" % (RAM2, OOB))) == oob
    sim.ok("nand read.raw %x kernel 2" % RAM2)
    raw = bytes(data[:PAGE]) + oob + bytes(data[PAGE:]) + oob2
    assert sim.ok("crc32 %x %x" % (RAM2, len(raw))) == crc_line(RAM2, raw)
    sim.poweroff()
    for p in range(2):
        assert board.raw_page(KERNEL // PAGE + p)[PAGE + 40:] == page_ecc(data[p * PAGE:(p + 1) * PAGE])


def test_bitflip_corrected_and_reported(board):
    data = random.Random(3).randbytes(PAGE * 4)
    board.make_nor([(0, data)])
    sim = board.start()
    write_kernel(sim, data)
    board.poweroff()
    # a weak bit in the second page's data, another in the third page's ECC bytes
    page = KERNEL // PAGE
    sim = board.start(bitflips=[(page + 1, 777, 5), (page + 2, PAGE + 45, 0)])
    out = sim.ok("nand read %x kernel %x" % (RAM2, len(data)))
    assert " 2 bitflips corrected" in out
    assert out.endswith(" %d bytes read: OK" % len(data))
    assert sim.ok("crc32 %x %x" % (RAM2, len(data))) == crc_line(RAM2, data)
    # the raw dump shows the flipped bit as stored
    dat, _ = parse_dump(sim.ok("nand dump %x" % (KERNEL + PAGE)))
    assert dat[777] == data[PAGE + 777] ^ (1 << 5)


def test_errors_leave_the_shell_alive(sim):
    assert "Usage:" in sim.fails("nand")
    assert "Usage:" in sim.fails("nand erase")          # never a whole-chip erase by accident
    assert "Usage:" in sim.fails("nand read %x" % RAM)
    assert "not mapped on this board" in sim.fails("nand read 0x100 kernel 0x800")
    assert "overlaps flashboot itself" in sim.fails("nand read 0x33e00000 kernel 0x800")
    assert "Attempt to write non page-aligned data" in sim.fails("nand write %x %x 0x800" % (RAM, KERNEL + 1))
    assert "Attempt to erase non block-aligned data" in sim.fails("nand erase %x 0x20000" % (KERNEL + 0x1000))
    assert "u-boot is read-only; write refused" in sim.fails("nand write %x u-boot 0x800" % RAM)
    assert "u-boot is read-only; erase refused" in sim.fails("nand erase.part u-boot")
    assert "do not fit in partition root" in sim.fails("nand read %x root 0x8000000" % RAM)
    assert "beyond the end of nand0" in sim.fails("nand read %x 0x7ff0000 0x20000" % RAM)
    assert "neither an offset nor a partition name" in sim.fails("nand erase.spread nothere 0x1000")
    assert "is not a partition" in sim.fails("nand erase.part nand0")
    assert "nor0 is not on NAND flash" in sim.fails("nand read %x nor0 0x100" % RAM)
    assert "No such device: 2" in sim.fails("nand device 2")
    # an abort lands at the prompt, as on the board
    assert "## Error: not on the sim board" in sim.cmd("go %x" % RAM)
    assert sim.cmd("echo alive") == "alive"
    assert sim.ok("nand device 0") == "Device 0: nand0... is now current device"


def test_erase_chip_skips_only_bbt(sim):
    out = sim.ok("nand erase.chip", timeout=60)
    assert "NAND erase: device 0 whole chip" in out
    # the two blocks at the end hold Linux's bad block table and are left alone
    assert "Skipping BBT block at 0x%08x" % (NAND_SIZE - 2 * BLOCK) in out
    assert "Skipping BBT block at 0x%08x" % (NAND_SIZE - BLOCK) in out
    assert "100% complete." in out and out.endswith("OK")
    out = sim.ok("nand bad")
    assert "Device 0 bad blocks:\n  none" in out
    assert "reserved for the bad block table (not bad):\n  0x%08x\n  0x%08x" % (
        NAND_SIZE - 2 * BLOCK, NAND_SIZE - BLOCK) in out
    sim.poweroff()
    # the table survived in the image: Linux's "Bbt0" / "1tbB" patterns in the first page's OOB
    oobs = [sim.raw_page((NAND_SIZE - k * BLOCK) // PAGE)[PAGE:] for k in (1, 2)]
    assert any(b"Bbt0" in o for o in oobs) and any(b"1tbB" in o for o in oobs)


def test_ctrl_c_stops_a_long_operation(sim):
    ch = sim.c.child
    ch.send("nand torture root\r")                # ~980 blocks: seconds of work
    ch.expect_exact("NAND torture: device 0 offset 0x%x" % ROOT)
    ch.send("\x03")
    ch.expect_exact("<INTERRUPT>", timeout=10)
    ch.expect(r" Passed: (\d+), failed: 0")
    assert 0 < int(ch.match.group(1)) < 900
    ch.expect_exact("\n=> ")
    assert sim.cmd("echo alive") == "alive"


def test_ctrl_c_stops_nand_write_and_read(sim):
    """nand write/read of 32 MiB take seconds: Ctrl-C stops them where they are (issue 10 item 6)."""
    ch = sim.c.child
    for verb, what in (("write", "written"), ("read", "read")):
        line = "nand %s %x root 0x2000000" % (verb, RAM)
        ch.send(line + "\r")
        ch.expect(r"%s at 0x[0-9a-f]+ -- +\d+%% complete" % ("Writing" if verb == "write" else "Reading"))
        ch.send("\x03")
        ch.expect(r"<INTERRUPT> %s 0x([0-9a-f]+) of 0x2000000 bytes" % what, timeout=10)
        assert 0 < int(ch.match.group(1), 16) < 0x2000000
        ch.expect_exact("\n=> ")
        assert sim.cmd("echo alive") == "alive"


def test_bootz_reaches_the_jump_and_returns(sim):
    # a minimal zImage header: magic at +0x24, start/end at +0x28/+0x2c
    sim.ok("mw.l %x 016f2818" % (RAM + 0x24))
    sim.ok("mw.l %x 0" % (RAM + 0x28))
    sim.ok("mw.l %x 1000" % (RAM + 0x2c))
    out = sim.cmd("bootz %x" % RAM)
    assert "Starting kernel ..." in out
    assert "## Error: not on the sim board: the host cannot run the kernel at 0x%08x (machine 1999" % RAM in out
    assert sim.cmd("echo alive") == "alive"


def test_enter_repeats_only_dump_and_listings(sim):
    """Enter on an empty line: U-Boot's nand repeats only dump (the next page), mtd only list and bad;
    a read, write or erase is not run again."""
    # typed with cmd(), not ok(): ok()'s "echo rc=$?" would be the line an Enter repeats (echo is
    # repeatable in U-Boot)
    assert sim.cmd("nand read %x kernel 800" % RAM).endswith(" 2048 bytes read: OK")
    assert sim.cmd("") == ""
    assert sim.cmd("nand write %x kernel 800" % RAM).endswith(" 2048 bytes written: OK")
    assert sim.cmd("") == ""
    assert sim.cmd("nand dump %x" % KERNEL).startswith("Page %08x dump:" % KERNEL)
    assert sim.cmd("").startswith("Page %08x dump:" % (KERNEL + PAGE))
    listing = sim.cmd("mtd list")
    assert listing.startswith("List of MTD devices:") and sim.cmd("") == listing
    assert sim.cmd("mtd read kernel %x 0 800" % RAM) == "Read 0x800 bytes from kernel at 0x0"
    assert sim.cmd("") == ""
