"""Ctrl-C stops long flash operations (issue 10 item 6): nor write of 48 MiB, cp to flash, mtd
write. The command says how far it got, the prompt returns, and the flash past that point is
untouched. (Erases poll Ctrl-C the same way, per block, but QEMU's pflash erases at once, so an
erase is over before a key arrives: tests/unit/test_nand_bbt.c and test_cfi_ops.c stop them.)"""
import re
import time

import pytest
from fbconsole import PROMPT, Console, make_nor_image, read_at

MARK = b"\x5a" * 16
STOPPED = re.compile(r"<INTERRUPT> (erased|written) 0x([0-9a-f]+) of 0x([0-9a-f]+) bytes")


@pytest.fixture
def fb(tmp_path):
    # data at every MiB from 16 MiB on, so an erase that went on would show
    img = make_nor_image(tmp_path / "nor.img", [(o << 20, MARK) for o in range(16, 64)])
    c = Console.qemu_nor(img, timeout=60)
    c.stop_autoboot()
    c.img = img
    yield c
    c.close()


def stopped(c, line, wait_for=None):
    """Run line and press Ctrl-C once wait_for shows (or, for a silent command, a moment after it
    started). Returns (what, done, total) from the <INTERRUPT> line; the prompt is back."""
    c.send(line + "\r")
    c.child.expect_exact(line, timeout=10)
    if wait_for:
        c.expect(wait_for, timeout=30)
    else:
        time.sleep(0.5)
    c.send("\x03")
    c.expect(STOPPED, timeout=30)
    m = c.child.match
    c.expect(PROMPT, timeout=10)
    assert c.cmd("echo alive") == "alive"
    return m.group(1), int(m.group(2), 16), int(m.group(3), 16)


def test_nor_write_48m_stops(fb):
    # 48 MiB take seconds to program: Ctrl-C once the percentage shows
    what, done, total = stopped(fb, "nor write 0x100000 0 0x3000000", r"Writing +\d+%")
    assert what == "written" and total == 0x3000000 and 0 < done < total
    assert read_at(fb.img, 47 << 20, 16) == MARK  # programming stopped well before the end


def test_cp_and_mtd_stop(fb):
    assert fb.cmd("nor erase 0 0x2000000", timeout=60).endswith("Erased 0x2000000 bytes of nor0 at 0x0")
    what, done, total = stopped(fb, "cp.b 0x100000 0x34000000 0x1000000", "Copy to Flash... ")
    assert what == "written" and total == 0x1000000 and done < total
    assert read_at(fb.img, (16 << 20) - 16, 16) == b"\xff" * 16
    what, done, total = stopped(fb, "mtd write nor0 0x100000 0x1000000 0x1000000")
    assert what == "written" and done < total
    assert read_at(fb.img, (32 << 20) - 16, 16) == b"\xff" * 16
