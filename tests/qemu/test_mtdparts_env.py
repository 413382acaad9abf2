"""A new $mtdparts/$mtdids is in force for the very next command (issue 10 item 2), whichever way
it changed: setenv, env import, env default, a script; a value that does not parse is refused at once."""
import random

import pytest
from fbconsole import Console, make_nor_image, read_at

NEW = ("mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),256k(script),8m(kernel),"
       "16m(rootfs),-(data)")
DATA_OFF = 0x40000 + 0x80000 + 0x40000 + 0x40000 + 0x800000 + 0x1000000  # 0x1940000
ROOT_OFF = 0x940000


def rows(out):
    return [(f[1], int(f[2], 16), int(f[3], 16)) for f in (l.split() for l in out.splitlines())
            if len(f) == 5 and f[0].endswith(":") and f[0][:-1].isdigit()]


@pytest.fixture
def nor(tmp_path):
    data = random.Random(10).randbytes(0x1000)
    img = make_nor_image(tmp_path / "nor.img", [(ROOT_OFF, b"\0" * 0x1000), (DATA_OFF, data),
                                                 (ROOT_OFF + 0x1000000 - 0x1000, b"\0" * 0x1000)])
    c = Console.qemu_nor(img, timeout=60)
    c.stop_autoboot()
    yield c, img, data
    c.close()


def test_setenv_then_erase_part_uses_new_table(nor):
    """The issue's reproduction: erase.part rootfs erases the NEW 16 MiB rootfs, data survives."""
    c, img, data = nor
    assert c.cmd("setenv mtdids nor0=34000000.flash") == ""
    assert c.cmd("setenv mtdparts '%s'" % NEW) == ""
    out = c.cmd("nor erase.part rootfs")
    assert "0x1000000" in out and "0x36c0000" not in out, out
    assert read_at(img, DATA_OFF, len(data)) == data  # the new data area is untouched
    assert read_at(img, ROOT_OFF + 0x1000000 - 0x1000, 0x1000) == b"\xff" * 0x1000
    listing = rows(c.cmd("mtdparts"))
    assert listing[-2:] == [("rootfs", 0x1000000, ROOT_OFF), ("data", (64 << 20) - DATA_OFF, DATA_OFF)]
    # a name only the new table has resolves
    assert c.cmd("nor read 0x100000 data 0x10") == "Read 0x10 bytes from data at 0x0"
    assert c.cmd("cmp.b 0x100000 %x 0x10" % (0x34000000 + DATA_OFF)).startswith("Total of 16 byte(s) were the same")


def test_invalid_value_refused_at_once(nor):
    c, img, _ = nor
    before = c.cmd("printenv mtdparts")
    bad = "mtdparts=34000000.flash:256k(firmware)ro,512k(env"
    out = c.cmd("setenv mtdparts '%s'" % bad)
    pos = bad.index("(env")
    assert out == '## Error: mtdparts: syntax error at character %d: "%s"' % (pos, bad[pos:])
    assert c.cmd("echo $?") == "1"
    assert c.cmd("printenv mtdparts") == before  # value and table unchanged, they agree
    assert rows(c.cmd("mtdparts"))[-1][0] == "rootfs"
    assert c.cmd("setenv mtdids 'nor0=34000000.flash,'").startswith("## Error: mtdids: syntax error")
    assert c.cmd("printenv mtdids") == "mtdids=nor0=34000000.flash"
    # a value that parses but names an mtd-id mtdids lacks: taken, and no stale table is left
    out = c.cmd("setenv mtdparts mtdparts=physmap-flash.0:1m(a)")
    assert out == ("## Error: mtdparts: no mtdids entry for mtd-id 'physmap-flash.0'\n"
                   "## Error: no partitions registered")
    assert c.cmd("nor erase.part rootfs") == "## Error: 'rootfs' is neither an offset nor a partition name"
    # fixing mtdids brings the table in at once
    assert c.cmd("setenv mtdids nor0=physmap-flash.0") == ""
    assert rows(c.cmd("mtdparts")) == [("a", 0x100000, 0)]


def test_env_import_default_and_script(nor):
    c, img, _ = nor
    # a text environment holding the new table, as env import reads it
    assert c.cmd("setenv mtdparts '%s'" % NEW) == ""
    c.cmd("env export -t 0x200000")
    assert c.cmd("mtdparts default") == ""
    # a script (a variable run) changes the table: the next command sees it
    c.cmd("setenv s 'setenv mtdparts mtdparts=34000000.flash:1m(one),-(two)'")
    assert c.cmd("run s") == ""
    assert [r[0] for r in rows(c.cmd("mtdparts"))] == ["one", "two"]
    assert "0x100000" in c.cmd("nor erase.part one")
    # env import of text holding mtdparts=
    c.cmd("env import -t 0x200000 ${filesize}")
    assert c.cmd("printenv mtdparts") == "mtdparts=" + NEW
    assert [r[0] for r in rows(c.cmd("mtdparts"))][-1] == "data"
    # env default -a: back to the board's table
    assert c.cmd("env default -a") == "## Resetting to default environment"
    assert [r[0] for r in rows(c.cmd("mtdparts"))][-1] == "rootfs"
    assert c.cmd("nor read 0x100000 data 0x10") == \
        "## Error: 'data' is neither an offset nor a partition name"
