"""fdt edge cases in QEMU: a working tree in NOR must not be written through the bus, resize sizes that wrap."""
import re
import subprocess
from fbconsole import Console, make_nor_image, read_at

DTS = """/dts-v1/;
/ {
	model = "edge";
	#address-cells = <1>;
	#size-cells = <1>;
	chosen { };
	memory { device_type = "memory"; reg = <0x0 0x4000000>; };
	node { a = <1>; };
};
"""

DTB_OFF = 0xC0000  # the dtb partition of the default mtdparts


def dtc(tmp_path):
    src = tmp_path / "t.dts"
    src.write_text(DTS)
    out = tmp_path / "t.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-p", "0x100", "-o", str(out), str(src)],
                   check=True)
    return out.read_bytes()


def alive(c):
    assert c.cmd("echo still here") == "still here"


def test_writes_to_a_tree_in_nor_are_refused(tmp_path):
    """fdt addr on the NOR is fine for reading; set/mknode/rm/resize/chosen/boardsetup and
    'fdt addr <a> <len>' would write flash commands onto the bus ([20 d0] erased the block)."""
    blob = dtc(tmp_path)
    keep = b"keep this data " * 100
    nor = make_nor_image(tmp_path / "nor.img", [(DTB_OFF, blob), (DTB_OFF + 0x1000, keep)])
    before = read_at(nor, 0, 1 << 20)
    addr = 0x34000000 + DTB_OFF
    c = Console.qemu_nor(nor)
    try:
        c.stop_autoboot()
        assert c.cmd("fdt addr %x" % addr) == "Working FDT set to %x" % addr
        assert "a = <0x00000001>;" in c.cmd("fdt print /node")
        for line in ("fdt set /node a [20 d0 ff ff]", "fdt set /node b <0x40 0x12345678>",
                     "fdt mknode / new", "fdt rm /node a", "fdt rm /node", "fdt resize",
                     "fdt resize 1000", "fdt chosen", "fdt chosen 1000 2000", "fdt boardsetup",
                     "fdt addr %x 1000" % addr,
                     # U-Boot's abbreviations reach the same sub-commands (and the same refusals)
                     "fdt s /node a <1>", "fdt mknod / x", "fdt re", "fdt cho", "fdt boa", "fdt ad %x 1000" % addr):
            out = c.cmd(line)
            assert re.search(r"^## Error: .*(in flash, not RAM|not in RAM)", out, re.M), (line, out)
        # the tree still reads back as it was, the flash stays in read-array mode
        assert "a = <0x00000001>;" in c.cmd("fdt print /node")
        assert c.cmd("fdt p /node") == c.cmd("fdt print /node") == c.cmd("fdt l /node")
        assert c.cmd("fdt ad") == "Working fdt: %08x" % addr
        assert "Usage" in c.cmd("fdt adx") and "Usage" in c.cmd("fdt bo")  # a prefix of the name, long enough
        assert c.cmd("fdt g value v /node a") == ""
        assert c.cmd("printenv v") == "v=0x1"
        alive(c)
    finally:
        c.close()
    assert read_at(nor, 0, 1 << 20) == before


def test_resize_too_large_does_not_wrap(tmp_path):
    """extrasize near 4 GiB wrapped to a small total: resize said nothing and shrank the tree."""
    blob = dtc(tmp_path)
    p = tmp_path / "t.dtb"
    c = Console.qemu(load=[(str(p), 0x700000)])
    try:
        c.stop_autoboot()
        assert c.cmd("fdt addr 700000 4000") == "Working FDT set to 700000"
        for extra in ("ffffffff", "fffff000", "80000000"):
            out = c.cmd("fdt resize %s" % extra)
            assert out.startswith("## Error: 0x%s is too large for a device tree" % extra), out
            # refused before anything changed: the free space is still there
            assert "totalsize:\t\t0x4000 (16384)" in c.cmd("fdt header")
        assert c.cmd("fdt resize 2000") == ""
        total = int(re.search(r"totalsize:\s+0x([0-9a-f]+)", c.cmd("fdt header")).group(1), 16)
        assert len(blob) + 0x2000 <= total < len(blob) + 0x3000 and total % 0x1000 == 0
        alive(c)
    finally:
        c.close()


def test_growing_the_tree_spares_phram_regions(tmp_path):
    """A phram region holds a root filesystem for Linux: growing the tree over it (fdt resize,
    fdt addr <a> <len>) overwrote it silently."""
    blob = dtc(tmp_path)
    p = tmp_path / "t.dtb"
    c = Console.qemu(load=[(str(p), 0x700000)])
    try:
        c.stop_autoboot()
        c.cmd("mw.b 702000 a5 1000")
        crc = c.cmd("crc32 702000 1000")
        assert c.cmd("phram add root 702000 1000") == ""
        assert c.cmd("fdt addr 700000") == "Working FDT set to 700000"
        for line in ("fdt resize 2000", "fdt addr 700000 3000"):
            out = c.cmd(line)
            assert "## Error: 0x00700000..0x00702fff overlaps phram region 'root' (0x00702000..0x00702fff)" in out, out
        # (resize packs the tree first, as U-Boot's does: the tree stays whole)
        assert "a = <0x00000001>;" in c.cmd("fdt print /node")
        assert c.cmd("crc32 702000 1000") == crc
        # room below the region is still usable
        assert c.cmd("fdt addr 700000 2000") == "Working FDT set to 700000"
        assert c.cmd("fdt set /node b <2>") == ""
        assert c.cmd("crc32 702000 1000") == crc
        alive(c)
    finally:
        c.close()
