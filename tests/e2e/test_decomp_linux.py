"""End-to-end on the full variant (board/full.mk): Linux booted from a compressed kernel. The test zImage
wrapped by mkimage -C lzma as a legacy uImage, and carried in a FIT with compression = "gzip" next to the
DTB and the squashfs root: flashboot decompresses it to 0x8000 and Linux mounts its root from phram. And a FIT
whose DTB and squashfs root are gzip compressed too: the root decompressed into its phram region, the DTB where
bootm places it."""
import os
import sys

from conftest import ROOT, Console, build_nor, check_pad, mkimage, wait_linux
from test_linux import type_script

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fitutil as fu  # noqa: E402

FULL = os.path.join(ROOT, "out", "versatilepb-full", "flashboot.bin")
NOR_BASE = 0x34000000


def start_full(nor):
    c = Console.qemu(kernel=FULL, pflash=nor, timeout=30)
    c.stop_autoboot(timeout=30)
    return c


def boot(c, line, expect):
    c.send(line + "\r")
    for e in expect:
        c.expect(e, timeout=60)
    c.expect(r"Starting kernel \.\.\.", timeout=60)
    return wait_linux(c)


def test_lzma_uimage_boots_linux(arts, tmp_path):
    lz = tmp_path / "zImage.lzma"
    os.system("lzma -c %s > %s" % (arts.zimage, lz))
    uimg = str(tmp_path / "uImage")
    mkimage("-A", "arm", "-O", "linux", "-T", "kernel", "-C", "lzma", "-a", "0x8000", "-e", "0x8000",
            "-n", "Linux 6.1 lzma", "-d", str(lz), uimg)
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, kernel=uimg))
    c = start_full(nor)
    try:
        type_script(c, arts)
        run = boot(c, "bootm ${kernel_addr_r} - ${fdt_addr_r}", [
            r"Image Type:   ARM Linux Kernel Image \(lzma compressed\)",
            r"Uncompressing Kernel Image to 00008000 \(lzma compressed, %d -> %d bytes\)"
            % (os.path.getsize(lz), os.path.getsize(arts.zimage))])
    finally:
        c.close()
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_fit_gzip_kernel_dtb_root(arts, tmp_path):
    gz = tmp_path / "zImage.gz"
    os.system("gzip -9 -n -c %s > %s" % (arts.zimage, gz))
    images = [fu.image_node("kernel", gz, "kernel", ("sha256",), load=0x8000, entry=0x8000, comp="gzip"),
              fu.image_node("fdt-1", arts.dtb, "flat_dt", ("sha1",), os_=None),
              fu.image_node("root", arts.squashfs, "filesystem", ("crc32",))]
    confs = [fu.conf_node("conf-1", kernel="kernel", fdt="fdt-1", loadables="root")]
    fit = fu.mkimage_fit(fu.its(images, confs, default="conf-1"), tmp_path / "gz.itb")
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, rootfs=fit))
    fitaddr = NOR_BASE + arts.part("rootfs")[1]
    c = start_full(nor)
    try:
        assert c.cmd("phram load rootfs", timeout=60).startswith("phram: 'rootfs' from FIT image 'root'")
        c.cmd("setenv bootargs console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro")
        run = boot(c, "bootm %x" % fitaddr, [
            r"Trying 'kernel' kernel subimage",
            r"Uncompressing Kernel Image to 00008000 \(gzip compressed, %d -> %d bytes\)"
            % (os.path.getsize(gz), os.path.getsize(arts.zimage))])
    finally:
        c.close()
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_fit_gzip_dtb_and_root_on_phram(arts, tmp_path):
    files = {}
    for name, src in (("zImage", arts.zimage), ("dtb", arts.dtb), ("root", arts.squashfs)):
        files[name] = tmp_path / (name + ".gz")
        os.system("gzip -9 -n -c %s > %s" % (src, files[name]))
    images = [fu.image_node("kernel", files["zImage"], "kernel", ("sha256",), load=0x8000, entry=0x8000, comp="gzip"),
              fu.image_node("fdt-1", files["dtb"], "flat_dt", ("sha1",), os_=None, comp="gzip"),
              fu.image_node("root", files["root"], "filesystem", ("sha256",), comp="gzip")]
    confs = [fu.conf_node("conf-1", kernel="kernel", fdt="fdt-1", loadables="root")]
    fit = fu.mkimage_fit(fu.its(images, confs, default="conf-1"), tmp_path / "gz-all.itb")
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, rootfs=fit))
    fitaddr = NOR_BASE + arts.part("rootfs")[1]
    root, dtb = os.path.getsize(arts.squashfs), os.path.getsize(arts.dtb)
    c = start_full(nor)
    try:
        out = c.cmd("phram load rootfs", timeout=60)
        assert out.startswith("phram: 'rootfs' from FIT image 'root' (sha256+ , gzip %d -> %d bytes, squashfs) "
                              "loaded to 0x" % (os.path.getsize(files["root"]), root)), out
        assert c.cmd("echo $filesize") == "%x" % root
        c.cmd("setenv bootargs console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro")
        # U-Boot's order: the device tree is found (and decompressed) before the kernel is loaded
        run = boot(c, "bootm %x" % fitaddr, [
            r"Uncompressing Flat Device Tree to [0-9a-f]{8} \(gzip compressed, %d -> %d bytes\)"
            % (os.path.getsize(files["dtb"]), dtb),
            r"Uncompressing Kernel Image to 00008000 \(gzip compressed"])
    finally:
        c.close()
    assert run.mtd[0][0::3] == (0, "rootfs")
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)
