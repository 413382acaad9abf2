"""Bad blocks on the sim board: factory markers skipped by read/write/erase, nand bad/markbad/scrub/torture, partitions that no longer fit."""
import random

from simhelp import BLOCK, KERNEL, PAGE, RAM, RAM2, ROOT, crc_line, parse_dump, seen

BAD = 10                     # a factory bad block inside the kernel partition (blocks 8..47)
BAD_OFS = BAD * BLOCK        # 0x140000


def test_factory_bad_block_skipped(board):
    data = random.Random(10).randbytes(3 * BLOCK)
    board.make_nor([(0, data)])
    sim = board.start(bad_blocks=[BAD])
    out = sim.ok("nand bad")
    assert out.startswith("Device 0 bad blocks:\n  0x%08x\n" % BAD_OFS)

    out = sim.ok("nand erase.part kernel")
    assert "Skipping bad block at 0x%08x" % BAD_OFS in out
    assert out.endswith("OK")

    # 3 blocks from the start of kernel (block 8): blocks 8, 9, then 11 after skipping 10
    sim.ok("nor read %x 0 %x" % (RAM, len(data)))
    out = sim.ok("nand write %x kernel %x" % (RAM, len(data)))
    assert "Skipping bad block at 0x%08x" % BAD_OFS in out
    assert out.endswith(" %d bytes written: OK" % len(data))
    sim.ok("mw.b %x 0 %x" % (RAM2, len(data)))
    out = sim.ok("nand read %x kernel %x" % (RAM2, len(data)))
    assert "Skipping bad block at 0x%08x" % BAD_OFS in out
    assert sim.ok("crc32 %x %x" % (RAM2, len(data))) == crc_line(RAM2, data)
    sim.poweroff()
    # data landed around the bad block; the bad block kept its marker and nothing else
    assert board.nand_data(KERNEL, 2 * BLOCK) == data[:2 * BLOCK]
    assert board.nand_data(BAD_OFS + BLOCK, BLOCK) == data[2 * BLOCK:]
    marker_page = board.raw_page(BAD_OFS // PAGE)
    assert marker_page[PAGE] == 0x00
    assert marker_page[:PAGE] == b"\xff" * PAGE


def test_read_back_across_bad_block(board):
    data = random.Random(11).randbytes(2 * BLOCK + 0x1800)
    board.make_nor([(0, data)])
    sim = board.start(bad_blocks=[BAD])
    sim.ok("nor read %x 0 %x" % (RAM, len(data)))
    sim.ok("nand erase %x %x" % (KERNEL + 2 * BLOCK, 2 * BLOCK))  # blocks 10 (bad) and 11
    sim.ok("nand erase %x %x" % (KERNEL, 2 * BLOCK))
    sim.ok("nand write %x %x %x" % (RAM, KERNEL, len(data)))
    sim.ok("mw.b %x 0 %x" % (RAM2, len(data)))
    out = sim.ok("nand read %x %x %x" % (RAM2, KERNEL, len(data)))
    assert "Skipping bad block at 0x%08x" % BAD_OFS in out
    assert sim.ok("crc32 %x %x" % (RAM2, len(data))) == crc_line(RAM2, data)


def test_data_that_no_longer_fits_is_refused(board):
    sim = board.start(bad_blocks=[BAD])
    # the kernel partition lost one block: its full size no longer fits
    out = sim.fails("nand write %x kernel 0x500000" % RAM)
    assert "Size of write exceeds partition or device limit" in out
    assert "0x%x bytes of good blocks left" % (0x500000 - BLOCK) in out
    assert out.endswith(" 0 bytes written: ERROR")
    out = sim.fails("nand read %x kernel" % RAM)       # the whole partition, by name
    assert "Size of read exceeds partition or device limit" in out
    # one block less fits
    sim.ok("nand erase.part kernel")
    out = sim.ok("nand write %x kernel %x" % (RAM, 0x500000 - BLOCK))
    assert out.endswith(" %d bytes written: OK" % (0x500000 - BLOCK))
    # nothing was written past the partition: root's first block is still erased
    dat, oob = parse_dump(sim.ok("nand dump %x" % ROOT))
    assert dat == b"\xff" * PAGE and oob == b"\xff" * 64


def test_markbad_persists_across_restart(board):
    sim = board.start()
    assert sim.ok("nand markbad 0x140000") == "block 0x00140000 successfully marked as bad"
    assert "  0x00140000" in sim.ok("nand bad")
    assert "holds the bad block table" in sim.fails("nand markbad 0x7fe0000")
    sim.restart()
    out = sim.ok("nand bad")
    assert out.startswith("Device 0 bad blocks:\n  0x00140000\n")
    assert "Skipping bad block at 0x00140000" in sim.ok("nand erase 0x120000 0x40000")
    # and through the board's own reset
    sim.c.child.send("reset\r")
    sim.c.child.expect("resetting ...")
    sim.wait_prompt()
    assert "  0x00140000" in sim.ok("nand bad")


def test_scrub_asks_and_n_cancels(board):
    sim = board.start(bad_blocks=[BAD])
    ch = sim.c.child
    ch.send("nand scrub\r")
    ch.expect_exact("NAND scrub: device 0 whole chip")
    ch.expect_exact("Really scrub this NAND flash? <y/N>")
    ch.send("n")
    ch.expect_exact("scrub aborted")
    ch.expect_exact("\n=> ")
    assert sim.cmd("echo rc=$?") == "rc=1"
    assert "  0x%08x" % BAD_OFS in sim.ok("nand bad")
    # -y: no question; the bad block is erased and good again, also after a restart
    out = sim.ok("nand scrub -y %x %x" % (BAD_OFS, BLOCK))
    assert "Really scrub" not in out and out.endswith("OK")
    assert "Device 0 bad blocks:\n  none" in sim.ok("nand bad")
    sim.restart()
    assert "Device 0 bad blocks:\n  none" in sim.ok("nand bad")


def test_scrub_y_key_scrubs_but_spares_bbt(board):
    sim = board.start(bad_blocks=[BAD, 900])
    ch = sim.c.child
    ch.send("nand scrub.chip\r")
    ch.expect_exact("Really scrub this NAND flash? <y/N>")
    ch.send("y")
    ch.expect_exact("\n=> ", timeout=60)
    out = seen(ch.before)
    assert "Skipping BBT block at 0x07fc0000" in out and "Skipping BBT block at 0x07fe0000" in out
    assert "Skipping bad block" not in out
    out = sim.ok("nand bad")
    assert "Device 0 bad blocks:\n  none" in out and "0x07fc0000" in out


def test_torture(board):
    sim = board.start(bad_blocks=[BAD])
    out = sim.ok("nand torture 0x180000")
    assert "NAND torture: device 0 offset 0x180000 size 0x20000 (block size 0x20000)" in out
    assert out.endswith(" Passed: 1, failed: 0")
    dat, oob = parse_dump(sim.ok("nand dump 0x180000"))
    assert dat == b"\xff" * PAGE and oob == b"\xff" * 64      # left erased
    out = sim.ok("nand torture %x %x" % (BAD_OFS - BLOCK, 3 * BLOCK))
    assert "Skipping bad block at 0x%08x" % BAD_OFS in out
    assert out.endswith(" Passed: 2, failed: 0")
    assert "u-boot is read-only" in sim.fails("nand torture u-boot")
