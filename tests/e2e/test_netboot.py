"""End-to-end over the network: kernel, DTB and squashfs root by TFTP from QEMU's own server, Linux mounts
the root as phram with nothing in flash; then the update path TFTP -> RAM -> NOR."""
import os

import pytest

from conftest import check_pad, file_crc, start, wait_linux
from fbconsole import make_nor_image

ROOT_ADDR = 0x06000000


@pytest.fixture(scope="module")
def tftpdir(arts, tmp_path_factory):
    d = tmp_path_factory.mktemp("tftp")
    for src in (arts.zimage, arts.dtb, arts.squashfs):
        os.symlink(src, str(d / os.path.basename(src)))
    return d


def nic(tftpdir):
    return ["-nic", "user,model=smc91c111,tftp=%s" % tftpdir]


def boot_net(c):
    c.expect(r"Starting kernel \.\.\.", timeout=120)
    return wait_linux(c)


def test_root_over_tftp_nothing_in_flash(arts, tftpdir, tmp_path):
    """An erased NOR: DHCP, then TFTP of zImage, DTB and squashfs; phram add with ${filesize}; Linux mounts it."""
    nor = make_nor_image(str(tmp_path / "erased.img"))
    c = start(nor, extra=nic(tftpdir))
    try:
        c.cmd("setenv autoload no")
        assert "DHCP client bound to address 10.0.2.15" in c.cmd("dhcp", timeout=30)
        out = c.cmd("tftpboot ${kernel_addr_r} zImage", timeout=60)
        assert "Bytes transferred = %d " % os.path.getsize(arts.zimage) in out
        c.cmd("tftpboot ${fdt_addr_r} versatile-pb.dtb", timeout=60)
        out = c.cmd("tftpboot 0x%x rootfs.squashfs" % ROOT_ADDR, timeout=120)
        size = os.path.getsize(arts.squashfs)
        assert "Bytes transferred = %d (%x hex)" % (size, size) in out
        assert c.cmd("crc32 ${fileaddr} ${filesize}").endswith("==> %08x" % file_crc(arts.squashfs))
        assert c.cmd("phram add rootfs ${fileaddr} ${filesize}") == ""
        # the region is whole pages: the squashfs rounded up to 4 KiB
        assert "0x%08x (%d KiB)" % ((size + 0xfff) & ~0xfff, ((size + 0xfff) & ~0xfff) >> 10) in c.cmd("phram")
        # a second download over the region is refused: phram regions are protected
        out = c.cmd("tftpboot 0x%x rootfs.squashfs; echo rc=$?" % ROOT_ADDR)
        assert "phram region 'rootfs'" in out and out.endswith("rc=1")
        c.cmd('setenv bootargs "console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro"')
        c.send("bootz ${kernel_addr_r} - ${fdt_addr_r}\r")
        run = boot_net(c)
    finally:
        c.close()
    assert run.mtd[0][0] == 0 and run.mtd[0][3] == "rootfs"
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_demo_netboot_variable(arts, tftpdir):
    """make run's demo: `run netboot` does the whole development loop."""
    c = start(arts.demo_nor, extra=nic(tftpdir))
    try:
        c.send("run netboot\r")
        c.expect("DHCP client bound to address 10.0.2.15", timeout=30)
        run = boot_net(c)
    finally:
        c.close()
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_update_kernel_partition_over_tftp(arts, tftpdir, tmp_path):
    """TFTP into RAM, write to the NOR 'kernel' partition, read back equal (and the image file holds it)."""
    nor = make_nor_image(str(tmp_path / "nor.img"))
    c = start(nor, extra=nic(tftpdir))
    try:
        c.cmd("setenv ipaddr 10.0.2.15; setenv serverip 10.0.2.2")
        c.cmd("tftpboot ${loadaddr} zImage", timeout=60)
        size = os.path.getsize(arts.zimage)
        assert c.cmd("printenv filesize") == "filesize=%x" % size
        out = c.cmd("nor erase kernel && nor write ${loadaddr} kernel ${filesize}", timeout=120)
        assert "## Error" not in out, out
        c.cmd("mw.b 0x02000000 0 ${filesize}")
        c.cmd("nor read 0x02000000 kernel ${filesize}", timeout=60)
        assert c.cmd("cmp.b ${loadaddr} 0x02000000 ${filesize}").startswith("Total of %d byte(s) were the same" % size)
        assert c.cmd("crc32 0x02000000 ${filesize}").endswith("==> %08x" % file_crc(arts.zimage))
    finally:
        c.close()
    off = arts.part("kernel")[1]
    with open(nor, "rb") as f:
        f.seek(off)
        assert f.read(size) == open(arts.zimage, "rb").read()
