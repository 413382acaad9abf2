"""loadb in QEMU: files sent by G-Kermit over the serial line land in RAM intact; noise, refusals, cancels."""
import binascii
import os
import re
import select
import subprocess
import time

import pytest
from fbconsole import PROMPT, run_sender

GKERMIT = "/usr/bin/gkermit"
pytestmark = pytest.mark.skipif(not os.path.exists(GKERMIT), reason="gkermit not installed")
READY = "## Ready for binary (kermit) download to 0x%08X at 115200 bps..."


def gk_send(fb, path, *opts, timeout=120):
    return run_sender(fb, [GKERMIT, "-i", "-q", *opts, "-s", path], timeout)


class Relay:
    """gkermit on a pty of its own, its bytes copied to the console by us: lets a test corrupt
    packets on the way (noise), or stop forwarding after some packets and type instead (cut)."""

    def __init__(self, noise=(), cut_after=None):
        self.noise = set(noise)   # packet numbers (1 = Send-Init) to damage once
        self.cut_after = cut_after
        self.packets = 0
        self.pos = 0
        self.cut = False
        self.from_fw = b""        # what the firmware sent while we listened

    def mangle(self, data):
        out = bytearray()
        for b in data:
            if b == 0x01:
                self.packets += 1
                self.pos = 0
                if self.cut_after is not None and self.packets > self.cut_after:
                    self.cut = True
            else:
                self.pos += 1
            if self.cut:
                continue
            if self.packets in self.noise and self.pos == 30:
                b ^= 0x04 if b ^ 0x04 != 0x01 else 0x08  # never a new MARK
                self.noise.discard(self.packets)
            out.append(b)
        return bytes(out)

    def run(self, fb, path, on_cut=None, timeout=120):
        master, slave = os.openpty()
        p = subprocess.Popen([GKERMIT, "-i", "-q", "-s", path], stdin=slave, stdout=slave,
                             stderr=subprocess.PIPE)
        os.close(slave)
        fw = fb.child.child_fd
        end = time.time() + timeout
        typed = False
        try:
            while p.poll() is None and time.time() < end:
                r, _, _ = select.select([master, fw], [], [], 0.1)
                if master in r:
                    try:
                        data = os.read(master, 4096)
                    except OSError:
                        break
                    data = self.mangle(data)
                    if data:
                        os.write(fw, data)
                if fw in r:
                    data = os.read(fw, 4096)
                    self.from_fw += data
                    if b"\n" + PROMPT.encode() in self.from_fw:
                        break  # the command ended: the rest is the shell's (packets hold no newline)
                    try:
                        os.write(master, data)
                    except OSError:
                        pass
                if self.cut and on_cut and not typed:
                    time.sleep(0.3)
                    os.write(fw, on_cut)
                    typed = True
        finally:
            if p.poll() is None:
                p.kill()
            _, err = p.communicate()
            os.close(master)
        return p.returncode, err.decode("latin-1")


    def output(self, fb):
        """What the command printed: the part we overheard, then the rest up to the prompt."""
        text = self.from_fw.decode("latin-1").replace("\r", "")
        if "\n" + PROMPT in text:
            return text
        return text + finish(fb)


def start_loadb(fb, line, addr):
    fb.send(line + "\r")
    fb.expect(re.escape(READY % addr))


def finish(fb):
    return fb.expect(PROMPT, timeout=30).replace("\r", "")


def crc_line(addr, data):
    return "crc32 for %08x ... %08x ==> %08x" % (addr, addr + len(data) - 1, binascii.crc32(data))


# -p s / -p e: a sender on a 7-bit line asks for 8th-bit prefixing; with even parity every
# character it sends carries a parity bit the receiver has to strip
@pytest.mark.parametrize("size,opts", [(100000, ()), (3000, ()), (20000, ("-p", "s")),
                                       (20000, ("-p", "e"))],
                         ids=["100k", "3k", "8th-bit-prefix", "even-parity"])
def test_loadb_receives_file_from_gkermit(fb, tmp_path, size, opts):
    data = os.urandom(size)
    f = tmp_path / "payload.bin"
    f.write_bytes(data)
    start_loadb(fb, "loadb 0x800000", 0x800000)
    rc, err = gk_send(fb, str(f), *opts)
    out = finish(fb)
    assert rc == 0, err
    assert "## File 'PAYLOAD.BIN'" in out  # gkermit's file name conversion
    assert "## Total Size      = 0x%08x = %d Bytes" % (size, size) in out
    assert "## Start Addr      = 0x00800000" in out
    assert fb.cmd("printenv filesize") == "filesize=%x" % size
    assert fb.cmd("printenv fileaddr") == "fileaddr=800000"
    assert fb.cmd("crc32 0x800000 ${filesize}") == crc_line(0x800000, data)


def test_loadb_default_address_and_second_transfer(fb, tmp_path):
    a = os.urandom(3000)
    f = tmp_path / "a.bin"
    f.write_bytes(a)
    fb.cmd("setenv loadaddr 0x1000000")
    start_loadb(fb, "loadb", 0x1000000)
    rc, err = gk_send(fb, str(f))
    finish(fb)
    assert rc == 0, err
    assert fb.cmd("crc32 0x1000000 0xbb8") == crc_line(0x1000000, a)
    # compressible data (repeat prefixes) in a second download, baud given as U-Boot takes it
    b = bytes(70000) + os.urandom(1000) + b"\xff" * 5000
    f.write_bytes(b)
    start_loadb(fb, "loadb 0x2000000 115200", 0x2000000)
    rc, err = gk_send(fb, str(f))
    finish(fb)
    assert rc == 0, err
    assert fb.cmd("printenv filesize") == "filesize=%x" % len(b)
    assert fb.cmd("crc32 0x2000000 ${filesize}") == crc_line(0x2000000, b)


def test_loadb_line_noise_is_retransmitted(fb, tmp_path):
    data = os.urandom(30000)
    f = tmp_path / "noisy.bin"
    f.write_bytes(data)
    start_loadb(fb, "loadb 0x800000", 0x800000)
    relay = Relay(noise=(4, 7, 12))  # data packets damaged on the line
    rc, err = relay.run(fb, str(f))
    out = relay.output(fb)
    assert rc == 0, err
    m = re.search(r"## File 'NOISY.BIN': (\d+) packets, (\d+) retries", out)
    assert m and int(m.group(2)) >= 3, out
    assert fb.cmd("printenv filesize") == "filesize=%x" % len(data)
    assert fb.cmd("crc32 0x800000 ${filesize}") == crc_line(0x800000, data)


def test_loadb_refuses_to_overwrite_firmware(fb, tmp_path):
    out = fb.cmd("loadb 0x07e00100")
    assert "overlaps flashboot itself" in out
    assert "Ready for binary" not in out
    # close below the firmware: the file would grow into it, the transfer is stopped
    data = os.urandom(8192)
    f = tmp_path / "big.bin"
    f.write_bytes(data)
    start_loadb(fb, "loadb 0x07dff000", 0x07DFF000)
    rc, _ = gk_send(fb, str(f), timeout=60)
    out = finish(fb)
    assert rc != 0
    assert "## Error: kermit download file larger than the free RAM" in out
    assert "overlaps flashboot itself" in out
    assert fb.cmd("echo alive") == "alive"
    assert "filesize=" not in fb.cmd("printenv filesize")


def test_loadb_ctrl_c_before_transfer(fb):
    start_loadb(fb, "loadb 0x800000", 0x800000)
    fb.send("\x03")
    out = finish(fb)
    assert "## Error: kermit download cancelled after 0 bytes" in out
    assert fb.cmd("echo ok") == "ok"


def test_loadb_transfer_cut_then_ctrl_c(fb, tmp_path):
    f = tmp_path / "cut.bin"
    f.write_bytes(os.urandom(50000))
    start_loadb(fb, "loadb 0x800000", 0x800000)
    # the line goes dead after S, F and two data packets; the user types Ctrl-C twice
    relay = Relay(cut_after=4)
    rc, _ = relay.run(fb, str(f), on_cut=b"\x03\x03", timeout=20)
    out = relay.output(fb)
    assert rc != 0  # gkermit got our error packet (or was stopped)
    m = re.search(r"## Error: kermit download cancelled after (\d+) bytes", out)
    assert m and 0 < int(m.group(1)) < 50000, out
    assert fb.cmd("echo alive") == "alive"


def kermit_crc(b):
    crc = 0
    for c in b:
        crc ^= c
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def error_packet(seq, text):
    """An E packet with a type 3 check (what gkermit negotiates with us)."""
    body = bytes([32 + len(text) + 5, 32 + seq]) + b"E" + text
    crc = kermit_crc(body)
    return b"\x01" + body + bytes([32 + (crc >> 12), 32 + ((crc >> 6) & 63), 32 + (crc & 63)]) + b"\r"


def test_loadb_sender_error_packet(fb, tmp_path):
    f = tmp_path / "err.bin"
    f.write_bytes(os.urandom(50000))
    start_loadb(fb, "loadb 0x800000", 0x800000)
    relay = Relay(cut_after=3)
    rc, _ = relay.run(fb, str(f), on_cut=error_packet(3, b"Interrupted by the test"), timeout=20)
    out = relay.output(fb)
    assert "## Error: kermit download cancelled by the sender (Interrupted by the test) after" in out
    assert fb.cmd("echo alive") == "alive"


def test_loadb_garbage_then_real_transfer(fb, tmp_path):
    # line noise before the sender starts (a stray MARK, junk, a bad Send-Init) is survived
    data = os.urandom(5000)
    f = tmp_path / "late.bin"
    f.write_bytes(data)
    start_loadb(fb, "loadb 0x800000", 0x800000)
    fb.send("\x01garbage\r\x01# S!\rhello")
    rc, err = gk_send(fb, str(f))
    finish(fb)
    assert rc == 0, err
    assert fb.cmd("crc32 0x800000 ${filesize}") == crc_line(0x800000, data)
