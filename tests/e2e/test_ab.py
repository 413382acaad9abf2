"""End-to-end A/B fallback with U-Boot's environment boot counter: root A's init fails and the kernel reboots;
after bootlimit boots autoboot runs altbootcmd, Linux comes up on root B (phram) and clears the count with the
test root's fw_setenv step. The harness restarts QEMU (-no-reboot) on the same NOR image for every reset."""
import os

import pexpect

from conftest import INIT, LINUX_TIMEOUT, build_nor, check_pad, read_stamp, start, tool_dir, wait_linux
from fbconsole import nor_env



def fw_printenv(tmp_path, img):
    return nor_env(img, tmp_path)


def broken_boot(nor):
    """One reset that boots root A: its init fails, the kernel panics and reboots (QEMU exits)."""
    c = start(nor, autoboot_stop=False)
    try:
        fw = c.expect(r"Starting kernel \.\.\.", timeout=60)
        c.expect(INIT + "this root is broken", timeout=LINUX_TIMEOUT)
        c.expect("Attempted to kill init", timeout=60)
        c.expect(pexpect.EOF, timeout=60)
    finally:
        c.close()
    return fw.replace("\r", "")


def test_broken_root_a_falls_back_to_b_and_linux_clears_the_count(arts, tmp_path):
    broken = os.path.join(tool_dir("build-test-rootfs.sh", "--broken"), "rootfs.squashfs")
    env = dict(arts.env, upgrade_available="1", bootlimit="3")
    nor = build_nor(tmp_path / "ab.img", env, dict(arts.files, rootfs=broken, rootfs_b=arts.squashfs))
    for n in (1, 2, 3):
        fw = broken_boot(nor)
        assert "Saving Environment to Flash..." in fw and "Bootlimit" not in fw, fw
        assert "phram: 'rootfs' squashfs" in fw, fw
        assert fw_printenv(tmp_path, nor)["bootcount"] == str(n)

    c = start(nor, autoboot_stop=False)  # the fourth boot: bootcount 4 > bootlimit 3
    try:
        fw = c.expect(r"Starting kernel \.\.\.", timeout=60).replace("\r", "")
        run = wait_linux(c)
    finally:
        c.close()
    assert "Warning: Bootlimit (3) exceeded. Using altbootcmd." in fw, fw
    assert "== flashboot: loading kernel, DTB and root squashfs (rootfs_b) from NOR" in fw
    assert "phram: 'rootfs_b' squashfs" in fw
    assert run.mtd[0][0::3] == (0, "rootfs_b")  # root B, as the phram device mtd0
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)  # the good root's files, every byte
    said = run.values("fwenv")
    assert said[0].endswith(": bootcount=4 upgrade_available=1"), said
    assert said[-1].startswith("boot marked good: bootcount=0 upgrade_available=0 in copy "), said
    env = fw_printenv(tmp_path, nor)
    assert env["bootcount"] == "0" and env["upgrade_available"] == "0"
    assert env["altbootcmd"] == arts.env["altbootcmd"]  # the rest of the environment as it was

    # the next reset: not armed any more, so nothing is saved and autoboot takes bootcmd (root A) again
    c = start(nor)
    try:
        log = c.boot_log.replace("\r", "")
        assert "Saving Environment" not in log and "Bootlimit" not in log, log
        assert c.cmd("printenv bootcount upgrade_available") == "bootcount=1\nupgrade_available=0"
    finally:
        c.close()
    assert read_stamp(os.path.dirname(broken))["rootfs_id"] != arts.rstamp["rootfs_id"]
