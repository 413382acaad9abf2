"""loady in QEMU: files sent by lrzsz's sb over the serial line land in RAM intact; refusals and cancels."""
import binascii
import os
import re
import pytest
from fbconsole import PROMPT, run_sender

SB = "/usr/bin/sb"
pytestmark = pytest.mark.skipif(not os.path.exists(SB), reason="lrzsz not installed")


def sb_send(fb, path, *opts, timeout=120):
    return run_sender(fb, [SB, "-q", *opts, path], timeout)


def start_loady(fb, line, addr):
    fb.send(line + "\r")
    fb.expect(re.escape("## Ready for binary (ymodem) download to 0x%08X at 115200 bps..." % addr))


def finish(fb):
    return fb.expect(PROMPT, timeout=30).replace("\r", "")


@pytest.mark.parametrize("size,opts", [(200000, ("-k",)), (5000, ())], ids=["1k-blocks", "128-blocks"])
def test_loady_receives_file_from_sb(fb, tmp_path, size, opts):
    data = os.urandom(size)
    f = tmp_path / "payload.bin"
    f.write_bytes(data)
    start_loady(fb, "loady 0x800000", 0x800000)
    rc, err = sb_send(fb, str(f), *opts)
    out = finish(fb)
    assert rc == 0, err
    assert "## File 'payload.bin'" in out
    assert "## Total Size      = 0x%08x = %d Bytes" % (size, size) in out
    assert fb.cmd("printenv filesize") == "filesize=%x" % size
    assert fb.cmd("crc32 0x800000 ${filesize}") == \
        "crc32 for 00800000 ... %08x ==> %08x" % (0x800000 + size - 1, binascii.crc32(data))


def test_loady_default_address_and_second_transfer(fb, tmp_path):
    a = os.urandom(3000)
    f = tmp_path / "a.bin"
    f.write_bytes(a)
    fb.cmd("setenv loadaddr 0x1000000")
    start_loady(fb, "loady", 0x1000000)
    rc, err = sb_send(fb, str(f))
    finish(fb)
    assert rc == 0, err
    assert fb.cmd("crc32 0x1000000 0xbb8").endswith("==> %08x" % binascii.crc32(a))
    # the console still works as a shell, and a second download goes fine
    b = os.urandom(70000)
    f.write_bytes(b)
    start_loady(fb, "loady 0x2000000", 0x2000000)
    rc, err = sb_send(fb, str(f), "-k")
    finish(fb)
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
    start_loady(fb, "loady 0x07dff000", 0x07DFF000)
    rc, _ = sb_send(fb, str(f), "-k", timeout=60)
    out = finish(fb)
    assert rc != 0
    assert "## Error: ymodem download file larger than the free RAM" in out
    assert "overlaps flashboot itself" in out
    # the firmware is intact: the shell still answers
    assert fb.cmd("echo alive") == "alive"


def test_loady_ctrl_c_before_transfer(fb):
    start_loady(fb, "loady 0x800000", 0x800000)
    fb.send("\x03")
    out = finish(fb)
    assert "## Error: ymodem download cancelled after 0 bytes" in out
    assert fb.cmd("echo ok") == "ok"
