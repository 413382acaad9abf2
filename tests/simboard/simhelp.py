"""Helpers for the sim-board tests: a restartable sim with its flash images, terminal rendering, image access, ECC."""
import os

import pexpect
from fbconsole import Console, PROMPT, ROOT as TOP, crc_line, parse_md  # noqa: F401 (re-exported)

SIM = os.path.join(TOP, "out", "sim", "flashboot")

# K9F1G08U0B as the sim models it
PAGE, OOB, PPB, NBLOCKS = 2048, 64, 64, 1024
BLOCK = PAGE * PPB
RAW_PAGE = PAGE + OOB
NAND_SIZE = BLOCK * NBLOCKS
NOR_SIZE = 2 << 20

# The mini2440's partitions (board/mini2440/defaults.h): Linux's table with u-boot grown to
# 512K (a 160 KiB flashboot and two spare blocks) and u-boot-env to 512K (two environment
# copies with a spare block each)
PARTS = [("u-boot", 0, 0x80000), ("u-boot-env", 0x80000, 0x80000), ("kernel", 0x100000, 0x500000),
         ("root", 0x600000, NAND_SIZE - 0x600000)]
MTDPARTS = "mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),-(root)"
KERNEL = 0x100000
ROOT = 0x600000
ENV_OFS, ENV_REDUND_OFS, ENV_SIZE = 0x80000, 0xC0000, 0x20000
AUTOBOOT = "Hit any key to stop autoboot"

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

    def start(self, bad_blocks=(), bitflips=(), timeout=30, autoboot=False, tftp=None):
        """Power on. The default environment's bootcmd (the mini2440's boot flow) is stopped
        at its countdown unless autoboot is set; then the caller reads the console itself."""
        self.c = Console.sim(self.nand, self.nor, bad_blocks=bad_blocks, bitflips=bitflips,
                             timeout=timeout, tftp=tftp)
        self.c.child.delaybeforesend = None  # each command waits for its echo anyway
        if not autoboot:
            self.boot_log = self.wait_prompt()
        return self

    def wait_prompt(self, timeout=-1):
        """After a power-on or reset: up to the prompt, stopping the autoboot countdown if any."""
        ch = self.c.child
        log = ""
        if ch.expect([AUTOBOOT, PROMPT], timeout=timeout) == 0:
            log = ch.before + ch.after
            ch.send(" ")
            ch.expect(PROMPT, timeout=timeout)
        return seen(log + ch.before)

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

    # ---- the images, seen from the host (the running sim writes them back only while it waits
    # idle for input, so after a prompt the file may still be behind: read them after poweroff())
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


def _parity(x):
    return bin(x).count("1") & 1


def s3c_ecc(chunk):
    """The 3 bytes Linux 6.1's s3c2410 driver keeps per 256-byte step on a mini2440 (hardware
    ECC, NFMECC0[23:0]), from the S3C2440 datasheet's parity assignment table: byte 0
    P64 P64' P32 P32' P16 P16' P8 P8', byte 1 P1024 .. P128', byte 2 P4 P4' P2 P2' P1 P1'
    P2048 P2048'; P(8<<a) over the bits of bytes whose index has bit a set, the primed one
    over the others, P1/P2/P4 over bit positions; all stored inverted (erased = FF FF FF)."""
    assert len(chunk) in (256, 512)
    line = [[0, 0] for _ in range(9)]
    col = [[0, 0] for _ in range(3)]
    for i, b in enumerate(chunk):
        for j in range(8):
            if (b >> j) & 1:
                for a in range(9):
                    line[a][(i >> a) & 1] ^= 1
                for a in range(3):
                    col[a][(j >> a) & 1] ^= 1

    def pair(p):
        return (p[1] << 1) | p[0]
    b0 = pair(line[3]) << 6 | pair(line[2]) << 4 | pair(line[1]) << 2 | pair(line[0])
    b1 = pair(line[7]) << 6 | pair(line[6]) << 4 | pair(line[5]) << 2 | pair(line[4])
    b2 = pair(col[2]) << 6 | pair(col[1]) << 4 | pair(col[0]) << 2 | pair(line[8])
    return bytes([~b0 & 0xFF, ~b1 & 0xFF, ~b2 & 0xFF])


def page_ecc(data):
    """The 24 ECC bytes at OOB 40..63 of a 2 KiB page, as the mini2440's kernel reads them."""
    return b"".join(s3c_ecc(data[i:i + 256]) for i in range(0, PAGE, 256))
