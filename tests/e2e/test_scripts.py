"""End-to-end: boot scripts as their users write them. Liminix's tftpboot output (boot.scr of tftpboot lines
and a bootz, a DTB given its phram /reserved-memory node and /chosen bootargs with fdtput, the root at the
load address) fetched from QEMU's TFTP server and sourced at the prompt as Liminix's docs say; and the demo's
boot script on a blank root partition, which must stop before the kernel."""
import os
import shutil
import subprocess

from conftest import FW, INIT, build_nor, check_pad, mkimage, start, wait_linux
from fbconsole import Console, make_nor_image

LOAD_ADDRESS = 0x04000000  # Liminix's boot.tftp.loadAddress


def binsize(path, unit):
    """Liminix's binsize/binsize64k: the file size plus one unit, cut down to whole units."""
    return (os.path.getsize(path) + unit) & ~(unit - 1)


def fdt(*args):
    subprocess.run([shutil.which("fdtput"), *args], check=True)


def liminix_tftpboot(arts, tftp):
    """result/ as Liminix's tftpboot output lays it out, boot.scr included; returns the kernel command line."""
    res = tftp / "result"
    res.mkdir(parents=True)
    shutil.copy(arts.squashfs, res / "rootfs")
    shutil.copy(arts.zimage, res / "image")
    dtb = res / "dtb"
    shutil.copy(arts.dtb, dtb)
    rootfs_start, rootfs_size = LOAD_ADDRESS, binsize(res / "rootfs", 0x10000)
    dtb_start = rootfs_start + rootfs_size
    fdt("-p", str(dtb), "/reserved-memory", "#address-cells", "1")
    fdt("-p", str(dtb), "/reserved-memory", "#size-cells", "1")
    fdt("-p", str(dtb), "/reserved-memory", "ranges")
    node = "/reserved-memory/phram-rootfs@%x" % rootfs_start
    fdt("-p", "-t", "s", str(dtb), node, "compatible", "phram")
    fdt("-p", "-t", "lx", str(dtb), node, "reg", hex(rootfs_start), hex(rootfs_size))
    # Liminix also puts phram.phram=phram0,<start>,<size>,<erase block> on the line; ARM Linux 6.1 refuses
    # that for RAM it maps ("phram: ioremap failed"), so here the /reserved-memory node alone makes the device
    cmd = "liminix console=ttyAMA0 mtdparts=phram0:%d(rootfs) root=/dev/mtdblock0" % rootfs_size
    fdt("-t", "s", str(dtb), "/chosen", "bootargs", cmd)
    image_start = dtb_start + binsize(dtb, 0x1000)
    # the script exactly as tftpboot.nix writes it (its indentation and trailing blank included)
    (tftp / "boot.scr.txt").write_text(
        "setenv serverip 10.0.2.2\n"
        "setenv ipaddr 10.0.2.15\n"
        "tftpboot 0x%x result/rootfs; tftpboot 0x%x result/image; tftpboot 0x%x result/dtb \n"
        " bootz 0x%x - 0x%x\n" % (rootfs_start, image_start, dtb_start, image_start, dtb_start))
    mkimage("-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "liminix",
            "-d", str(tftp / "boot.scr.txt"), str(res / "boot.scr"))
    return cmd


def test_liminix_tftpboot_script(arts, tmp_path):
    tftp = tmp_path / "tftp"
    cmdline = liminix_tftpboot(arts, tftp)
    nor = make_nor_image(tmp_path / "nor.img")  # erased: the board's default environment
    c = Console.qemu(kernel=FW, pflash=str(nor), timeout=60,
                     extra=["-nic", "user,model=smc91c111,tftp=%s" % tftp])
    try:
        c.stop_autoboot(timeout=30)
        # what Liminix's docs have the user type: fetch boot.scr, source it
        out = c.cmd("setenv serverip 10.0.2.2; setenv ipaddr 10.0.2.15; tftpboot 0x00600000 result/boot.scr",
                    timeout=60)
        assert "Bytes transferred = " in out, out
        c.send("source 0x00600000\r")
        fw = c.expect(r"Starting kernel \.\.\.", timeout=120).replace("\r", "")
        run = wait_linux(c)
    finally:
        c.close()
    assert fw.count("Bytes transferred = ") == 3, fw
    assert "## Executing script at 00600000" in fw
    assert run.cmdline == cmdline  # the DT's /chosen bootargs, untouched (no bootargs in the environment)
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    assert any(name == "rootfs" for _, _, _, name in run.mtd), run.mtd
    check_pad(run, arts.rstamp)


def test_demo_script_stops_on_a_blank_root(arts, tmp_path):
    """phram load of an erased partition fails: the script ends there, no kernel is started."""
    files = {k: v for k, v in arts.files.items() if k != "rootfs"}
    nor = build_nor(tmp_path / "blank-root.img", arts.env, files)
    c = start(nor, autoboot_stop=False)
    try:
        c.expect("Hit any key to stop autoboot")
        out = c.expect("=> ", timeout=60).replace("\r", "")
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()
    assert "== flashboot: loading kernel, DTB and root squashfs (rootfs) from NOR" in out
    assert "## Error: no squashfs in 'rootfs' (magic ff ff ff ff" in out, out
    assert "## boot from rootfs failed" in out
    assert "Starting kernel" not in out and "Booting kernel" not in out
    assert INIT not in out
