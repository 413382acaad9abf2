"""gzip on the mini2440 build (CONFIG_GZIP; the sim board carries the same), through the console: a
host-made `mkimage -C gzip` kernel uImage fetched by TFTP, written to the NAND kernel partition, read
back after a power cycle; iminfo checks it and bootm decompresses it to its load address byte-exact
(crc32 at the prompt against the host's); unzip byte-exact with filesize; damaged data refused with one
line and the shell carries on; Ctrl-C stops a big unzip part-way."""
import random
import subprocess

from simhelp import crc_line

SRC = 0x30800000
DST = 0x31000000
NAND_COPY = 0x31800000
LOAD = 0x30008000


def payload():
    """Random and repetitive parts (fixed seed), about 0.9 MB."""
    rnd = random.Random(14)
    return bytes(rnd.getrandbits(8) for _ in range(150000)) + b"".join(
        b"line %d of the payload\n" % i for i in range(30000))


def gz(data):
    return subprocess.run(["gzip", "-9", "-n", "-c"], input=data, capture_output=True, check=True).stdout


def uimage(srv, name, comp_data):
    (srv / (name + ".gz")).write_bytes(comp_data)
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "gzip", "-a", "0x%x" % LOAD,
                    "-e", "0x%x" % LOAD, "-n", name, "-d", str(srv / (name + ".gz")), str(srv / name)],
                   check=True, stdout=subprocess.DEVNULL)


def serve(tmp_path):
    srv = tmp_path / "srv"
    srv.mkdir()
    return srv


def net(s):
    s.ok("setenv ipaddr 10.0.2.15; setenv serverip 10.0.2.2")


def test_gzip_uimage_from_nand_bootm_byte_exact(board, tmp_path):
    data = payload()
    srv = serve(tmp_path)
    uimage(srv, "k.img", gz(data))
    s = board.start(tftp=srv)
    net(s)
    s.ok("tftpboot %x k.img" % SRC)
    s.ok("nand erase.part kernel")
    s.ok("nand write %x kernel $filesize" % SRC)
    s.restart(tftp=srv)
    s.ok("nand read %x kernel" % NAND_COPY)
    out = s.ok("iminfo %x" % NAND_COPY)
    assert "Image Type:   ARM Linux Kernel Image (gzip compressed)" in out
    assert out.endswith("Verifying Checksum ... OK")
    out = s.cmd("bootm %x" % NAND_COPY, timeout=30)
    csize = len((srv / "k.img.gz").read_bytes())
    assert "   Uncompressing Kernel Image to %08x (gzip compressed, %d -> %d bytes)\n" % (LOAD, csize, len(data)) \
        in out, out
    assert out.endswith("## Error: not on the sim board: the host cannot run the kernel at 0x%08x "
                        "(machine 1999, params at 0x30000100)" % LOAD), out
    assert s.cmd("crc32 %x %x" % (LOAD, len(data))) == crc_line(LOAD, data)


def test_unzip_byte_exact_and_dstsize(board, tmp_path):
    data = payload()
    srv = serve(tmp_path)
    (srv / "p.gz").write_bytes(gz(data))
    s = board.start(tftp=srv)
    net(s)
    s.ok("tftpboot %x p.gz" % SRC)
    n = len(data)
    assert s.ok("unzip %x %x" % (SRC, DST)) == "Uncompressed size: %d = 0x%X" % (n, n)
    assert s.cmd("echo $filesize") == "%x" % n
    assert s.cmd("crc32 %x %x" % (DST, n)) == crc_line(DST, data)
    assert s.fails("unzip %x %x %x" % (SRC, DST, n - 1)) == \
        "## Error: gzip compressed data at 0x%08x uncompresses to more than dstsize 0x%x" % (SRC, n - 1)


def test_damaged_gzip_refused_with_one_line(board, tmp_path):
    data = payload()
    good = gz(data)
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0x55
    srv = serve(tmp_path)
    (srv / "flip.gz").write_bytes(bytes(flipped))
    # the uImage CRCs hold (mkimage ran on the damaged data): the decompressor finds the damage
    uimage(srv, "flip.img", bytes(flipped))
    uimage(srv, "cut.img", good[:len(good) // 2])
    s = board.start(tftp=srv)
    net(s)
    s.ok("tftpboot %x flip.gz" % SRC)
    assert s.fails("unzip %x %x" % (SRC, DST)) == \
        "## Error: gzip compressed data at 0x%08x is corrupt or truncated" % SRC
    for name in ("flip.img", "cut.img"):
        s.ok("tftpboot %x %s" % (SRC, name))
        out = s.fails("bootm %x" % SRC)
        # as U-Boot: the header and its checksum (over the compressed bytes) before the error
        assert out.startswith("## Booting kernel from Legacy Image at %08x ...\n" % SRC), out
        assert out.endswith("   Verifying Checksum ... OK\n"
                            "## Error: gzip compressed kernel data is corrupt or truncated"), out


def text(size):
    """Text-like data (words from a small vocabulary, fixed seed): gzip shrinks it about 2.4x and
    inflates it slower than a run of zeros."""
    rnd = random.Random(5)
    words = [b"%x" % rnd.getrandbits(24) for _ in range(4096)]
    return b" ".join(rnd.choices(words, k=size // 6))[:size]


def test_ctrl_c_stops_a_big_unzip(board, tmp_path):
    """40 MiB of output, about half a second in the sim. Ctrl-C is typed once the command line's echo
    is complete (a Ctrl-C typed before the command starts stops it before it runs, as in U-Boot); unzip
    asks every 1 MiB of output: it says <INTERRUPT>, leaves filesize, has written its first MiB (it
    ran) and not its last (it stopped part-way), and the shell carries on."""
    size, dst = 40 << 20, 0x31400000
    data = text(size)
    srv = serve(tmp_path)
    (srv / "big.gz").write_bytes(gz(data))
    s = board.start(tftp=srv)
    net(s)
    s.ok("tftpboot 30100000 big.gz", timeout=60)
    s.ok("mw.l %x a5a5a5a5 %x" % (dst, size // 4))
    s.ok("setenv filesize 0")
    ch = s.c.child
    line = "unzip 30100000 %x" % dst
    ch.send(line + "\r")
    ch.expect_exact(line + "\r\n", timeout=10)
    ch.send("\x03")
    ch.expect_exact("<INTERRUPT>", timeout=30)
    ch.expect_exact("=> ", timeout=10)
    assert s.cmd("echo $filesize") == "0"
    assert s.cmd("crc32 %x 100000" % dst) == crc_line(dst, data[:1 << 20])
    last = dst + size - (1 << 20)
    assert s.cmd("crc32 %x 100000" % last) == crc_line(last, b"\xa5" * (1 << 20))
    assert s.cmd("echo alive") == "alive"


def test_documented_bootcmd_boots_a_gzip_uimage(board, tmp_path):
    """docs/mini2440.md's bootcmd for a uImage (mkflash puts the uImage and a squashfs root in NAND):
    after saveenv and a power cycle, autoboot reads it, loads the root as phram and bootm decompresses
    the kernel to 0x30008000 byte-exact before the handoff."""
    from test_boot_flow import MKFLASH, squashfs
    from fbconsole import ROOT as TOP
    from simhelp import AUTOBOOT
    data = payload()
    srv = serve(tmp_path)
    uimage(srv, "uImage", gz(data))
    (tmp_path / "root.sqsh").write_bytes(squashfs(tmp_path))
    subprocess.run(["/usr/bin/python3", MKFLASH, "nand", "-o", board.nand, "kernel=%s" % (srv / "uImage"),
                    "root=%s" % (tmp_path / "root.sqsh")], check=True, cwd=TOP)
    s = board.start()
    s.ok("setenv bootcmd 'run setbootargs; nand read ${kernel_addr_r} kernel; phram load root; "
         "bootm ${kernel_addr_r}'")
    s.ok("saveenv")
    s.poweroff()
    s.start(autoboot=True, timeout=60)
    ch = s.c.child
    ch.expect_exact(AUTOBOOT)
    ch.expect_exact("phram: 'root' squashfs 4.0 (gzip", timeout=30)
    ch.expect_exact("   Uncompressing Kernel Image to %08x (gzip compressed, %d -> %d bytes)"
                    % (LOAD, len(gz(data)), len(data)), timeout=30)
    ch.expect_exact("Starting kernel ...", timeout=30)
    ch.expect_exact("## Error: not on the sim board: the host cannot run the kernel at 0x%08x" % LOAD, timeout=30)
    ch.expect_exact("=> ", timeout=10)
    assert s.cmd("crc32 %x %x" % (LOAD, len(data))) == crc_line(LOAD, data)
