"""NOR and mtdparts edge cases in QEMU: RAM destinations in flash, malformed partition tables."""
import re
from fbconsole import Console, make_nor_image, read_at, write_at

NOR_BASE = 0x34000000
SECTOR = 0x40000


def test_data_written_to_a_flash_address_is_refused(tmp_path):
    img = str(tmp_path / "nor.img")
    make_nor_image(img)
    # flash data that reads as Intel commands: 0x20 (erase setup), 0xD0 (confirm)
    write_at(img, 0x200000, bytes.fromhex("20002000d000d000"))
    victim = bytes(range(256)) * 4
    write_at(img, 0x400000, victim)
    c = Console.qemu_nor(img)
    try:
        c.stop_autoboot()
        err = re.compile(r"## Error: 0x3440000[0-9a-f]\.\.0x[0-9a-f]{8} is in flash, not RAM")
        # a typo'd RAM address landing in flash: once erased the victim block
        for line in ["nor read 0x34400000 0x200000 8", "mtd read nor0 0x34400000 0x200000 8",
                     "env export -t 0x34400000 0x1000", "crc32 0x100000 0x10 0x34400004",
                     "nor read 0x343fff00 0x200000 0x200"]:
            out = c.cmd(line)
            assert err.search(out) or "0x343fff00..0x344000ff is in flash" in out, (line, out)
        assert c.cmd("cp.b 0x34200000 0x100000 8") == ""  # reading flash is fine
        assert c.cmd("md.l 0x100000 2") .startswith("00100000: 00200020 00d000d0")
        # mw stays a raw bus write, as in U-Boot: read-array (0xFF) is harmless
        assert c.cmd("mw.l 0x34400000 0xff") == ""
        assert c.cmd("md.b 0x34400000 4").startswith("34400000: 00 01 02 03")
    finally:
        c.close()
    assert read_at(img, 0x400000, len(victim)) == victim


def test_mtdparts_same_device_twice(fb):
    fb.cmd("setenv mtdparts 'mtdparts=34000000.flash:256k(a),256k(b);34000000.flash:1m(c)'")
    out = fb.cmd("mtdparts init")
    assert out == ("## Error: mtdparts: nor0 has two partition lists\n"
                   "## Error: no partitions registered"), out
    assert '"a"' not in fb.cmd("mtd list")
    fb.cmd("mtdparts default")
    assert '"kernel"' in fb.cmd("mtd list")


def test_mtdparts_add_long_name(fb):
    fb.cmd("mtdparts delall")
    name = "p" * 32
    assert fb.cmd("mtdparts add nor0 256k@4m %s" % name) == \
        "## Error: partition name '%s' is longer than 31 characters" % name
    assert fb.cmd("mtdparts add nor0 256k@4m %s" % name[:31]) == ""
    assert '"%s"' % name[:31] in fb.cmd("mtd list")
