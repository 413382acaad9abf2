"""Boot commands in QEMU: iminfo/bootm/bootz/source on real mkimage output, phram regions and their refusals."""
import binascii
import glob
import os
import re
import struct
import subprocess
import time
import pytest
from fbconsole import Console, firmware

# FLASHBOOT_FW lets a developer point the tests at another build of the firmware.
FW = os.environ.get("FLASHBOOT_FW") or firmware()


def mkimage(tmp, name, data, *args):
    src = os.path.join(tmp, name + ".bin")
    out = os.path.join(tmp, name + ".img")
    with open(src, "wb") as f:
        f.write(data)
    subprocess.run(["mkimage", *args, "-d", src, out], check=True, stdout=subprocess.DEVNULL)
    return out


def kernel_image(tmp, name="k", comp="none", typ="kernel"):
    payload = bytes((i * 7 + 3) & 0xFF for i in range(4000))
    return mkimage(tmp, name, payload, "-A", "arm", "-O", "linux", "-T", typ, "-C", comp,
                   "-a", "0x8000", "-e", "0x8000", "-n", "test kernel")


def boot_qemu(files):
    """flashboot with each (path, addr) loaded raw into RAM by QEMU's loader device."""
    c = Console.qemu(kernel=FW, load=files)
    c.stop_autoboot()
    return c


def alive(c):
    assert c.cmd("echo still here") == "still here"


def test_iminfo_good_uimage(tmp_path):
    img = kernel_image(str(tmp_path))
    c = boot_qemu([(img, 0x800000)])
    try:
        out = c.cmd("iminfo 800000")
        assert "## Checking Image at 00800000 ..." in out
        assert "Legacy image found" in out
        assert "Image Name:   test kernel" in out
        assert "Image Type:   ARM Linux Kernel Image (uncompressed)" in out
        assert "Data Size:    4000 Bytes = 3.9 KiB" in out
        assert "Load Address: 00008000" in out
        assert "Entry Point:  00008000" in out
        assert out.rstrip().endswith("Verifying Checksum ... OK")
        # default address is $loadaddr (0x00800000 on versatilepb)
        assert "Verifying Checksum ... OK" in c.cmd("iminfo")
        # the header's timestamp, shown in UTC as U-Boot does
        stamp = int.from_bytes(open(img, "rb").read()[8:12], "big")
        t = time.gmtime(stamp)
        assert "Created:      %4d-%02d-%02d  %2d:%02d:%02d UTC" % t[:6] in out
    finally:
        c.close()


def header_lines(img, name="test kernel", typ="Kernel Image", load="00008000"):
    """The legacy header as U-Boot prints it (Debian's U-Boot 2023.01: the same lines at -M virt)."""
    t = time.gmtime(int.from_bytes(open(img, "rb").read()[8:12], "big"))
    size = os.path.getsize(img) - 64
    return ("   Image Name:   %s\n   Created:      %4d-%02d-%02d  %2d:%02d:%02d UTC\n"
            "   Image Type:   ARM Linux %s (uncompressed)\n   Data Size:    %d Bytes = %s KiB\n"
            "   Load Address: %s\n   Entry Point:  %s\n"
            % ((name,) + t[:6] + (typ, size, ("%.1f" % (size / 1024)).replace(".0", ""), load, load)))


def test_iminfo_and_bootm_bad_data_crc(tmp_path):
    """A failed bootm shows what U-Boot shows: its header, the failed check, then U-Boot's error line
    (log parsers wait for "ERROR: can't get kernel image!")."""
    img = kernel_image(str(tmp_path))
    data = bytearray(open(img, "rb").read())
    data[64 + 100] ^= 0x01  # one payload byte
    bad = str(tmp_path / "bad.img")
    open(bad, "wb").write(data)
    hdr = bytearray(open(img, "rb").read())
    hdr[20] ^= 0x01  # the load address: the header's checksum no longer matches
    badh = str(tmp_path / "badh.img")
    open(badh, "wb").write(hdr)
    c = boot_qemu([(bad, 0x800000), (badh, 0x900000)])
    try:
        head = header_lines(img)
        out = c.cmd("iminfo 800000")
        # sic: U-Boot's iminfo indents "Bad Data CRC" again
        assert out == ("## Checking Image at 00800000 ...\n   Legacy image found\n" + head +
                       "   Verifying Checksum ...    Bad Data CRC")
        out = c.cmd("bootm 800000")
        assert out == ("## Booting kernel from Legacy Image at 00800000 ...\n" + head +
                       "   Verifying Checksum ... Bad Data CRC\nERROR: can't get kernel image!")
        assert c.cmd("bootm 900000") == ("## Booting kernel from Legacy Image at 00900000 ...\n"
                                         "Bad Header Checksum\nERROR: can't get kernel image!")
        assert c.cmd("iminfo 900000") == ("## Checking Image at 00900000 ...\n   Legacy image found\n"
                                          "   Bad Header Checksum")
        # no image at all (U-Boot prints no "## Booting" line: we do, see docs/booting.md)
        assert c.cmd("bootm 700000") == ("## Booting kernel from Legacy Image at 00700000 ...\n"
                                         "Wrong Image Format for bootm command\n"
                                         "## Error: no legacy image at 0x00700000 (magic 00000000, want 27051956)\n"
                                         "ERROR: can't get kernel image!")
        assert c.cmd("iminfo 700000") == "## Checking Image at 00700000 ...\nUnknown image format!"
        alive(c)
    finally:
        c.close()


def test_bootm_failures_after_the_header(tmp_path):
    """Wrong type and a bad ramdisk: the kernel's header and checksum first, as U-Boot prints them."""
    k = kernel_image(str(tmp_path))
    rd = kernel_image(str(tmp_path), "rd", typ="ramdisk")
    rdata = bytearray(open(rd, "rb").read())
    rdata[64 + 7] ^= 0x80
    rbad = str(tmp_path / "rbad.img")
    open(rbad, "wb").write(rdata)
    c = boot_qemu([(k, 0x800000), (rd, 0x900000), (rbad, 0xa00000)])
    try:
        ok = "## Booting kernel from Legacy Image at 00800000 ...\n" + header_lines(k) + \
            "   Verifying Checksum ... OK\n"
        assert c.cmd("bootm 900000") == (
            "## Booting kernel from Legacy Image at 00900000 ...\n" + header_lines(rd, typ="RAMDisk Image") +
            "   Verifying Checksum ... OK\nWrong Image Type for bootm command\n"
            "## Error: kernel at 0x00900000 is a RAMDisk Image (type 3), not a kernel\n"
            "ERROR: can't get kernel image!")
        assert c.cmd("bootm 800000 a00000") == (
            ok + "## Loading init Ramdisk from Legacy Image at 00a00000 ...\n" +
            header_lines(rd, typ="RAMDisk Image") + "   Verifying Checksum ... Bad Data CRC\n"
            "Ramdisk image is corrupt or invalid")
        # a refusal of flashboot's own (no such check in U-Boot): U-Boot's lines so far, then one line
        assert c.cmd("bootm 800000 - 9000000") == (
            ok + "## Error: device tree address 0x09000000 is not in RAM or flash")
        alive(c)
    finally:
        c.close()


def test_bootm_refuses_gzip_and_wrong_type(tmp_path):
    gz = kernel_image(str(tmp_path), "gz", comp="gzip")
    rd = kernel_image(str(tmp_path), "rd", typ="ramdisk")
    c = boot_qemu([(gz, 0x800000), (rd, 0x900000)])
    try:
        out = c.cmd("bootm 800000")
        # the default build has no decompressor (the full variant: tests/qemu/test_decomp.py)
        assert out.endswith("## Error: kernel is gzip compressed; this build has no decompressor for it")
        out = c.cmd("bootm 900000")
        assert "## Error: kernel at 0x00900000 is a RAMDisk Image (type 3), not a kernel" in out
        out = c.cmd("bootm 700000")
        assert "## Error: no legacy image at 0x00700000" in out
        alive(c)
    finally:
        c.close()


def test_bootm_ramdisk_checked_and_dtb_path(tmp_path):
    k = kernel_image(str(tmp_path))
    bad_rd = kernel_image(str(tmp_path), "notrd")  # a kernel where a ramdisk should be
    c = boot_qemu([(k, 0x800000), (bad_rd, 0x2000000)])
    try:
        out = c.cmd("bootm 800000 2000000")
        assert "## Error: ramdisk at 0x02000000 is a Kernel Image (type 2), not a ramdisk" in out
        out = c.cmd("bootm 800000 - 7e10000")
        assert "## Error:" in out and "Starting kernel" not in out
        alive(c)
    finally:
        c.close()


def test_bootz_refuses_non_zimage(tmp_path):
    img = kernel_image(str(tmp_path))
    c = boot_qemu([(img, 0x800000)])
    try:
        out = c.cmd("bootz 800000")
        # U-Boot's line first, then which bytes were wrong
        assert out.startswith("## Booting kernel from zImage at 00800000 ...\nzimage: Bad magic!\n"
                              "## Error: no zImage at 0x00800000 (magic at +0x24 is "), out
        out = c.cmd("bootz 9000000")
        assert "## Error: kernel address 0x09000000 is not in RAM or flash" in out
        alive(c)
    finally:
        c.close()


def handover_log(c, line):
    """What a boot command prints up to "Starting kernel ..." (the kernel then spins: b .)."""
    c.send(line + "\r")
    c.expect(r"Starting kernel \.\.\.")
    return c.child.before.replace("\r", "").split("\n", 1)[1]  # without the echoed command


def test_boot_log_lines_as_uboot(tmp_path):
    """The lines a log parser waits for on a good boot, in U-Boot's words and order: the kernel's and the
    ramdisk's headers, the device tree's lines, bootz's "Kernel image @" (U-Boot's %#08lx)."""
    spin = b"\xfe\xff\xff\xea"  # b .
    size = 0x1000
    zimg = spin + bytes(0x20) + struct.pack("<III", 0x016F2818, 0, size) + bytes(size - 0x30)
    zpath = tmp_path / "z.bin"
    zpath.write_bytes(zimg)
    k = mkimage(str(tmp_path), "k", zimg, "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none",
                "-a", "0x8000", "-e", "0x8000", "-n", "test kernel")
    rd = kernel_image(str(tmp_path), "rd", typ="ramdisk")
    dtb = tmp_path / "t.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb), "-"], check=True, text=True,
                   input="/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; chosen { }; };\n")
    c = boot_qemu([(k, 0x800000), (rd, 0x900000), (str(dtb), 0x700000)])
    try:
        out = handover_log(c, "bootm 800000 900000 700000")
    finally:
        c.close()
    want = ("## Booting kernel from Legacy Image at 00800000 ...\n" + header_lines(k) +
            "   Verifying Checksum ... OK\n## Loading init Ramdisk from Legacy Image at 00900000 ...\n" +
            header_lines(rd, typ="RAMDisk Image") + "   Verifying Checksum ... OK\n")
    assert out.startswith(want), out
    # U-Boot's order: the device tree found, the kernel loaded (ours says where), the tree moved
    assert re.search(r"\n## Flattened Device Tree blob at 00700000\n   Booting using the fdt blob at 0x700000\n"
                     r"   Loading Kernel Image to 00008000\n   Ramdisk to 00900040, end [0-9a-f]{8}\n"
                     r"   Loading Device Tree to [0-9a-f]{8}, end [0-9a-f]{8} \.\.\. OK\n", out), out
    c = boot_qemu([(str(zpath), 0x800000)])
    try:
        out = handover_log(c, "bootz 800000")
    finally:
        c.close()
    assert "\nKernel image @ 0x800000 [ 0x000000 - 0x001000 ]\n" in out, out


def test_source_script_image(tmp_path):
    script = b"setenv greeting hello\nsetenv answer 2a\necho script says ${greeting} ${answer}\n"
    img = mkimage(str(tmp_path), "s", script, "-A", "arm", "-O", "linux", "-T", "script",
                  "-C", "none", "-n", "test script")
    c = boot_qemu([(img, 0x600000)])
    try:
        out = c.cmd("iminfo 600000")
        assert "Image Type:   ARM Linux Script File (uncompressed)" in out
        assert "Image 0: %d Bytes" % len(script) in out
        out = c.cmd("source 600000")
        assert "## Executing script at 00600000" in out
        assert "script says hello 2a" in out
        assert c.cmd("printenv greeting") == "greeting=hello"
        # default address: $loadaddr
        c.cmd("setenv loadaddr 600000")
        assert "script says hello 2a" in c.cmd("source")
    finally:
        c.close()


def test_source_plain_text_and_refusals(tmp_path):
    txt = tmp_path / "plain.txt"
    txt.write_bytes(b"setenv plain yes\necho plain ${plain}\n")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(1, 200)))
    script = b"echo should not run\n"
    img = mkimage(str(tmp_path), "s", script, "-A", "arm", "-O", "linux", "-T", "script",
                  "-C", "none", "-n", "s")
    data = bytearray(open(img, "rb").read())
    data[-3] ^= 0x20
    badimg = tmp_path / "bad.img"
    badimg.write_bytes(data)
    c = boot_qemu([(str(txt), 0x600000), (str(junk), 0x610000), (str(badimg), 0x620000)])
    try:
        out = c.cmd("source 600000")
        assert "## Executing plain script at 00600000" in out
        assert "plain yes" in out
        # $filesize cuts the text: only the first line runs
        c.cmd("setenv plain no")
        c.cmd("setenv filesize 11")
        out = c.cmd("source 600000")
        assert "plain" not in out.replace("## Executing plain script", "")
        assert c.cmd("printenv plain") == "plain=yes"
        c.cmd("setenv filesize")
        out = c.cmd("source 610000")
        assert "## Error: no script image or text script at 0x00610000" in out
        out = c.cmd("source 620000")
        assert "## Error: script at 0x00620000: bad data CRC" in out
        assert "should not run" not in out
        alive(c)
    finally:
        c.close()


def test_phram_add_del_list_and_refusals(tmp_path):
    c = boot_qemu([])
    try:
        assert c.cmd("phram") == "no phram regions"
        assert c.cmd("phram add rootfs 7a00000 300000") == ""
        assert c.cmd("phram add data 7000000 100000") == ""
        out = c.cmd("phram")
        lines = out.splitlines()
        assert lines[1].split()[:4] == ["data", "0x07000000", "0x070fffff", "0x00100000"]
        assert lines[2].split()[:4] == ["rootfs", "0x07a00000", "0x07cfffff", "0x00300000"]
        out = c.cmd("phram add other 7b00000 100000")
        assert "## Error: phram region 0x07b00000..0x07bfffff overlaps region 'rootfs'" in out
        out = c.cmd("phram add big 7f00000 200000")
        assert "## Error: phram region 0x07f00000..0x080fffff is outside RAM" in out
        out = c.cmd("phram add fw 7d00000 200000")
        assert "overlaps flashboot (0x07e00000..0x07ffffff)" in out
        out = c.cmd("phram add rootfs 6000000 1000")
        assert "## Error: phram region 'rootfs' already exists" in out
        out = c.cmd("phram add odd 6000800 1000")
        assert "the start must be 4 KiB aligned, the size non-zero" in out
        out = c.cmd("phram add bad,name 6000000 1000")
        assert "## Error: bad phram label 'bad,name'" in out
        assert c.cmd("phram del data") == ""
        assert "## Error: no phram region 'data'" in c.cmd("phram del data")
        assert "data" not in c.cmd("phram")
        out = c.cmd("phram load nosuchpart")
        assert "## Error: no MTD partition 'nosuchpart'" in out
        alive(c)
    finally:
        c.close()


def test_boot_refuses_kernel_over_phram_and_firmware(tmp_path):
    k = kernel_image(str(tmp_path))
    c = boot_qemu([(k, 0x800000)])
    try:
        c.cmd("phram add rootfs 7000000 100000")
        # the uImage wants to go to 0x8000: the decompression area reaches far above it
        c.cmd("phram add low 100000 100000")
        out = c.cmd("bootm 800000")
        assert "## Error: phram region 'low' at 0x00100000 lies in the kernel's decompression area" in out
        c.cmd("phram del low")
        # a raw initrd over the rootfs region
        out = c.cmd("bootm 800000 7000000:1000")
        assert "## Error: initrd at 0x07000000..0x07000fff overlaps phram region 'rootfs'" in out
        out = c.cmd("bootm 800000 7f00000:1000")
        assert "## Error: initrd at 0x07f00000..0x07f00fff overlaps flashboot" in out
        alive(c)
    finally:
        c.close()


def test_atag_kernel_boots_if_built(tmp_path):
    """Boot the cached ATAG test kernel (zImage + appended DTB) with ATAGs when it exists."""
    cache = os.path.expanduser(os.environ.get("FLASHBOOT_CACHE", "~/.cache/flashboot"))
    kernels = sorted(glob.glob(os.path.join(cache, "kernel-atag-*", "zImage-dtb")))
    if not kernels:
        pytest.skip("no ATAG test kernel (tools/build-test-kernel.sh atag)")
    c = boot_qemu([(kernels[-1], 0x800000)])
    try:
        c.cmd("setenv bootargs console=ttyAMA0 earlycon=pl011,0x101f1000")
        c.cmd("phram add rootfs 7000000 100000")
        c.send("bootz 800000\r")
        c.expect(r"## Booting kernel from zImage at 00800000 \.\.\.")
        c.expect(r"## Passing ATAGs at 00000100 \(\d+ bytes\), machine id 0x183")
        c.expect("Starting kernel ...")
        c.expect("Booting Linux on physical CPU", timeout=30)
        c.expect(r"Kernel command line: console=ttyAMA0 earlycon=pl011,0x101f1000 "
                 r"phram\.phram=rootfs,0x7000000,0x100000", timeout=30)
        c.expect(r"rootfs device: 0x100000 at 0x7000000", timeout=60)
    finally:
        c.close()


def test_dt_kernel_boots_if_built(tmp_path):
    """Boot the cached DT test kernel with its DTB: placed under the phram region, fixed up, Linux starts."""
    cache = os.path.expanduser(os.environ.get("FLASHBOOT_CACHE", "~/.cache/flashboot"))
    dirs = sorted(glob.glob(os.path.join(cache, "kernel-dt-*", "stamp")), key=os.path.getmtime)
    if not dirs:
        pytest.skip("no DT test kernel (tools/build-test-kernel.sh dt)")
    d = os.path.dirname(dirs[-1])
    dtb = os.path.join(d, "versatile-pb.dtb")
    c = boot_qemu([(os.path.join(d, "zImage"), 0x800000), (dtb, 0x700000)])
    try:
        if "this build has no device-tree support" in c.cmd("bootz 800000 - 7e10000"):
            pytest.skip("firmware built without CONFIG_FDT")
        c.cmd("setenv bootargs console=ttyAMA0")
        c.cmd("phram add rootfs 7000000 100000")
        c.send("bootz 800000 - 700000\r")
        c.expect(r"## Flattened Device Tree blob at 00700000")
        # 8-byte aligned buffer of size + 64 KiB, 4 KiB aligned, right under flashboot
        buf = (os.path.getsize(dtb) + 0x10000 + 7) & ~7
        dst = (0x7e00000 - buf) & ~0xFFF
        c.expect(r"Loading Device Tree to %08x, end %08x \.\.\. OK" % (dst, dst + buf - 1))
        c.expect("Starting kernel ...")
        c.expect("Booting Linux on physical CPU", timeout=30)
        c.expect("Machine model: ARM Versatile PB", timeout=30)
        c.expect("Kernel command line: console=ttyAMA0", timeout=30)
    finally:
        c.close()


def test_phram_load_from_nor(tmp_path):
    """A real mksquashfs image in QEMU's NOR rootfs partition, loaded as a phram region."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "blob").write_bytes(os.urandom(300000))
    sq = tmp_path / "sq.img"
    subprocess.run(["mksquashfs", str(root), str(sq), "-noappend", "-quiet", "-all-root"],
                   check=True, stdout=subprocess.DEVNULL)
    img = sq.read_bytes()
    used = int.from_bytes(img[40:48], "little")
    nor = tmp_path / "nor.img"
    with open(nor, "wb") as f:
        f.truncate(64 << 20)
    c = Console.qemu(kernel=FW, pflash=str(nor))
    try:
        c.stop_autoboot()
        m = re.search(r"^\s*\d+: rootfs\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", c.cmd("mtdparts"), re.M)
        if not m:
            pytest.skip("no NOR rootfs partition in this build")
        off = int(m.group(2), 16)
    finally:
        c.close()
    with open(nor, "r+b") as f:
        f.seek(off)
        f.write(img)
    c = Console.qemu(kernel=FW, pflash=str(nor))
    try:
        c.stop_autoboot()
        out = c.cmd("phram load rootfs", timeout=30)
        size = (used + 0xFFF) & ~0xFFF
        addr = (0x7e00000 - size) & ~0xFFFFF
        assert "phram: 'rootfs' squashfs 4.0 (gzip" in out
        assert "loaded to 0x%08x..0x%08x" % (addr, addr + size - 1) in out
        assert c.cmd("printenv filesize") == "filesize=%x" % used
        assert c.cmd("printenv phram_addr") == "phram_addr=%x" % addr
        assert c.cmd("printenv phram_size") == "phram_size=%x" % size
        out = c.cmd("crc32 ${phram_addr} ${filesize}")
        assert out.endswith("==> %08x" % binascii.crc32(img[:used]))
        # the partition before it holds no squashfs; loading twice is refused
        assert "## Error: no squashfs in 'kernel'" in c.cmd("phram load kernel")
        assert "already exists" in c.cmd("phram load rootfs")
        # a second image would go under the first one
        c.cmd("phram del rootfs")
        c.cmd("phram add top %x 100000" % (0x7d00000))
        out = c.cmd("phram load rootfs", timeout=30)
        assert "loaded to 0x%08x" % ((0x7d00000 - size) & ~0xFFFFF) in out
        alive(c)
    finally:
        c.close()


def test_huge_uimage_size_does_not_wrap(tmp_path):
    """A header whose data size is near 4 GiB: 64 + size must not wrap to a small readable length."""
    def hdr(typ):
        h = bytearray(struct.pack(">7I4B32s", 0x27051956, 0, 0, 0xffffffe0, 0x8000, 0x8000, 0,
                                  5, 2, typ, 0, b"huge"))
        struct.pack_into(">I", h, 4, binascii.crc32(bytes(h)) & 0xffffffff)
        path = os.path.join(str(tmp_path), "h%d.img" % typ)
        with open(path, "wb") as f:
            f.write(h)
        return path
    c = boot_qemu([(hdr(2), 0x800000), (hdr(6), 0x900000)])
    try:
        out = c.cmd("iminfo 800000")
        assert "## Error: image data (0xffffffe0 bytes) runs past mapped memory" in out
        assert "Bad Data CRC" not in out
        out = c.cmd("source 900000")
        assert "## Error: script at 0x00900000: data (0xffffffe0 bytes) runs past the end of memory" in out
        alive(c)
    finally:
        c.close()
