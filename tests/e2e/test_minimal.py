"""make BOARD=versatilepb CONFIG=minimal (board/minimal.mk; <= 96 KiB) boots the ATAG kernel with its root in phram."""
import os
import re

from conftest import ROOT, Console, check_pad, wait_linux

MINIMAL = os.path.join(ROOT, "out", "versatilepb-minimal", "flashboot.bin")


def test_minimal_build_boots_atag_kernel(arts):
    assert os.path.getsize(MINIMAL) <= 96 * 1024
    n = len(arts.parts)
    c = Console.qemu(kernel=MINIMAL, pflash=arts.atag_nor, timeout=30)
    try:
        c.stop_autoboot(timeout=30)
        # the features the variant leaves out are gone from the shell
        assert "Unknown command 'loadb'" in c.cmd("loadb")
        assert "Unknown command 'loady'" in c.cmd("loady")
        assert "Unknown command 'itest'" in c.cmd("itest 1 == 1")
        assert "Unknown command 'fdt'" in c.cmd("fdt addr 0")
        c.cmd("nor read ${kernel_addr_r} kernel", timeout=60)
        m = re.search(r"loaded to 0x([0-9a-f]{8})\.\.0x([0-9a-f]{8})", c.cmd("phram load rootfs", timeout=60))
        assert m
        c.cmd('setenv bootargs "console=ttyAMA0 root=/dev/mtdblock%d rootfstype=squashfs ro ${mtdparts}"' % n)
        c.send("bootz ${kernel_addr_r}\r")
        c.expect(r"## Passing ATAGs at 00000100", timeout=30)
        c.expect(r"Starting kernel \.\.\.", timeout=30)
        run = wait_linux(c)
    finally:
        c.close()
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)
