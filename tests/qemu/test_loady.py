"""loady in QEMU: files sent by lrzsz's sb over the serial line land in RAM intact; refusals and cancels.

sb reads the line until it exits, so the summary loady prints after the last block (or its error
line after a cancel) may be read by sb instead of the terminal when sb is scheduled late:
fbconsole.resync() gets the prompt back and loady's $?, and the tests check what loady did
(return code, filesize, the bytes) rather than lines that may never reach the terminal. The
summary's text is shared with loadb (cmd/load.c) and checked there, where gkermit leaves it."""
import binascii
import os
import re
import pytest
from fbconsole import PROMPT, crc_line, resync, run_sender

SB = "/usr/bin/sb"
pytestmark = pytest.mark.skipif(not os.path.exists(SB), reason="lrzsz not installed")


def sb_send(fb, path, *opts, timeout=120):
    return run_sender(fb, [SB, "-q", *opts, path], timeout)


def start_loady(fb, line, addr):
    fb.send(line + "\r")
    fb.expect(re.escape("## Ready for binary (ymodem) download to 0x%08X at 115200 bps..." % addr))


def finish(fb):
    """loady's return code, once the prompt is back whatever sb read"""
    return resync(fb, status=True)[1]


@pytest.mark.parametrize("size,opts", [(200000, ("-k",)), (5000, ())], ids=["1k-blocks", "128-blocks"])
def test_loady_receives_file_from_sb(fb, tmp_path, size, opts):
    data = os.urandom(size)
    f = tmp_path / "payload.bin"
    f.write_bytes(data)
    start_loady(fb, "loady 0x800000", 0x800000)
    rc, err = sb_send(fb, str(f), *opts)
    assert finish(fb) == 0
    assert rc == 0, err
    assert fb.cmd("printenv filesize fileaddr").split("\n") == ["filesize=%x" % size, "fileaddr=800000"]
    assert fb.cmd("crc32 0x800000 ${filesize}") == \
        "crc32 for 00800000 ... %08x ==> %08x" % (0x800000 + size - 1, binascii.crc32(data))


def test_loady_default_address_and_second_transfer(fb, tmp_path):
    a = os.urandom(3000)
    f = tmp_path / "a.bin"
    f.write_bytes(a)
    fb.cmd("setenv loadaddr 0x1000000")
    start_loady(fb, "loady", 0x1000000)
    rc, err = sb_send(fb, str(f))
    assert finish(fb) == 0
    assert rc == 0, err
    assert fb.cmd("crc32 0x1000000 0xbb8").endswith("==> %08x" % binascii.crc32(a))
    # the console still works as a shell, and a second download goes fine
    b = os.urandom(70000)
    f.write_bytes(b)
    start_loady(fb, "loady 0x2000000", 0x2000000)
    rc, err = sb_send(fb, str(f), "-k")
    assert finish(fb) == 0
    assert rc == 0, err
    assert fb.cmd("printenv filesize") == "filesize=%x" % len(b)
    assert fb.cmd("crc32 0x2000000 ${filesize}").endswith("==> %08x" % binascii.crc32(b))


def test_loady_refuses_to_overwrite_firmware(fb, tmp_path):
    out = fb.cmd("loady 0x07e00100")
    assert "overlaps flashboot itself" in out
    assert "Ready for binary" not in out
    # close below the firmware: the file would grow into it, the transfer is cancelled
    data = os.urandom(8192)
    f = tmp_path / "big.bin"
    f.write_bytes(data)
    fb.cmd("setenv filesize 0; mw.l 0x07dff000 0x5a5a5a5a 0x400")
    start_loady(fb, "loady 0x07dff000", 0x07DFF000)
    rc, _ = sb_send(fb, str(f), "-k", timeout=60)
    assert finish(fb) == 1
    assert rc != 0
    assert fb.cmd("printenv filesize") == "filesize=0"
    # refused on the size sb announces: the firmware is intact (the shell still answers) and the
    # 4 KiB below it are untouched
    assert fb.cmd("echo alive") == "alive"
    assert fb.cmd("crc32 0x07dff000 0x1000") == crc_line(0x07DFF000, b"\x5a" * 0x1000)


def test_loady_ctrl_c_before_transfer(fb):
    start_loady(fb, "loady 0x800000", 0x800000)
    fb.send("\x03")
    out = fb.expect(PROMPT, timeout=30).replace("\r", "")  # no sender: nothing else reads the line
    assert "## Error: ymodem download cancelled after 0 bytes" in out
    assert fb.cmd("echo ok") == "ok"
