"""NOR boot in QEMU: flashboot written at the start of the NOR runs from 0x34000000 (the CPU starts
there, no -kernel), relocates itself to RAM, says so in bdinfo, and protects its own sectors as
U-Boot protects its monitor; checked on the host's flash image afterwards."""
import os
from fbconsole import Console, firmware, make_nor_image, read_at, seen

NOR_BASE = 0x34000000
SECTOR = 0x40000


def nor_boot(img, timeout=20):
    # the loader device with no file only sets the PC: the CPU's first fetch is from the flash
    c = Console.qemu(kernel=False, pflash=str(img), timeout=timeout,
                     extra=["-device", "loader,addr=0x%x,cpu-num=0" % NOR_BASE])
    c.child.delaybeforesend = None
    c.stop_autoboot()
    return c



def test_runs_from_nor_and_protects_itself(tmp_path):
    fw = open(firmware(), "rb").read()
    data = os.urandom(SECTOR)
    img = make_nor_image(tmp_path / "nor.img", [(0, fw), (SECTOR, data)])
    c = nor_boot(img)
    try:
        assert "flashboot " in c.boot_log
        bd = c.cmd("bdinfo")
        assert "boot source = NOR (relocated to RAM)" in bd
        assert "loaded at   = 0x34000000" in bd
        out = c.cmd("flinfo")
        assert "34000000 RO" in out and "34040000 RO" not in out
        # the firmware's sector survives erase all, with U-Boot's warning; the rest is erased
        out = seen(c.cmd("erase all", timeout=120))
        assert "Warning: 1 protected sectors were not erased!" in out
        assert out.endswith("Erased 255 sectors")
        assert c.cmd("nor erase 0 0x40000") == \
            "## Error: nor0 0x0+0x40000 holds protected blocks; nothing erased ('protect off' first)"
        c.cmd("mw.l 0x100000 0 0x40")
        assert c.cmd("cp.b 0x100000 0x34000000 0x10") == "Error: Can't write to protected Flash sectors"
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()
    assert read_at(img, 0, len(fw)) == fw
    assert read_at(img, SECTOR, 64) == b"\xff" * 64
    # and it boots again from the same flash
    c = nor_boot(img)
    try:
        assert "NOR (relocated to RAM)" in c.cmd("bdinfo")
        # protect off lifts it, as in U-Boot
        assert c.cmd("protect off 1:0") == "Un-Protected 1 sectors"
        assert "RO" not in c.cmd("flinfo")
    finally:
        c.close()


def test_kernel_boot_protects_nothing(tmp_path):
    """Loaded into RAM by QEMU's -kernel: the NOR holds no running firmware, nothing is protected."""
    img = make_nor_image(tmp_path / "nor.img")
    c = Console.qemu_nor(img)
    c.stop_autoboot()
    try:
        assert "boot source = RAM (relocated)" in c.cmd("bdinfo")
        assert " RO " not in c.cmd("flinfo")
    finally:
        c.close()
