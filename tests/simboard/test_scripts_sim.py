"""A boot script in Liminix's shape on the sim board (mini2440 NAND, ATAG kernel): its tftpboot boot.scr
(fixed hex addresses computed at build time, loads joined by ';' on one line with a trailing blank, an
indented boot line) with NAND reads in place of TFTP (the sim board has no network), the root handed over with
phram add; made with Debian's mkimage -T script, read from NAND and sourced as a user does."""
import os
import subprocess

from test_ab_sim import MKFLASH, SIM_HANDOFF, fake_zimage, squashfs
from fbconsole import ROOT as TOP

ROOT_ADDR, KERNEL_ADDR, SCRIPT_ADDR = 0x31000000, 0x30800000, 0x30600000


def round_up(n, unit):
    return (n + unit - 1) & ~(unit - 1)


def test_liminix_shaped_script_from_nand(board, tmp_path):
    kernel = tmp_path / "zImage"
    kernel.write_bytes(fake_zimage())
    root = squashfs(tmp_path, "liminix")
    ksize, rsize = round_up(os.path.getsize(kernel), 2048), round_up(os.path.getsize(root), 0x1000)
    cmd = tmp_path / "boot.cmd"
    cmd.write_text(
        'setenv bootargs "liminix console=ttySAC0,115200 root=/dev/mtdblock0"\n'
        "nand read 0x%x root 0x%x; nand read 0x%x kernel 0x%x \n"
        " phram add rootfs 0x%x 0x%x; bootz 0x%x\n"
        % (ROOT_ADDR, rsize, KERNEL_ADDR, ksize, ROOT_ADDR, rsize, KERNEL_ADDR))
    scr = tmp_path / "boot.scr"
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "liminix",
                    "-d", str(cmd), str(scr)], check=True, stdout=subprocess.DEVNULL)
    # the board's partitions (defaults.h) with a 128 KiB script partition before root
    mtdparts = "mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),128k(script),-(root)"
    (tmp_path / "env.txt").write_text("bootdelay=-1\nmtdids=nand0=nand\nmtdparts=%s\n" % mtdparts)
    subprocess.run(["/usr/bin/python3", MKFLASH, "nand", "-o", board.nand, "--mtdparts", mtdparts,
                    "kernel=%s" % kernel, "script=%s" % scr, "root=%s" % root, "env=%s" % (tmp_path / "env.txt")],
                   check=True, cwd=TOP)
    sim = board.start()
    sim.ok("nand read 0x%x script" % SCRIPT_ADDR)
    out = sim.cmd("source 0x%x" % SCRIPT_ADDR, timeout=60)
    assert "## Executing script at %08x" % SCRIPT_ADDR in out
    assert out.count("bytes read: OK") == 2, out
    assert "## Kernel command line: liminix console=ttySAC0,115200 root=/dev/mtdblock0 phram.phram=rootfs,0x%x,0x%x" \
        % (ROOT_ADDR, rsize) in out, out
    assert SIM_HANDOFF in out
