"""The mini2440's NAND boot with bad blocks in the u-boot partition: the real flashboot.bin (over
128 KiB since the network is in) put into NAND by tools/mkflash or by the firmware's own update path
on the sim board, then loaded by the stage-1 loader (tests/host/nandboot.c runs board/mini2440/
nand_boot.c against the same NAND image file with the chip and controller models)."""
import os
import re
import subprocess

import pytest
from fbconsole import PROMPT, ROOT as TOP
from simhelp import BLOCK, RAM, RAM2, crc_line

MKFLASH = os.path.join(TOP, "tools", "mkflash")
NANDBOOT = os.path.join(TOP, "out", "host", "host", "nandboot")
FLASHBOOT = os.path.join(TOP, "out", "mini2440", "flashboot.bin")
SB = "/usr/bin/sb"
UBOOT_BLOCKS = 4  # 512k(u-boot)ro


@pytest.fixture(scope="module")
def firmware():
    """The mini2440 image and the stage-1 runner, built as make builds them."""
    r = subprocess.run(["make", "-s", "--no-print-directory", "BOARD=mini2440", "all", "out/host/host/nandboot"],
                       cwd=TOP, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    with open(FLASHBOOT, "rb") as f:
        fw = f.read()
    assert BLOCK < len(fw) <= 160 << 10  # two blocks of the partition
    return fw


def nand_boot(board, tmp_path):
    """Power-on from NAND: (exit code, console line, loaded bytes or None)."""
    out = tmp_path / "loaded.bin"
    if out.exists():
        out.unlink()
    r = subprocess.run([NANDBOOT, board.nand, str(out)], capture_output=True, text=True, timeout=60)
    loaded = out.read_bytes() if out.exists() else None
    return r.returncode, r.stdout.strip() + r.stderr.strip(), loaded


def mkflash(board, fw_path, bad):
    return subprocess.run([MKFLASH, "nand", "-o", board.nand, *("--bad-block=%d" % b for b in bad),
                           "u-boot=%s" % fw_path], capture_output=True, text=True)


@pytest.mark.parametrize("bad", [(1,), (1, 2), (1, 3)])
def test_image_over_one_block_boots_past_bad_blocks(board, tmp_path, firmware, bad):
    fw_path = tmp_path / "flashboot.bin"
    fw_path.write_bytes(firmware)
    r = mkflash(board, fw_path, bad)
    assert r.returncode == 0, r.stderr
    rc, line, loaded = nand_boot(board, tmp_path)
    assert (rc, line) == (0, "stage 1: %d bytes loaded, CRC ok" % len(firmware))
    assert loaded == firmware
    # the running firmware sees the same: the bad blocks, and flashboot in u-boot around them
    sim = board.start()
    assert sim.ok("nand bad").startswith("Device 0 bad blocks:\n" + "".join(
        "  0x%08x\n" % (b * BLOCK) for b in bad))
    out = sim.ok("nand read %x u-boot %x" % (RAM, len(firmware)))
    assert "Skipping bad block at 0x%08x" % (bad[0] * BLOCK) in out
    assert sim.ok("crc32 %x %x" % (RAM, len(firmware))) == crc_line(RAM, firmware)


def test_too_many_bad_blocks_refused(board, tmp_path, firmware):
    """Blocks 1 and 2 bad, flashboot in 0 and 3; then block 3 goes bad too: its second half is
    gone from the partition and the stage says so instead of jumping into half an image."""
    fw_path = tmp_path / "flashboot.bin"
    fw_path.write_bytes(firmware)
    assert mkflash(board, fw_path, (1, 2)).returncode == 0
    assert nand_boot(board, tmp_path)[0] == 0
    sim = board.start()
    assert sim.ok("nand markbad %x" % (3 * BLOCK)) == \
        "block 0x%08x successfully marked as bad" % (3 * BLOCK)
    sim.poweroff()
    rc, line, loaded = nand_boot(board, tmp_path)
    assert (rc, line, loaded) == (1, "flashboot: NAND boot failed, errno 0x1c", None)  # ENOSPC
    # mkflash will not write it there either
    r = mkflash(board, fw_path, (1, 2, 3))
    assert r.returncode and "u-boot" in r.stderr and "bad blocks skipped: 1, 2, 3" in r.stderr


@pytest.mark.skipif(not os.path.exists(SB), reason="lrzsz not installed")
def test_update_from_the_prompt(board, tmp_path, firmware):
    """docs/mini2440.md's update path on a board with bad block 1: loady, nand erase 0 0x80000,
    nand write ${loadaddr} 0 ${filesize}; then the NAND boot loads the new image."""
    fw_path = tmp_path / "flashboot.bin"
    fw_path.write_bytes(firmware)
    sim = board.start(bad_blocks=[1])
    ch = sim.c.child
    ch.send("loady\r")
    ch.expect(re.escape("## Ready for binary (ymodem) download to 0x%08X" % 0x30800000))
    p = subprocess.run([SB, "-q", "-k", str(fw_path)], stdin=ch.child_fd, stdout=ch.child_fd,
                       stderr=subprocess.PIPE, timeout=180)
    ch.expect(PROMPT, timeout=30)
    assert p.returncode == 0, p.stderr.decode("latin-1")
    assert sim.cmd("printenv filesize") == "filesize=%x" % len(firmware)
    # by name the partition is read-only
    assert "u-boot is read-only; write refused" in sim.fails("nand write ${loadaddr} u-boot ${filesize}")
    assert "Skipping bad block at 0x%08x" % BLOCK in sim.ok("nand erase 0 0x80000")
    out = sim.ok("nand write ${loadaddr} 0 ${filesize}")
    assert "Skipping bad block at 0x%08x" % BLOCK in out
    sim.ok("nand read %x u-boot ${filesize}" % RAM2)
    assert sim.ok("crc32 %x %x" % (RAM2, len(firmware))) == crc_line(RAM2, firmware)
    sim.poweroff()
    rc, line, loaded = nand_boot(board, tmp_path)
    assert (rc, loaded) == (0, firmware), line
