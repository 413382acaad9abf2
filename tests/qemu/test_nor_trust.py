"""NOR writes never program over data, a stray `mw` to the flash does not break the next operation,
and saveenv lifts (then restores) the protection of its own sectors, as U-Boot does."""
import pytest
from fbconsole import Console, make_nor_image, read_at

ENV_OFF = 0x40000  # the "env" partition: two copies at 0x40000 and 0x80000


@pytest.fixture
def nor(tmp_path):
    img = str(tmp_path / "nor.img")
    make_nor_image(img)
    c = Console.qemu_nor(img)
    c.stop_autoboot()
    yield c, img
    c.close()


def test_write_over_data_refused_and_nothing_lost(nor):
    c, img = nor
    c.cmd("mw.b 1000000 a5 1000")
    c.cmd("mw.b 2000000 5a 1000")
    assert "Erased 0x40000 bytes of script" in c.cmd("nor erase script")
    assert c.cmd("nor write 1000000 script 1000").startswith("Wrote 0x1000 bytes")
    # different data over it: refused before anything is programmed
    for line, what in [("nor write 2000000 script 1000", "write"),
                       ("mtd write script 2000000 0 1000", "write"),
                       ("nor write 2000000 script 1", "write")]:
        out = c.cmd(line)
        assert "flash not erased (erase it first)" in out, (line, out)
        assert "Wrote" not in out
    assert c.cmd("cmp.b 1000000 34100000 1000") .startswith("Total of 4096 byte(s) were the same")
    # the same data again, or only bits cleared, is what a NOR program can do: allowed (U-Boot)
    assert c.cmd("nor write 1000000 script 1000").startswith("Wrote 0x1000 bytes")
    c.cmd("mw.b 1000000 a0 1")
    assert c.cmd("nor write 1000000 script 1").startswith("Wrote 0x1 bytes")
    assert c.cmd("md.b 34100000 2").startswith("34100000: a0 a5")
    # cp keeps U-Boot's message
    assert "Flash not Erased" in c.cmd("cp.b 2000000 34100010 10")


@pytest.mark.parametrize("cmd", ["98", "90", "70", "50", "40", "e8", "20", "60", "12345678"])
def test_stray_mw_then_saveenv(nor, cmd):
    """A stray `mw` to the flash leaves the chip in a command; the next saveenv still works, and
    the environment reads back after a restart."""
    c, img = nor
    c.cmd("setenv stray %s" % cmd)
    assert c.cmd("mw 34040000 %s" % cmd) == ""
    out = c.cmd("saveenv")
    assert out.endswith("OK") and "timed out" not in out, out
    assert c.cmd("mw 34080000 %s" % cmd) == ""
    out = c.cmd("saveenv")
    assert out.endswith("OK"), out
    # and a flash read after a stray command sees the data, not status or query bytes (after a
    # program setup, 0x40, QEMU's pflash programs the next bus write whatever the old data, as no
    # real chip does: its recovery write lands on the first word read, so that case reads elsewhere)
    assert c.cmd("mw %x %s" % (0x34000000 if cmd != "40" else 0x34040010, cmd)) == ""
    off = 0x40000 if cmd != "40" else 0xc0000
    assert "Error" not in c.cmd("nor read 1000000 %x 10" % off)
    assert c.cmd("cmp.b 1000000 %x 10" % (0x34000000 + off)).startswith("Total of 16 byte(s) were the same")
    if cmd not in ("40", "20"):
        # the same where the first word read looks like status (zeros: QEMU's pflash reads status 0
        # after a clear status), the case the recovery tells apart with a CFI query (not after 0x40,
        # see above, nor 0x20: QEMU's pflash erases the block on 0x20 alone, without the 0xD0)
        c.cmd("mw.l 1000000 0 4")
        assert c.cmd("nor write 1000000 100000 10").startswith("Wrote 0x10 bytes")
        assert c.cmd("mw 34100000 %s" % cmd) == ""
        c.cmd("mw.l 2000000 a5a5a5a5 4")
        assert "Error" not in c.cmd("nor read 2000000 100000 10")
        assert c.cmd("cmp.b 2000000 1000000 10").startswith("Total of 16 byte(s) were the same")
        assert c.cmd("cmp.b 2000000 34100000 10").startswith("Total of 16 byte(s) were the same")
    c.close()
    c2 = Console.qemu_nor(img)
    try:
        log = c2.stop_autoboot()
        assert "Loading Environment from Flash... OK" in log, log
        assert c2.cmd("printenv stray") == "stray=%s" % cmd
    finally:
        c2.close()


def test_saveenv_lifts_and_restores_protection(nor):
    c, img = nor
    assert c.cmd("protect on 34040000 340bffff") == "Protected 2 sectors"
    assert "Can't write to protected" in c.cmd("cp.b 0 34040000 4")
    c.cmd("setenv kept yes")
    out = c.cmd("saveenv")
    assert out.endswith("OK"), out
    # still protected afterwards: other writers are refused
    out = c.cmd("nor erase env")
    assert "Error" in out and "protected" in out, out
    assert c.cmd("saveenv").endswith("OK")
    c.close()
    c2 = Console.qemu_nor(img)
    try:
        c2.stop_autoboot()
        assert c2.cmd("printenv kept") == "kept=yes"
    finally:
        c2.close()
