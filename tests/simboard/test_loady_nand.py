"""Updating the kernel on the board from the prompt: a file sent over the serial line with lrzsz's
sb (YMODEM) is received by loady and written to the NAND kernel partition, and it is still there,
bit for bit, after a power cycle (the mini2440 flow of docs/mini2440.md, on the sim board)."""
import binascii
import os
import re

import pytest
from fbconsole import resync, run_sender
from simhelp import KERNEL, RAM, RAM2

SB = "/usr/bin/sb"
pytestmark = pytest.mark.skipif(not os.path.exists(SB), reason="lrzsz not installed")


def test_loady_then_nand_write_survives_power_cycle(board, tmp_path):
    data = os.urandom(300000)
    f = tmp_path / "zImage"
    f.write_bytes(data)
    sim = board.start()
    ch = sim.c.child
    ch.send("loady 0x%x\r" % RAM)
    ch.expect(re.escape("## Ready for binary (ymodem) download to 0x%08X" % RAM))
    rc, err = run_sender(sim.c, [SB, "-q", "-k", str(f)], timeout=180)
    resync(sim.c)  # sb may have read the summary and the prompt: they follow its last ACK
    assert rc == 0, err
    assert sim.cmd("printenv filesize") == "filesize=%x" % len(data)
    sim.ok("nand erase.part kernel", timeout=60)
    sim.ok("nand write 0x%x kernel ${filesize}" % RAM, timeout=60)
    # the sim writes its images back while idle and at poweroff: read the file after poweroff
    sim.poweroff()
    assert sim.nand_data(KERNEL, len(data)) == data  # in the NAND image file, at the partition
    sim.start()
    sim.ok("nand read 0x%x kernel 0x%x" % (RAM2, len(data)), timeout=60)
    out = sim.cmd("crc32 0x%x 0x%x" % (RAM2, len(data)))
    assert out.endswith("==> %08x" % binascii.crc32(data))
