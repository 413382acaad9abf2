"""mtdparts= on the kernel command line in QEMU: our device names translated through mtdids,
bootargs_mtdparts=1 passing the table in force, warnings, the 1024-byte limit; checked on the
'## Kernel command line:' line bootz prints and, when the test kernels are cached, by Linux itself."""
import glob
import os
import re
import struct
import subprocess
import pytest
from fbconsole import Console, firmware

FW = os.environ.get("FLASHBOOT_FW") or firmware()
KADDR = 0x800000
DTB_ADDR = 0x700000
DEFAULT_TABLE = ("mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),256k(script),"
                 "8m(kernel),-(rootfs)")


def spin_zimage(path):
    """A zImage whose code is one branch-to-self: bootz accepts it, and after the jump it just spins."""
    size = 0x1000
    img = bytearray(size)
    img[0:4] = struct.pack("<I", 0xEAFFFFFE)  # b .
    img[0x24:0x34] = struct.pack("<IIII", 0x016F2818, 0, size, 0x04030201)
    path.write_bytes(bytes(img))
    return str(path)


def tiny_dtb(tmp_path):
    dts = tmp_path / "t.dts"
    dts.write_text('/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; model = "t";\n'
                   '  memory@0 { device_type = "memory"; reg = <0 0x8000000>; };\n'
                   '  chosen { bootargs = "from the dtb"; }; };\n')
    out = tmp_path / "t.dtb"
    subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", str(out), str(dts)], check=True,
                   stderr=subprocess.DEVNULL)
    return str(out)


def start(files, kernel=FW):
    extra = []
    for path, addr in files:
        extra += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, addr)]
    c = Console.qemu(kernel=kernel, extra=extra)
    c.stop_autoboot()
    return c


def boot_lines(c, line):
    """Run a boot command that jumps (the spinning kernel): what it printed up to 'Starting kernel'."""
    c.send(line + "\r")
    return c.expect(r"Starting kernel \.\.\.").replace("\r", "")


def exact(c, text, timeout=-1):
    c.child.expect_exact(text, timeout=timeout)


def cmdline_of(out):
    m = re.findall(r"^## Kernel command line: (.*)$", out, re.M)
    assert len(m) == 1, out
    return m[0]


@pytest.fixture
def spin(tmp_path):
    return spin_zimage(tmp_path / "spin.zimage")


def test_translated_atags(spin):
    c = start([(spin, KADDR)])
    try:
        assert c.cmd("printenv mtdids") == "mtdids=nor0=34000000.flash"
        c.cmd("setenv bootargs 'console=ttyAMA0  mtdparts=nor0:1m(a),-(b)   root=/dev/mtdblock1'")
        c.cmd("phram add rootfs 7000000 100000")
        out = boot_lines(c, "bootz %x" % KADDR)
        assert "## mtdparts= in bootargs: 1 mtd-id translated through mtdids" in out
        # the rest byte for byte (runs of blanks), the phram word after it
        assert cmdline_of(out) == ("console=ttyAMA0  mtdparts=34000000.flash:1m(a),-(b)   root=/dev/mtdblock1"
                                   " phram.phram=rootfs,0x7000000,0x100000")
        assert "Warning" not in out
        # the line comes after the ATAG details, just before the handover
        assert out.index("## Passing ATAGs") < out.index("## Kernel command line") < out.index("Handover at")
    finally:
        c.close()


def test_warnings_unknown_malformed_overridden(spin):
    c = start([(spin, KADDR)])
    try:
        c.cmd("setenv bootargs 'mtdparts=nor0:1m(my part) x mtdparts=spi3:1m(q);nor0:-(r) "
              "mtdparts=34000000.flash:2m(z)'")
        out = boot_lines(c, "bootz %x" % KADDR)
        assert ("Warning: bootargs: 'mtdparts=nor0:1m(my': syntax error at character 7 of the value; "
                "passed unchanged, Linux will report it") in out
        assert "Warning: bootargs: 'mtdparts=nor0:1m(my' is ignored by Linux (a later mtdparts= wins)" in out
        assert ("Warning: bootargs: mtd-id 'spi3' is in mtdids neither as our device nor as Linux's; "
                "passed as it is") in out
        assert cmdline_of(out) == ("mtdparts=nor0:1m(my part) x mtdparts=spi3:1m(q);34000000.flash:-(r) "
                                   "mtdparts=34000000.flash:2m(z)")
    finally:
        c.close()


def test_bootargs_mtdparts_replaces_with_table_in_force(spin):
    c = start([(spin, KADDR)])
    try:
        # a table written loosely: what Linux gets is its canonical form, as 'mtdparts' lists it
        c.cmd("setenv mtdparts mtdparts=34000000.flash:0x40000(firmware)ro,0x80000(env),1024k(x),-(rest)")
        assert "Error" not in c.cmd("mtdparts init")
        listing = c.cmd("mtdparts")
        parts = re.findall(r"^\s*\d+: (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\d)", listing, re.M)
        assert [(n, int(s, 16), int(o, 16), int(r)) for n, s, o, r in parts] == [
            ("firmware", 0x40000, 0, 1), ("env", 0x80000, 0x40000, 0), ("x", 0x100000, 0xC0000, 0),
            ("rest", (64 << 20) - 0x1C0000, 0x1C0000, 0)]
        c.cmd("setenv bootargs_mtdparts 1")
        c.cmd("setenv bootargs 'console=ttyAMA0 mtdparts=nor0:1m(old) root=/dev/mtdblock3 -- init-arg'")
        out = boot_lines(c, "bootz %x" % KADDR)
        assert cmdline_of(out) == ("console=ttyAMA0 root=/dev/mtdblock3 "
                                   "mtdparts=34000000.flash:256k(firmware)ro,512k(env),1m(x),-(rest) "
                                   "-- init-arg")
        assert "Warning" not in out
    finally:
        c.close()


def test_bootargs_mtdparts_dt_and_refusals(spin, tmp_path):
    dtb = tiny_dtb(tmp_path)
    c = start([(spin, KADDR), (dtb, DTB_ADDR)])
    try:
        if "this build has no device-tree support" in c.cmd("bootz 800000 - 7e10000"):
            pytest.skip("firmware built without CONFIG_FDT")
        c.cmd("setenv bootargs_mtdparts 1")
        # names with blanks: the value goes in quotes so Linux reads one word
        c.cmd("setenv mtdparts 'mtdparts=34000000.flash:1m(boot loader),-(root fs)'")
        c.cmd("mtdparts init")
        c.cmd("setenv bootargs console=ttyAMA0")
        out = boot_lines(c, "bootz %x - %x" % (KADDR, DTB_ADDR))
        assert "## Flattened Device Tree blob at 00700000" in out
        assert cmdline_of(out) == 'console=ttyAMA0 mtdparts="34000000.flash:1m(boot loader),-(root fs)"'
    finally:
        c.close()
    c = start([(spin, KADDR), (dtb, DTB_ADDR)])
    try:
        c.cmd("setenv bootargs_mtdparts 1")
        # an mtd-id without mtdids entry: the table cannot be built, the boot is refused
        c.cmd("setenv mtdparts 'mtdparts=34000000.flash:1m(a);spi0.0:1m(b)'")
        out = c.cmd("bootz %x - %x" % (KADDR, DTB_ADDR))
        assert "## Error: bootargs_mtdparts: mtdparts: mtd-id not in mtdids at character 30" in out
        assert "Starting kernel" not in out
        # no partitions at all: the words go, a warning says so
        c.cmd("mtdparts delall")
        c.cmd("setenv bootargs 'console=ttyAMA0 mtdparts=nor0:1m(a)'")
        out = boot_lines(c, "bootz %x - %x" % (KADDR, DTB_ADDR))
        assert "Warning: bootargs_mtdparts=1 but no partitions are defined: Linux gets no mtdparts=" in out
        assert cmdline_of(out) == "console=ttyAMA0"
    finally:
        c.close()


def test_command_line_limit(spin, tmp_path):
    dtb = tiny_dtb(tmp_path)
    c = start([(spin, KADDR), (dtb, DTB_ADDR)])
    try:
        c.cmd("setenv a " + "a" * 100)
        c.cmd("setenv bootargs " + "${a}" * 10 + "b" * 23)  # 1023 characters
        assert c.cmd("printenv bootargs") == "bootargs=" + "a" * 1000 + "b" * 23
        # ATAGs: the phram word makes it too long; nothing is started, the shell lives
        c.cmd("phram add rootfs 7000000 100000")
        out = c.cmd("bootz %x" % KADDR)
        n = 1023 + len(" phram.phram=rootfs,0x7000000,0x100000") + 1
        assert "## Error: kernel command line would be %d bytes (max 1024)" % n in out
        assert "Starting kernel" not in out
        # a translation that grows the line past the limit
        c.cmd("phram del rootfs")
        c.cmd("setenv bootargs " + "${a}" * 10 + " mtdparts=nor0:1m(a)")
        out = c.cmd("bootz %x - %x" % (KADDR, DTB_ADDR))
        assert "## Error: kernel command line would be %d bytes (max 1024)" % (
            1000 + len(" mtdparts=34000000.flash:1m(a)") + 1) in out
        assert c.cmd("echo alive") == "alive"
        # DT: 1023 characters are fine
        c.cmd("setenv bootargs " + "${a}" * 10 + "b" * 23)
        out = boot_lines(c, "bootz %x - %x" % (KADDR, DTB_ADDR))
        assert cmdline_of(out) == "a" * 1000 + "b" * 23
    finally:
        c.close()


def cached_kernel(kind):
    cache = os.path.expanduser(os.environ.get("FLASHBOOT_CACHE", "~/.cache/flashboot"))
    stamps = sorted(glob.glob(os.path.join(cache, "kernel-%s-*" % kind, "stamp")), key=os.path.getmtime)
    return os.path.dirname(stamps[-1]) if stamps else None


def test_linux_reads_translated_partitions():
    """The DT test kernel: Linux's cmdlinepart splits the NOR with the translated string."""
    d = cached_kernel("dt")
    if not d:
        pytest.skip("no DT test kernel (tools/build-test-kernel.sh dt)")
    c = start([(os.path.join(d, "zImage"), KADDR), (os.path.join(d, "versatile-pb.dtb"), DTB_ADDR)])
    try:
        c.cmd("setenv bootargs 'console=ttyAMA0 \"mtdparts=nor0:1m(boot loader),-(the rest)\"'")
        c.send("bootz %x - %x\r" % (KADDR, DTB_ADDR))
        exact(c, '## Kernel command line: console=ttyAMA0 "mtdparts=34000000.flash:1m(boot loader),'
                       '-(the rest)"')
        c.expect("Starting kernel ...")
        exact(c, 'Kernel command line: console=ttyAMA0 "mtdparts=34000000.flash:1m(boot loader),'
                       '-(the rest)"', timeout=30)
        exact(c, "2 cmdlinepart partitions found on MTD device 34000000.flash", timeout=30)
        exact(c, '0x000000000000-0x000000100000 : "boot loader"', timeout=30)
        exact(c, '0x000000100000-0x000004000000 : "the rest"', timeout=30)
    finally:
        c.close()


def test_linux_gets_table_in_force_atags():
    """The ATAG test kernel with bootargs_mtdparts=1: Linux registers the firmware's own table."""
    d = cached_kernel("atag")
    if not d:
        pytest.skip("no ATAG test kernel (tools/build-test-kernel.sh atag)")
    c = start([(os.path.join(d, "zImage-dtb"), KADDR)])
    try:
        c.cmd("setenv bootargs_mtdparts 1")
        c.cmd("setenv bootargs 'console=ttyAMA0 mtdparts=nor0:64m(stale)'")
        c.send("bootz %x\r" % KADDR)
        exact(c, "## Kernel command line: console=ttyAMA0 " + DEFAULT_TABLE)
        c.expect("Starting kernel ...")
        exact(c, "Kernel command line: console=ttyAMA0 " + DEFAULT_TABLE, timeout=30)
        exact(c, "6 cmdlinepart partitions found on MTD device 34000000.flash", timeout=30)
        exact(c, '0x000000000000-0x000000040000 : "firmware"', timeout=30)
        exact(c, '0x000000940000-0x000004000000 : "rootfs"', timeout=30)
    finally:
        c.close()
