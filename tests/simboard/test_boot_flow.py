"""The mini2440 boot flow on the sim board from a tools/mkflash NAND image: default bootcmd reads the kernel, phram loads the squashfs root, bootz hands over."""
import binascii
import os
import random
import re
import struct
import subprocess

from fbconsole import PROMPT, ROOT as TOP
from simhelp import AUTOBOOT, KERNEL, PAGE, crc_line, page_ecc, seen

MKFLASH = os.path.join(TOP, "tools", "mkflash")
KERNEL_ADDR = 0x30800000
PART_SIZE = 0x500000


def fake_zimage(size):
    """Random bytes with an ARM zImage header (magic at 0x24, start/end at 0x28/0x2c)."""
    k = bytearray(random.Random(2440).randbytes(size))
    struct.pack_into("<III", k, 0x24, 0x016F2818, 0, size)
    return bytes(k)


def squashfs(tmp_path):
    src = tmp_path / "rootfs"
    (src / "etc").mkdir(parents=True)
    (src / "etc" / "hostname").write_text("mini2440\n")
    (src / "blob").write_bytes(random.Random(7).randbytes(30000))  # random: does not compress
    out = tmp_path / "root.squashfs"
    subprocess.run(["mksquashfs", str(src), str(out), "-noappend", "-all-root", "-quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    return out.read_bytes()


def default_env(board):
    """The board's default environment as name=value lines, read from a fresh sim."""
    sim = board.start()
    out = sim.ok("printenv")
    sim.poweroff()
    os.remove(board.nand)
    lines = [ln for ln in out.splitlines() if "=" in ln and not ln.startswith("Environment size")]
    assert any(ln.startswith("bootcmd=") for ln in lines), out
    return lines


def test_mkflash_image_boots_to_the_handoff(board, tmp_path):
    kernel = fake_zimage(300 * 1024 + 123)
    root = squashfs(tmp_path)
    bytes_used = struct.unpack_from("<Q", root, 40)[0]
    assert root[:4] == b"hsqs" and bytes_used <= len(root)
    (tmp_path / "zImage").write_bytes(kernel)
    (tmp_path / "root.sqsh").write_bytes(root)
    env = default_env(board) + ["flowtest=from-mkflash"]
    (tmp_path / "env.txt").write_text("\n".join(env) + "\n")

    # the board's defaults: partitions, environment offsets and ECC (s3c) from defaults.h
    subprocess.run(["/usr/bin/python3", MKFLASH, "nand", "-o", board.nand,
                    "kernel=%s" % (tmp_path / "zImage"), "root=%s" % (tmp_path / "root.sqsh"),
                    "env=%s" % (tmp_path / "env.txt")], check=True, cwd=TOP)
    # the OOB holds what Linux's s3c2410 driver would have written (reference from the datasheet)
    for p in (0, 1, len(kernel) // PAGE):
        raw = board.raw_page(KERNEL // PAGE + p)
        assert raw[PAGE:PAGE + 2] == b"\xff\xff"
        assert raw[PAGE + 40:] == page_ecc(raw[:PAGE])

    sim = board.start(autoboot=True, timeout=60)
    ch = sim.c.child
    ch.expect_exact(AUTOBOOT)
    log = ch.before
    ch.expect_exact("Starting kernel ...")
    log += ch.before
    ch.expect_exact("## Error: not on the sim board: the host cannot run the kernel at 0x%08x "
                    "(machine 1999" % KERNEL_ADDR)
    ch.expect(PROMPT)
    log = seen(log)

    assert "Loading Environment from NAND... OK" in log
    assert "NAND read: device 0 offset 0x%x, size 0x%x" % (KERNEL, PART_SIZE) in log
    assert "%d bytes read: OK" % PART_SIZE in log
    assert "bitflips" not in log and "ERROR" not in log and "uncorrectable" not in log
    m = re.search(r"phram: 'root' squashfs 4\.0 \(\w+, (\d+) inodes, 0x([0-9a-f]+) bytes\) "
                  r"loaded to 0x([0-9a-f]+)\.\.0x([0-9a-f]+)", log)
    assert m, log
    assert int(m.group(2), 16) == bytes_used
    start, end = int(m.group(3), 16), int(m.group(4), 16)
    assert (end + 1 - start) % 4096 == 0 and end + 1 - start >= bytes_used
    assert "## Booting kernel from zImage at %x" % KERNEL_ADDR in log
    assert "machine id 0x7cf" in log

    assert sim.ok("printenv flowtest") == "flowtest=from-mkflash"
    # what bootcmd put in RAM is what the host wrote into the image
    assert sim.ok("crc32 %x %x" % (KERNEL_ADDR, len(kernel))) == crc_line(KERNEL_ADDR, kernel)
    assert sim.ok("crc32 %x %x" % (start, bytes_used)) == crc_line(start, root[:bytes_used])
    assert binascii.crc32(root[:bytes_used]) != binascii.crc32(kernel[:bytes_used])
    assert "root=/dev/mtdblock0 rootfstype=squashfs" in sim.ok("printenv bootargs")
    # the rest of the kernel partition was never written: erased pages read clean as 0xFF
    assert sim.ok("crc32 %x %x" % (KERNEL_ADDR + PART_SIZE - PAGE, PAGE)) == \
        crc_line(KERNEL_ADDR + PART_SIZE - PAGE, b"\xff" * PAGE)
