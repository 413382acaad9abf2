"""cp, cmp, mw and md at every width and alignment: RAM and mapped NOR go through memmove and word
loops, so every byte must come out as an element-by-element copy would leave it; I/O registers keep
the width asked for (PL011's data register shows each write on the console)."""
import binascii
import os
import random
import pytest

from fbconsole import Console, make_nor_image, parse_md

RAM_SRC = 0x01000000     # random bytes loaded by QEMU
RAM_DST = 0x02000000     # other random bytes, the target window
NOR_OFS = 0x02000000     # random bytes in the NOR, far from the env partition
NOR_SRC = 0x34000000 + NOR_OFS
WIN = 0x10000            # bytes in each window
UART_DR = 0x101f1000     # PL011 data register: every write prints its low byte
NAMES = {1: "byte", 2: "halfword", 4: "word"}
SUFFIX = {1: "b", 2: "w", 4: "l"}


@pytest.fixture(scope="module")
def mem(tmp_path_factory):
    d = tmp_path_factory.mktemp("mem")
    rnd = random.Random(15)
    src = bytes(rnd.getrandbits(8) for _ in range(WIN))
    dst = bytearray(rnd.getrandbits(8) for _ in range(WIN))
    nor = bytes(rnd.getrandbits(8) for _ in range(WIN))
    (d / "src.bin").write_bytes(src)
    (d / "dst.bin").write_bytes(dst)
    img = make_nor_image(str(d / "nor.img"), [(NOR_OFS, nor)])
    c = Console.qemu(pflash=img, timeout=30, load=[(str(d / "src.bin"), RAM_SRC), (str(d / "dst.bin"), RAM_DST)])
    c.child.delaybeforesend = None  # each command waits for its echo anyway
    c.stop_autoboot()
    # the model: what the target window must hold; what each source window holds
    c.model = dst
    c.sources = {RAM_SRC: src, NOR_SRC: nor}
    yield c
    c.close()


def check_window(fb, lo, hi):
    """crc32 over model[lo:hi] (offsets in the target window) as the firmware computes it."""
    data = bytes(fb.model[lo:hi])
    out = fb.cmd("crc32 %x %x" % (RAM_DST + lo, hi - lo))
    assert out.endswith("==> %08x" % binascii.crc32(data)), (hex(lo), hex(hi), out)


def copy_cases(size):
    counts = [1, 3, 0x41, 0x803 // size + 1]
    offs = [o for o in range(max(4, 2 * size)) if o % size == 0]
    for so in offs:
        for do in offs:
            for n in counts:
                yield so, do, n


@pytest.mark.parametrize("size", [1, 2, 4])
@pytest.mark.parametrize("src", [RAM_SRC, NOR_SRC], ids=["ram", "nor"])
def test_cp_every_alignment_byte_exact(mem, size, src):
    """cp.b/cp.w/cp.l from RAM and from mapped NOR at every source/target offset the width allows,
    odd lengths included: the window (with guard bytes around the copy) must match byte for byte."""
    base = 0x100 if src == RAM_SRC else 0x2000
    for i, (so, do, n) in enumerate(copy_cases(size)):
        s = base + 0x40 * i + so
        d = 0x800 * (i % 16) + 0x40 + do
        length = n * size
        mem.cmd("cp.%s %x %x %x" % (SUFFIX[size], src + s, RAM_DST + d, n))
        mem.model[d:d + length] = mem.sources[src][s:s + length]
        check_window(mem, d - 0x10, d + length + 0x10)


@pytest.mark.parametrize("size", [1, 2, 4])
def test_cp_overlapping_both_ways(mem, size):
    """Overlapping copies inside RAM behave like memmove at every distance, up and down."""
    for dist in [size, 2 * size, 3 * size, 4, 5 * size, 0x40, 0x41 * size]:
        for sign in (1, -1):
            s = 0x8000 + 0x10 * size
            d = s + sign * dist
            n = 0x300 // size + 1
            mem.cmd("cp.%s %x %x %x" % (SUFFIX[size], RAM_DST + s, RAM_DST + d, n))
            length = n * size
            mem.model[d:d + length] = bytes(mem.model[s:s + length])
            check_window(mem, min(s, d) - 8, max(s, d) + length + 8)


@pytest.mark.parametrize("size", [1, 2, 4])
def test_mw_fills_every_alignment(mem, size):
    val = {1: 0xa5, 2: 0x1234, 4: 0xcafe5eed}[size]
    pat = val.to_bytes(size, "little")
    for off in [o for o in range(8) if o % size == 0]:
        for n in [1, 2, 7, 0x45, 0x201]:
            d = 0xa000 + off
            mem.cmd("mw.%s %x %x %x" % (SUFFIX[size], RAM_DST + d, val, n))
            mem.model[d:d + n * size] = pat * n
            check_window(mem, d - 8, d + n * size + 8)


@pytest.mark.parametrize("size", [1, 2, 4])
@pytest.mark.parametrize("where", ["ram", "nor"])
def test_cmp_finds_the_first_difference(mem, size, where):
    """cmp reports the first differing element (its address, both values) and how many were the same,
    for a difference in each byte of a word and at odd starts."""
    src = RAM_SRC if where == "ram" else NOR_SRC
    data = mem.sources[src]
    s = 0x3000 + size
    d = 0xc000 + size
    n = 0x120 // size
    mem.cmd("cp.b %x %x %x" % (src + s, RAM_DST + d, n * size))
    mem.model[d:d + n * size] = data[s:s + n * size]
    assert mem.cmd("cmp.%s %x %x %x" % (SUFFIX[size], src + s, RAM_DST + d, n)) == \
        "Total of %d %s(s) were the same" % (n, NAMES[size])
    for at in [0, 1, 2, 3, 0x41, n * size - 1]:
        old = mem.model[d + at]
        new = old ^ 0x5a
        mem.cmd("mw.b %x %x" % (RAM_DST + d + at, new))
        out = mem.cmd("cmp.%s %x %x %x" % (SUFFIX[size], src + s, RAM_DST + d, n))
        e = at // size
        va = int.from_bytes(data[s + e * size:s + (e + 1) * size], "little")
        vb = bytearray(mem.model[d + e * size:d + (e + 1) * size])
        vb[at % size] = new
        vb = int.from_bytes(vb, "little")
        # U-Boot's "%#0*llx" with the width in bytes: words show at least two digits, bytes and
        # halfwords one (Debian's U-Boot 2023.01: "(0x05)" for a word, "(0x5)" for a byte)
        assert out == ("%s at 0x%08x (0x%0*x) != %s at 0x%08x (0x%0*x)\nTotal of %d %s(s) were the same"
                       % (NAMES[size], src + s + e * size, size // 2, va, NAMES[size], RAM_DST + d + e * size,
                          size // 2, vb, e, NAMES[size]))
        mem.cmd("mw.b %x %x" % (RAM_DST + d + at, old))


@pytest.mark.parametrize("size", [1, 2, 4])
def test_md_from_nor_at_every_width(mem, size):
    """md.b/.w/.l of mapped NOR show the flash's bytes (values little-endian, ASCII column)."""
    off = 0x5000 + size
    n = 0x23 // size + 1
    out = mem.cmd("md.%s %x %x" % (SUFFIX[size], NOR_SRC + off, n))
    data = mem.sources[NOR_SRC][off:off + n * size]
    lines = out.splitlines()
    per = 16 // size
    assert len(lines) == (n + per - 1) // per
    for li, line in enumerate(lines):
        chunk = data[li * 16:li * 16 + 16]
        vals = " ".join("%0*x" % (size * 2, int.from_bytes(chunk[k:k + size], "little"))
                        for k in range(0, len(chunk), size))
        asc = "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk)
        assert line.startswith("%08x: %s" % (NOR_SRC + off + li * 16, vals)), line
        pad = " " * ((per - len(chunk) // size) * (size * 2 + 1))
        assert line.endswith(pad + "  " + asc), line
    if size == 1:
        assert parse_md(out) == data


def printed(fb, line):
    """What a command printed with no newline of its own: the prompt follows on the same line."""
    fb.send(line + "\r")
    fb.child.expect_exact(line)
    fb.child.expect_exact("\n")
    fb.child.expect_exact("=> ")
    return fb.child.before.replace("\r", "")


def test_cp_and_mw_to_an_io_register_keep_their_width(mem):
    """The PL011 data register prints the low byte of every write: cp.b of "ABCD" writes four bytes
    (four characters), cp.w two halfwords ("AC"), cp.l one word ("A"); mw the same. A memcpy would
    have written whole words."""
    mem.cmd("mw.l %x 0x44434241" % RAM_DST)
    assert printed(mem, "cp.b %x %x 4" % (RAM_DST, UART_DR)) == "ABCD"
    assert printed(mem, "cp.w %x %x 2" % (RAM_DST, UART_DR)) == "AC"
    assert printed(mem, "cp.l %x %x 1" % (RAM_DST, UART_DR)) == "A"
    assert printed(mem, "mw.b %x 0x5a 4" % UART_DR) == "ZZZZ"
    assert printed(mem, "mw.w %x 0x5a 2" % UART_DR) == "ZZ"
    mem.model[0:4] = b"ABCD"


def test_cp_of_nothing_fails_as_in_uboot(mem):
    """U-Boot's cp refuses a zero count with "Zero length ???" and status 1 (Debian's 2023.01 build);
    the target is left alone."""
    before = mem.cmd("crc32 %x 10" % RAM_DST)
    assert mem.cmd("cp.b %x %x 0; echo $?" % (RAM_SRC, RAM_DST)) == "Zero length ???\n1"
    assert mem.cmd("cp %x %x 0 || echo failed" % (NOR_SRC, RAM_DST)) == "Zero length ???\nfailed"
    assert mem.cmd("crc32 %x 10" % RAM_DST) == before
