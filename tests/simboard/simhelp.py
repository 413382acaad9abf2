"""Helpers for the sim-board tests: a restartable sim with its flash images, terminal rendering, image access, ECC."""
import binascii
import os
import re

import pexpect
from fbconsole import Console, PROMPT, ROOT

SIM = os.path.join(ROOT, "out", "sim", "flashboot")

# K9F1G08U0B as the sim models it
PAGE, OOB, PPB, NBLOCKS = 2048, 64, 64, 1024
BLOCK = PAGE * PPB
RAW_PAGE = PAGE + OOB
NAND_SIZE = BLOCK * NBLOCKS
NOR_SIZE = 2 << 20

# Linux's mini2440 partitions
PARTS = [("u-boot", 0, 0x40000), ("u-boot-env", 0x40000, 0x20000), ("kernel", 0x60000, 0x500000),
         ("root", 0x560000, NAND_SIZE - 0x560000)]
KERNEL = 0x60000

RAM = 0x30800000
RAM2 = 0x31800000


def seen(out):
    """What a terminal shows: CR LF ends a line, a lone CR returns to its start, BS steps back."""
    lines = []
    for line in out.replace("\r\n", "\n").split("\n"):
        buf, col = [], 0
        for ch in line:
            if ch == "\r":
                col = 0
            elif ch == "\b":
                col = max(0, col - 1)
            else:
                if col < len(buf):
                    buf[col] = ch
                else:
                    buf.append(ch)
                col += 1
        lines.append("".join(buf).rstrip())
    return "\n".join(lines)


class Sim:
    """The sim board on a pty, its images in a directory; they survive poweroff and restart."""

    def __init__(self, directory):
        self.dir = str(directory)
        self.nand = os.path.join(self.dir, "nand.bin")
        self.nor = os.path.join(self.dir, "nor.bin")
        self.c = None
        self.boot_log = ""

    def start(self, bad_blocks=(), bitflips=(), timeout=30):
        self.c = Console.sim(self.nand, self.nor, bad_blocks=bad_blocks, bitflips=bitflips,
                             timeout=timeout)
        self.c.child.delaybeforesend = None  # each command waits for its echo anyway
        self.boot_log = seen(self.c.expect(PROMPT))
        return self

    def cmd(self, line, timeout=-1):
        """Type a line, return what the terminal shows up to the next prompt."""
        ch = self.c.child
        ch.send(line + "\r")
        ch.expect_exact(line, timeout=timeout)
        ch.expect_exact("\n" + PROMPT, timeout=timeout)
        return seen(ch.before).strip("\n")

    def ok(self, line, timeout=-1):
        """A command that must succeed: $? checked through the shell."""
        out = self.cmd(line, timeout)
        assert self.cmd("echo rc=$?") == "rc=0", "%s failed:\n%s" % (line, out)
        return out

    def fails(self, line):
        out = self.cmd(line)
        assert self.cmd("echo rc=$?") == "rc=1", "%s did not fail:\n%s" % (line, out)
        assert self.cmd("echo alive") == "alive"
        return out

    def poweroff(self):
        self.c.child.send("poweroff\r")
        self.c.child.expect("poweroff: flash images written back")
        self.c.child.expect(pexpect.EOF)
        self.c.close()
        self.c = None

    def restart(self, **kw):
        self.poweroff()
        return self.start(**kw)

    def close(self):
        if self.c:
            self.c.close()
            self.c = None
        for f in (self.nand, self.nor):
            if os.path.exists(f):
                os.remove(f)  # 132 MiB each time: do not leave them in pytest's tmp dirs

    # ---- the images, seen from the host
    def make_nor(self, pieces):
        """An erased NOR image with (offset, bytes) pieces, before start()."""
        img = bytearray(b"\xff" * NOR_SIZE)
        for off, data in pieces:
            img[off:off + len(data)] = data
        with open(self.nor, "wb") as f:
            f.write(img)

    def raw_page(self, page):
        with open(self.nand, "rb") as f:
            f.seek(page * RAW_PAGE)
            return f.read(RAW_PAGE)

    def nand_data(self, off, size):
        """Data bytes of the pages from byte offset off (page aligned), OOB left out."""
        out = bytearray()
        page = off // PAGE
        while len(out) < size:
            out += self.raw_page(page)[:PAGE]
            page += 1
        return bytes(out[:size])


def crc_line(addr, data):
    return "crc32 for %08x ... %08x ==> %08x" % (addr, addr + len(data) - 1, binascii.crc32(data))


def parse_dump(out):
    """Data and OOB bytes of a `nand dump` listing."""
    data, oob, cur = bytearray(), bytearray(), None
    for line in out.splitlines():
        if line.startswith("Page "):
            cur = data
        elif line.startswith("OOB:"):
            cur = oob
        elif line.startswith("\t") and cur is not None:
            cur += bytes(int(x, 16) for x in line.split())
    return bytes(data), bytes(oob)


def parse_md(out):
    data = bytearray()
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]{8}:((?: [0-9a-f]{2})+)\s{4}", line)
        if m:
            data += bytes(int(x, 16) for x in m.group(1).split())
    return bytes(data)


def _inv_parity(x):
    return 1 - (bin(x).count("1") & 1)


def hamming256(chunk):
    """Linux's software Hamming ECC (ecc-sw-hamming, non-SmartMedia byte order) of 256 bytes,
    from its definition: row parities rp(2k) / rp(2k+1) over the bytes whose index has bit k
    clear / set, column parities over the XOR of all bytes, all stored inverted."""
    assert len(chunk) == 256
    rp = [0] * 16
    par = 0
    for i, b in enumerate(chunk):
        par ^= b
        for k in range(8):
            rp[2 * k + ((i >> k) & 1)] ^= b
    lo = sum(_inv_parity(rp[j]) << j for j in range(8))      # rp7..rp0
    hi = sum(_inv_parity(rp[8 + j]) << j for j in range(8))  # rp15..rp8
    cp = ((_inv_parity(par & 0xf0) << 7) | (_inv_parity(par & 0x0f) << 6) |
          (_inv_parity(par & 0xcc) << 5) | (_inv_parity(par & 0x33) << 4) |
          (_inv_parity(par & 0xaa) << 3) | (_inv_parity(par & 0x55) << 2) | 3)
    return bytes([hi, lo, cp])


def page_ecc(data):
    """The 24 ECC bytes Linux keeps at OOB 40..63 of a 2 KiB page."""
    return b"".join(hamming256(data[i:i + 256]) for i in range(0, PAGE, 256))
