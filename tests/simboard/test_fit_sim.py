"""FIT on the mini2440 build (sim board, ATAG boot, no DT): a FIT in NAND read to RAM, its root as phram, the
kernel booted to the handoff through bootm addr#conf; a flipped byte refused; a gzip root decompressed."""
import os
import subprocess
import sys
import zlib

from simhelp import AUTOBOOT  # noqa: F401
from test_boot_flow import MKFLASH, fake_zimage, squashfs

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fitutil as fu  # noqa: E402
from fbconsole import ROOT as TOP  # noqa: E402

RAM = 0x30800000
KLOAD = 0x30008000


def make_fit(tmp_path):
    (tmp_path / "zImage").write_bytes(fake_zimage(200 * 1024 + 5))
    (tmp_path / "root.sqsh").write_bytes(squashfs(tmp_path))
    images = [fu.image_node("kernel", tmp_path / "zImage", "kernel", ("sha256",), load=KLOAD, entry=KLOAD),
              fu.image_node("root", tmp_path / "root.sqsh", "filesystem", ("sha1", "crc32"))]
    confs = [fu.conf_node("conf-1", kernel="kernel", loadables="root")]
    return fu.mkimage_fit(fu.its(images, confs, default="conf-1"), tmp_path / "image.itb")


def test_fit_from_nand_atag_boot(board, tmp_path):
    fit = make_fit(tmp_path)
    bad = fu.flip(fit, fu.data_offset(fit, tmp_path / "zImage", 4321), tmp_path / "bad.itb")
    subprocess.run(["/usr/bin/python3", MKFLASH, "nand", "-o", board.nand, "kernel=%s" % fit, "root=%s" % bad],
                   check=True, cwd=TOP)
    sim = board.start()
    out = sim.ok("nand read %x kernel" % RAM)
    out = sim.ok("iminfo %x" % RAM)
    assert "Hash check:   sha256+ OK" in out and "Hash check:   sha1+ crc32+ OK" in out
    out = sim.ok("phram add root %x" % RAM)
    assert out.startswith("phram: 'root' from FIT image 'root' (sha1+ crc32+ , squashfs) loaded to 0x")
    out = sim.cmd("bootm %x" % RAM, timeout=30)
    assert "Using 'conf-1' configuration" in out
    assert "Verifying Hash Integrity ... sha256+ OK" in out
    assert "Loading Kernel Image to %08x" % KLOAD in out
    assert "machine id 0x7cf" in out
    assert "Starting kernel ..." in out
    assert "## Error: not on the sim board: the host cannot run the kernel at 0x%08x" % KLOAD in out
    # the copy in 'root' has one flipped bit in the kernel: refused before anything moves
    sim.ok("phram del root")
    sim.ok("nand read %x root 100000" % (RAM + 0x1000000))
    out = sim.cmd("bootm %x" % (RAM + 0x1000000))
    assert "## Error: kernel image 'kernel': sha256 hash mismatch (hash-1)" in out
    assert "Starting kernel" not in out


def test_fit_gzip_root_from_nand(board, tmp_path):
    """The sim board has CONFIG_GZIP: a gzip filesystem image of a FIT read from NAND is decompressed into its
    phram region, byte-exact against mksquashfs's output."""
    sq = squashfs(tmp_path)
    (tmp_path / "root.sqsh").write_bytes(sq)
    gz = tmp_path / "root.sqsh.gz"
    gz.write_bytes(subprocess.run(["gzip", "-9", "-n", "-c", str(tmp_path / "root.sqsh")], check=True,
                                  capture_output=True).stdout)
    fit = fu.mkimage_fit(fu.its([fu.image_node("root", gz, "filesystem", ("sha256",), comp="gzip")],
                                [fu.conf_node("conf-1", loadables="root")], default="conf-1"), tmp_path / "gz.itb")
    subprocess.run(["/usr/bin/python3", MKFLASH, "nand", "-o", board.nand, "kernel=%s" % fit], check=True, cwd=TOP)
    sim = board.start()
    sim.ok("nand read %x kernel" % RAM)
    out = sim.ok("phram add root %x" % RAM)
    assert out.startswith("phram: 'root' from FIT image 'root' (sha256+ , gzip %d -> %d bytes, squashfs) loaded "
                          "to 0x" % (gz.stat().st_size, len(sq))), out
    assert sim.ok("crc32 ${phram_addr} ${filesize}").endswith("==> %08x" % zlib.crc32(sq))
