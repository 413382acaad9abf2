"""The fdt command in QEMU: a DTB loaded with -device loader, driven as a person would; results cross-checked with dtc."""
import os
import re
import struct
import subprocess
import pytest
from fbconsole import Console, parse_md

ADDR = 0x700000

DTS = """/dts-v1/;
/ {
	model = "flashboot test board";
	compatible = "arm,versatile-pb";
	#address-cells = <1>;
	#size-cells = <1>;
	aliases { serial0 = "/uart@101f1000"; mtd3 = "/stale"; };
	chosen { stdout-path = "/uart@101f1000"; };
	memory { device_type = "memory"; reg = <0x0 0x4000000>; };
	uart@101f1000 { compatible = "arm,pl011", "arm,primecell"; reg = <0x101f1000 0x1000>; };
	flash@34000000 {
		compatible = "arm,versatile-flash", "cfi-flash";
		reg = <0x34000000 0x4000000>;
		bank-width = <4>;
		partitions { compatible = "arm,arm-firmware-suite"; };
	};
	amba {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;
		bytes = [01 02 03];
		deep { inner { leaf = <7>; }; };
	};
};
"""


def dtc(src, tmp_path, name="t.dtb"):
    dts = tmp_path / (name + ".dts")
    dts.write_text(src)
    out = tmp_path / name
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out), str(dts)], check=True)
    return out


def decompile(blob, tmp_path):
    f = tmp_path / "back.dtb"
    f.write_bytes(blob)
    r = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(f)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def boot_with(path):
    c = Console.qemu(load=[(path, ADDR)])
    c.stop_autoboot()
    return c


@pytest.fixture
def dtb(tmp_path):
    return dtc(DTS, tmp_path)


@pytest.fixture
def fbd(dtb):
    c = boot_with(dtb)
    yield c
    c.close()


def header(fb):
    out = fb.cmd("fdt header")
    return {m.group(1): m.group(2) for m in re.finditer(r"^([a-z_ ]+):\s+(\S+)", out, re.M)}


def dump_tree(fb, tmp_path):
    """Read the working tree back through md.b and decompile it with dtc."""
    size = int(header(fb)["totalsize"], 16)
    blob = parse_md(fb.cmd("md.b %x %x" % (ADDR, size), timeout=30))
    assert len(blob) == size
    return decompile(blob, tmp_path)


def test_addr_and_header(fbd, dtb):
    assert fbd.cmd("fdt addr") == "## Error: no working FDT, set one with 'fdt addr <addr>'"
    assert fbd.cmd("fdt print /").startswith("## Error: no working FDT")
    assert fbd.cmd("fdt addr %x" % ADDR) == "Working FDT set to %x" % ADDR
    assert fbd.cmd("fdt addr") == "Working fdt: %08x" % ADDR
    assert fbd.cmd("printenv fdtaddr") == "fdtaddr=%x" % ADDR
    h = header(fbd)
    raw = dtb.read_bytes()
    magic, total, off_struct, off_strings, off_rsv, version = struct.unpack(">6I", raw[:24])
    assert h["magic"] == "0x%x" % magic == "0xd00dfeed"
    assert h["totalsize"] == "0x%x" % total and total == len(raw)
    assert h["off_dt_struct"] == "0x%x" % off_struct
    assert h["off_dt_strings"] == "0x%x" % off_strings
    assert h["version"] == "17"
    assert h["number mem_rsv"] == "0x0"
    assert fbd.cmd("fdt addr -c").startswith("## Error: flashboot has no control FDT")


def test_print_and_list(fbd):
    fbd.cmd("fdt addr %x" % ADDR)
    out = fbd.cmd("fdt print /flash@34000000")
    assert out.splitlines() == [
        "flash@34000000 {",
        '\tcompatible = "arm,versatile-flash", "cfi-flash";',
        "\treg = <0x34000000 0x04000000>;",
        "\tbank-width = <0x00000004>;",
        "\tpartitions {",
        '\t\tcompatible = "arm,arm-firmware-suite";',
        "\t};",
        "};",
    ]
    assert fbd.cmd("fdt print /amba bytes") == "bytes = [01 02 03];"
    assert fbd.cmd("fdt print /amba ranges") == "ranges;"
    # print recurses, list stops after one level
    assert "leaf = <0x00000007>;" in fbd.cmd("fdt print /amba")
    out = fbd.cmd("fdt list /amba")
    assert "deep {" in out and "inner" not in out
    # the root and an alias as the path
    out = fbd.cmd("fdt print /")
    assert out.startswith("/ {\n\tmodel = \"flashboot test board\";")
    assert fbd.cmd("fdt print serial0 compatible") == 'compatible = "arm,pl011", "arm,primecell";'
    assert fbd.cmd("fdt print /nope") == "libfdt fdt_path_offset(): FDT_ERR_NOTFOUND"
    assert fbd.cmd("fdt print / nope") == "libfdt fdt_getprop(): FDT_ERR_NOTFOUND"


def test_set_get_mknode_rm(fbd, tmp_path):
    assert fbd.cmd("fdt addr %x 0x4000" % ADDR) == "Working FDT set to %x" % ADDR
    assert header(fbd)["totalsize"] == "0x4000"
    assert fbd.cmd("fdt mknode / test@1") == ""
    assert fbd.cmd("fdt mknode / test@1") == "libfdt fdt_add_subnode(): FDT_ERR_EXISTS"
    fbd.cmd("fdt set /test@1 cells <1 2 0x30>")
    fbd.cmd("fdt set /test@1 bytes [de ad be ef 01]")
    fbd.cmd('fdt set /test@1 strings "first one" second')
    fbd.cmd("fdt set /test@1 empty")
    assert fbd.cmd("fdt print /test@1 cells") == "cells = <0x00000001 0x00000002 0x00000030>;"
    assert fbd.cmd("fdt print /test@1 bytes") == "bytes = [de ad be ef 01];"
    assert fbd.cmd("fdt print /test@1 strings") == 'strings = "first one", "second";'
    assert fbd.cmd("fdt print /test@1 empty") == "empty;"
    assert fbd.cmd("fdt set /test@1 bad <1 zz>").startswith('## Error: bad value at "zz')
    # get value into variables, by index too
    fbd.cmd("fdt get value v /test@1 cells")
    assert fbd.cmd("printenv v") == "v=0x1 0x2 0x30"
    fbd.cmd("fdt get value v /test@1 cells 2")
    assert fbd.cmd("printenv v") == "v=0x30"
    fbd.cmd("fdt get value v /test@1 strings 1")
    assert fbd.cmd("printenv v") == "v=second"
    fbd.cmd("fdt get value v /test@1 strings")
    assert fbd.cmd("printenv v") == "v=first one"
    assert fbd.cmd("fdt get value v /test@1 cells 3").startswith("## Error: index 3")
    fbd.cmd("fdt get size n /test@1 bytes")
    assert fbd.cmd("printenv n") == "n=5"
    fbd.cmd("fdt get size n /amba")
    assert fbd.cmd("printenv n") == "n=1"
    # what we changed is really in memory: dtc reads it back
    dts = dump_tree(fbd, tmp_path)
    assert re.search(r"test@1 \{[^}]*cells = <0x01 0x02 0x30>;", dts, re.S)
    assert 'strings = "first one\\0second";' in dts
    # remove a property, then the node
    assert fbd.cmd("fdt rm /test@1 cells") == ""
    assert fbd.cmd("fdt print /test@1 cells") == "libfdt fdt_getprop(): FDT_ERR_NOTFOUND"
    assert fbd.cmd("fdt rm /test@1 cells") == "libfdt fdt_delprop(): FDT_ERR_NOTFOUND"
    assert fbd.cmd("fdt rm /test@1") == ""
    assert fbd.cmd("fdt print /test@1") == "libfdt fdt_path_offset(): FDT_ERR_NOTFOUND"
    assert fbd.cmd("fdt rm /") == "## Error: the root node cannot be removed"


def test_resize(fbd, dtb):
    size = len(dtb.read_bytes())
    fbd.cmd("fdt addr %x" % ADDR)
    # dtc's output is tight: no room for anything new
    assert fbd.cmd("fdt set /chosen bootargs console=ttyAMA0") == "libfdt fdt_setprop(): FDT_ERR_NOSPACE"
    assert fbd.cmd("fdt resize 0x2000") == ""
    total = int(header(fbd)["totalsize"], 16)
    assert total >= size + 0x2000 and (ADDR + total) % 0x1000 == 0 and total < size + 0x3000
    assert fbd.cmd("fdt set /chosen bootargs console=ttyAMA0") == ""
    assert fbd.cmd("fdt print /chosen bootargs") == 'bootargs = "console=ttyAMA0";'
    # resize without extra packs the tree to the next 4 KiB boundary
    fbd.cmd("fdt resize")
    total = int(header(fbd)["totalsize"], 16)
    assert total % 0x1000 == 0 and size <= total < size + 0x40 + 0x1000
    # growing with addr <addr> <len>, refused when shorter than the tree
    assert fbd.cmd("fdt addr %x 0x10" % ADDR).startswith("## Error: new length 0x10 is smaller")
    fbd.cmd("fdt addr %x 0x8000" % ADDR)
    assert header(fbd)["totalsize"] == "0x8000"


def test_chosen(fbd):
    fbd.cmd("fdt addr %x 0x4000" % ADDR)
    fbd.cmd("setenv bootargs console=ttyAMA0 root=/dev/mtdblock0")
    assert fbd.cmd("fdt chosen 0x800000 0x8abcde") == ""
    out = fbd.cmd("fdt print /chosen")
    assert 'bootargs = "console=ttyAMA0 root=/dev/mtdblock0";' in out
    assert "linux,initrd-start = <0x00800000>;" in out
    assert "linux,initrd-end = <0x008abcde>;" in out
    assert fbd.cmd("fdt chosen 0x900000 0x800000") == \
        "## Error: initrd_start 0x900000 is after initrd_end 0x800000"
    # without an initrd range the existing one stays (as in U-Boot)
    fbd.cmd("fdt chosen")
    assert "linux,initrd-start = <0x00800000>;" in fbd.cmd("fdt print /chosen")


def test_chosen_and_boardsetup_translate_mtdparts(fbd):
    """fdt chosen / fdt boardsetup write the bootargs bootz would pass: mtdparts= through mtdids."""
    fbd.cmd("fdt addr %x 0x4000" % ADDR)
    fbd.cmd("setenv bootargs 'console=ttyAMA0 mtdparts=nor0:1m(a),-(b) root=/dev/mtdblock1'")
    out = fbd.cmd("fdt chosen")
    assert out == "## mtdparts= in bootargs: 1 mtd-id translated through mtdids"
    assert 'bootargs = "console=ttyAMA0 mtdparts=34000000.flash:1m(a),-(b) root=/dev/mtdblock1";' \
        in fbd.cmd("fdt print /chosen")
    # the table in force replaces it; boardsetup does the same as chosen
    fbd.cmd("setenv bootargs_mtdparts 1")
    fbd.cmd("setenv bootargs 'console=ttyAMA0 mtdparts=nor0:1m(a)'")
    fbd.cmd("fdt boardsetup")
    want = ("console=ttyAMA0 mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),"
            "256k(script),8m(kernel),-(rootfs)")
    assert 'bootargs = "%s";' % want in fbd.cmd("fdt print /chosen")
    # a table that cannot be built: one-line error, tree unchanged, shell alive
    assert fbd.cmd("setenv mtdids 'nor0=34000000.flash,'").startswith("## Error: mtdids: syntax error")
    fbd.cmd("setenv mtdids nor0=physmap-flash.0")  # parses, but leaves the table's mtd-id unmapped
    assert fbd.cmd("fdt chosen").startswith(
        "## Error: fdt chosen: bootargs_mtdparts: mtdparts: mtd-id not in mtdids")
    assert 'bootargs = "%s";' % want in fbd.cmd("fdt print /chosen")
    assert fbd.cmd("echo alive") == "alive"


def test_corrupt_refused_shell_alive(tmp_path):
    bad = tmp_path / "bad.dtb"
    good = dtc(DTS, tmp_path).read_bytes()
    bad.write_bytes(b"\x12\x34\x56\x78" + good[4:])
    c = boot_with(bad)
    try:
        assert c.cmd("fdt addr %x" % ADDR) == "libfdt fdt_check_header(): FDT_ERR_BADMAGIC"
        assert c.cmd("fdt addr").startswith("## Error: no working FDT")
        assert c.cmd("fdt header").startswith("## Error: no working FDT")
        # repair the magic with mw, then cut totalsize below the strings block
        c.cmd("mw.l %x 0xedfe0dd0" % ADDR)
        assert c.cmd("fdt addr %x" % ADDR) == "Working FDT set to %x" % ADDR
        c.cmd("mw.l %x 0x40000000" % (ADDR + 4))  # totalsize 0x40, big-endian
        assert c.cmd("fdt print /") == "libfdt fdt_check_header(): FDT_ERR_TRUNCATED"
        assert c.cmd("fdt addr %x" % (ADDR + 4)) == "libfdt fdt_check_header(): FDT_ERR_ALIGNMENT"
        assert re.match(r"flashboot \S+", c.cmd("version"))
    finally:
        c.close()


def test_property_length_that_would_loop_refused(tmp_path):
    """A property length of -12 makes libfdt's walk stand still: refused instead of a hung shell."""
    blob = bytearray(dtc(DTS, tmp_path).read_bytes())
    st = struct.unpack(">I", blob[8:12])[0]
    # the first FDT_PROP tag (3) after the root's FDT_BEGIN_NODE: its length word follows it
    prop = next(o for o in range(st, len(blob) - 4, 4) if blob[o:o + 4] == b"\0\0\0\x03")
    blob[prop + 4:prop + 8] = struct.pack(">I", 0xFFFFFFF4)
    bad = tmp_path / "loop.dtb"
    bad.write_bytes(bytes(blob))
    c = boot_with(bad)
    try:
        assert c.cmd("fdt addr %x" % ADDR) == \
            "## Error: the device tree at 0x%08x has a corrupt structure block" % ADDR
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_boardsetup_fixups(fbd, tmp_path):
    fbd.cmd("fdt addr %x 0x8000" % ADDR)
    assert fbd.cmd("phram add rootfs 0x4000000 0x100000") == ""
    assert fbd.cmd("phram add data 0x5000000 0x200000") == ""
    fbd.cmd("setenv bootargs console=ttyAMA0 root=/dev/mtdblock0")
    fbd.cmd("setenv phram_nomap 1")
    assert fbd.cmd("fdt boardsetup") == ""
    assert fbd.cmd("fdt print /reserved-memory").splitlines() == [
        "reserved-memory {",
        "\t#address-cells = <0x00000001>;",
        "\t#size-cells = <0x00000001>;",
        "\tranges;",
        "\trootfs@4000000 {",
        '\t\tcompatible = "phram";',
        '\t\tlabel = "rootfs";',
        "\t\treg = <0x04000000 0x00100000>;",
        "\t\tno-map;",
        "\t};",
        "\tdata@5000000 {",
        '\t\tcompatible = "phram";',
        '\t\tlabel = "data";',
        "\t\treg = <0x05000000 0x00200000>;",
        "\t\tno-map;",
        "\t};",
        "};",
    ]
    out = fbd.cmd("fdt print /aliases")
    assert out.splitlines() == [
        "aliases {",
        '\tmtd0 = "/reserved-memory/rootfs@4000000";',
        '\tmtd1 = "/reserved-memory/data@5000000";',
        '\tmtd2 = "/flash@34000000";',
        '\tserial0 = "/uart@101f1000";',
        "};",
    ]
    assert fbd.cmd("fdt print /memory reg") == "reg = <0x00000000 0x08000000>;"
    assert fbd.cmd("fdt print /chosen bootargs") == 'bootargs = "console=ttyAMA0 root=/dev/mtdblock0";'
    # dtc agrees with what the firmware wrote
    dts = dump_tree(fbd, tmp_path)
    assert re.search(r"rootfs@4000000 \{\s*compatible = \"phram\";\s*label = \"rootfs\";"
                     r"\s*reg = <0x4000000 0x100000>;\s*no-map;", dts)
    # running it again replaces rather than duplicates; no-map follows the env
    fbd.cmd("setenv phram_nomap")
    fbd.cmd("fdt boardsetup")
    out = fbd.cmd("fdt print /reserved-memory")
    assert out.count("rootfs@4000000 {") == 1 and out.count("data@5000000 {") == 1
    assert "no-map" not in out


def test_boardsetup_without_room(fbd):
    fbd.cmd("fdt addr %x" % ADDR)
    fbd.cmd("phram add rootfs 0x4000000 0x100000")
    assert fbd.cmd("fdt boardsetup") == \
        "## Error: fdt boardsetup: the tree is full (FDT_ERR_NOSPACE), make room with 'fdt resize'"
    fbd.cmd("fdt resize 0x1000")
    assert fbd.cmd("fdt boardsetup") == ""
    assert 'mtd0 = "/reserved-memory/rootfs@4000000";' in fbd.cmd("fdt print /aliases")


def test_boardsetup_fixed_partitions(fbd):
    """fdt_mtdparts=1: the partitions of the mtdparts table under the flash node, all aliased."""
    parts = []
    for m in re.finditer(r"^\s*\d+: (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\d)", fbd.cmd("mtdparts"), re.M):
        parts.append((m.group(1), int(m.group(2), 16), int(m.group(3), 16), m.group(4) == "1"))
    assert len(parts) >= 2
    fbd.cmd("fdt addr %x 0x8000" % ADDR)
    fbd.cmd("phram add rootfs 0x4000000 0x100000")
    fbd.cmd("setenv fdt_mtdparts 1")
    assert fbd.cmd("fdt boardsetup") == ""
    assert fbd.cmd("fdt print /flash@34000000/partitions compatible") == 'compatible = "fixed-partitions";'
    listed = fbd.cmd("fdt list /flash@34000000/partitions")
    assert "arm,arm-firmware-suite" not in fbd.cmd("fdt print /flash@34000000")
    assert listed.count("part@") == len(parts)
    aliases = fbd.cmd("fdt print /aliases")
    assert 'mtd0 = "/reserved-memory/rootfs@4000000";' in aliases
    for i, (name, size, ofs, ro) in enumerate(sorted(parts, key=lambda p: p[2])):
        node = "/flash@34000000/partitions/part@%x" % ofs
        assert fbd.cmd("fdt print %s label" % node) == 'label = "%s";' % name
        assert fbd.cmd("fdt print %s reg" % node) == "reg = <0x%08x 0x%08x>;" % (ofs, size)
        assert fbd.cmd("fdt print %s read-only" % node) == ("read-only;" if ro else
                                                          "libfdt fdt_getprop(): FDT_ERR_NOTFOUND")
        assert '\tmtd%d = "%s";' % (i + 1, node) in aliases
    assert '\tmtd%d = "/flash@34000000";' % (len(parts) + 1) in aliases
