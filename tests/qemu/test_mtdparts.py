"""mtdparts in QEMU: the default table, add/del/delall/default, bad strings, Linux's warnings, names in nor/mtd."""
import binascii
import os
import random

import pytest
from fbconsole import Console, make_nor_image

FW = os.environ.get("FLASHBOOT_FW")  # another build of the firmware, for debugging

DEFAULT = "mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),256k(script),8m(kernel),-(rootfs)"
DEFAULT_ROWS = [  # name, size, offset, ro
    ("firmware", 0x40000, 0x0, 1),
    ("env", 0x80000, 0x40000, 0),
    ("dtb", 0x40000, 0xc0000, 0),
    ("script", 0x40000, 0x100000, 0),
    ("kernel", 0x800000, 0x140000, 0),
    ("rootfs", 0x36c0000, 0x940000, 0),
]


def boot(img, timeout=20):
    c = Console.qemu_nor(img, FW, timeout)
    return c, c.stop_autoboot()


def table(out):
    """The partition rows of an `mtdparts` listing as (name, size, offset, ro)."""
    rows = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 5 and f[0].endswith(":") and f[0][:-1].isdigit():
            assert int(f[0][:-1]) == len(rows)
            rows.append((f[1], int(f[2], 16), int(f[3], 16), int(f[4])))
    return rows


def mtd_list_parts(out):
    return [line.split('"')[1] for line in out.splitlines() if line.startswith("\t  - 0x")]


@pytest.fixture
def fb(tmp_path):
    c, log = boot(make_nor_image(tmp_path / "nor.img"))
    c.boot_log = log
    yield c
    c.close()


def test_default_table_at_boot(fb):
    out = fb.cmd("mtdparts")
    assert out.startswith("device nor0 <34000000.flash>, # parts = 6\n")
    assert table(out) == DEFAULT_ROWS
    assert out.endswith("defaults:\nmtdids  : nor0=34000000.flash\nmtdparts: " + DEFAULT)
    assert fb.cmd("printenv mtdparts") == "mtdparts=" + DEFAULT
    assert mtd_list_parts(fb.cmd("mtd list")) == [r[0] for r in DEFAULT_ROWS]
    assert "WARNING" not in fb.boot_log


def test_add_del_delall_default(tmp_path):
    img = make_nor_image(tmp_path / "nor.img", [(0x3000000, b"\0" * 0x100000)])
    c, _ = boot(img)
    try:
        # the default rootfs runs to the end, so there is no room yet
        assert c.cmd("mtdparts add nor0 1m@0x3000000 extra") == \
            '## Error: 0x100000@0x3000000 overlaps partition "rootfs"'
        assert c.cmd("mtdparts del rootfs") == ""
        assert c.cmd("mtdparts add nor0 1m@0x3000000 extra") == ""
        rows = table(c.cmd("mtdparts"))
        assert rows == DEFAULT_ROWS[:5] + [("extra", 0x100000, 0x3000000, 0)]
        assert c.cmd("printenv mtdparts") == \
            "mtdparts=mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),256k(script)," \
            "8m(kernel),1m@48m(extra)"
        assert "extra" in mtd_list_parts(c.cmd("mtd list"))
        out = c.cmd("mtd erase extra")
        assert out.endswith("Erased 0x100000 bytes of extra at 0x0")
        assert c.cmd("crc32 0x37000000 0x100000") == \
            "crc32 for 37000000 ... 370fffff ==> %08x" % binascii.crc32(b"\xff" * 0x100000)

        # overlapping and out-of-range adds change nothing
        assert c.cmd("mtdparts add nor0 1m@0x3080000 extra2") == \
            '## Error: 0x100000@0x3080000 overlaps partition "extra"'
        assert c.cmd("mtdparts add nor0 256k@0x100000 x") == \
            '## Error: 0x40000@0x100000 overlaps partition "script"'
        assert c.cmd("mtdparts add nor0 1m@0x3f80000 tail") == \
            '## Error: cannot add "tail": does not fit in the device'
        assert c.cmd("mtdparts add nor0 1m@0x3800000 extra") == \
            '## Error: cannot add "extra": already exists'
        assert c.cmd("echo $?") == "1"
        assert len(table(c.cmd("mtdparts"))) == 6
        # without @offset: right after the last one; "ro" marks it read-only
        assert c.cmd("mtdparts add nor0 256k after ro") == ""
        assert table(c.cmd("mtdparts"))[-1] == ("after", 0x40000, 0x3100000, 1)
        assert c.cmd("mtd erase after") == "## Error: after is read-only; erase refused"

        assert c.cmd("mtdparts del extra") == ""
        assert "extra" not in [r[0] for r in table(c.cmd("mtdparts"))]
        assert c.cmd("mtd erase extra") == "## Error: MTD device extra not found (see 'mtd list')"
        assert c.cmd("mtdparts del extra") == "## Error: no partition named 'extra'"

        assert c.cmd("mtdparts delall") == ""
        assert c.cmd("mtdparts").startswith("no partitions defined\n")
        assert mtd_list_parts(c.cmd("mtd list")) == []
        assert c.cmd("printenv mtdparts") == '## Error: "mtdparts" not defined'

        assert c.cmd("mtdparts default") == ""
        assert table(c.cmd("mtdparts")) == DEFAULT_ROWS
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_saved_table_registered_at_boot(tmp_path):
    img = make_nor_image(tmp_path / "nor.img")
    c, _ = boot(img)
    try:
        c.cmd("mtdparts del rootfs")
        c.cmd("mtdparts add nor0 2m@0x1000000 data")
        assert c.cmd("saveenv").endswith("OK")
    finally:
        c.close()
    c, log = boot(img)
    try:
        assert "Loading Environment from Flash... OK" in log
        assert table(c.cmd("mtdparts")) == DEFAULT_ROWS[:5] + [("data", 0x200000, 0x1000000, 0)]
        assert c.cmd("mtd erase data").endswith("Erased 0x200000 bytes of data at 0x0")
    finally:
        c.close()


def test_malformed_string_refused(fb):
    """setenv refuses a string that does not parse (U-Boot's env callbacks can): the variable and the
    table in force stay as they were, so no command acts on a table the variable does not say."""
    bad = "mtdparts=34000000.flash:256k(firmware)ro,512k(env"
    out = fb.cmd("setenv mtdparts '%s'" % bad)
    pos = bad.index("(env")
    assert out == '## Error: mtdparts: syntax error at character %d: "%s"' % (pos, bad[pos:])
    assert fb.cmd("echo $?") == "1"
    assert fb.cmd("printenv mtdparts") == "mtdparts=" + DEFAULT
    assert mtd_list_parts(fb.cmd("mtd list")) == [r[0] for r in DEFAULT_ROWS]

    bad = "mtdparts=34000000.flash:256k(a),12q(b)"
    out = fb.cmd("setenv mtdparts %s" % bad)
    assert len(out.splitlines()) == 1
    pos = int(out.split("at character ")[1].split(":")[0])
    assert bad[pos] in "q(", out  # points at what is wrong, not at the start
    assert mtd_list_parts(fb.cmd("mtd list")) == [r[0] for r in DEFAULT_ROWS]

    # an mtd-id without an mtdids entry parses: taken, and nothing registered (no stale table)
    out = fb.cmd("setenv mtdparts mtdparts=physmap-flash.0:1m(a)")
    assert "no mtdids entry for mtd-id 'physmap-flash.0'" in out
    assert out.endswith("## Error: no partitions registered")
    assert mtd_list_parts(fb.cmd("mtd list")) == []
    assert fb.cmd("nor read 0x100000 env 0x10") == \
        "## Error: 'env' is neither an offset nor a partition name"
    out = fb.cmd("mtdparts init")
    assert out.endswith("## Error: no partitions registered")
    assert fb.cmd("echo $?") == "1"
    assert fb.cmd("echo alive") == "alive"


def test_linux_warnings(fb):
    out = fb.cmd("setenv mtdparts mtdparts=34000000.flash:256k(a),64m(big)")
    assert out == 'WARNING: 34000000.flash: partition "big" (0x3fc0000@0x40000): ' \
                  'extends beyond the end of the device, size truncated'
    assert table(fb.cmd("mtdparts")) == [("a", 0x40000, 0, 0), ("big", 0x3fc0000, 0x40000, 0)]

    out = fb.cmd("setenv mtdparts mtdparts=34000000.flash:256k(a),100k(odd),768k(c),-(d)")
    assert out.splitlines() == [
        'WARNING: 34000000.flash: partition "odd" (0x19000@0x40000): '
        'does not end on an erase block boundary, forced read-only',
        'WARNING: 34000000.flash: partition "c" (0xc0000@0x59000): '
        'does not start on an erase block boundary, forced read-only',
        'WARNING: 34000000.flash: partition "d" (0x3ee7000@0x119000): '
        'does not start on an erase block boundary, forced read-only',
    ]
    rows = table(fb.cmd("mtdparts"))
    assert rows[1] == ("odd", 0x19000, 0x40000, 1)
    assert fb.cmd("mtd write odd 0x100000 0 0x100") == "## Error: odd is read-only; write refused"
    assert fb.cmd("mtd erase a").endswith("Erased 0x40000 bytes of a at 0x0")
    assert fb.cmd("echo alive") == "alive"


def test_partition_names_in_nor_and_mtd(tmp_path):
    kernel = random.Random(5).randbytes(0x800000)
    rootfs = random.Random(6).randbytes(0x20000)
    img = make_nor_image(tmp_path / "nor.img", [(0x140000, kernel), (0x940000, rootfs)])
    c, _ = boot(img)
    try:
        assert c.cmd("nor read 0x800000 kernel") == "Read 0x800000 bytes from kernel at 0x0"
        assert c.cmd("printenv filesize") == "filesize=800000"
        assert c.cmd("crc32 0x800000 ${filesize}") == \
            "crc32 for 00800000 ... 00ffffff ==> %08x" % binascii.crc32(kernel)
        assert c.cmd("nor read 0x800000 kernel 0x900000") == \
            "## Error: 0x900000 bytes do not fit in partition kernel (0x800000 bytes)"
        assert c.cmd("mtd read rootfs 0x1000000 0x10000 0x10000") == \
            "Read 0x10000 bytes from rootfs at 0x10000"
        assert c.cmd("crc32 0x1000000 0x10000") == \
            "crc32 for 01000000 ... 0100ffff ==> %08x" % binascii.crc32(rootfs[0x10000:])
    finally:
        c.close()
