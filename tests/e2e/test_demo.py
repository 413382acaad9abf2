"""make run's demo as a user meets it: tools/mkdemo.sh builds the NOR image, Linux ends at the init's
shell, and the image (with a saveenv) is kept across runs until its inputs change or it is deleted."""
import os
import subprocess

import pexpect

from conftest import FW, LINUX_TIMEOUT, TOOLS, start

SH = "/ # "


def mkdemo(d):
    r = subprocess.run(["bash", os.path.join(TOOLS, "mkdemo.sh"), str(d)], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, check=True)
    return r.stderr


def sh(c, line):
    """Type a line at the init's shell; return its output."""
    c.child.send(line + "\r")
    c.child.expect_exact(line)
    c.child.expect_exact(SH)
    return c.child.before.replace("\r", "")


def test_demo_shell_and_kept_environment(tmp_path):
    assert os.path.exists(FW)
    assert "mkdemo: made" in mkdemo(tmp_path)
    nor = str(tmp_path / "nor.img")

    c = start(nor)
    try:
        c.cmd("setenv demo_mark 42")
        assert "OK" in c.cmd("saveenv", timeout=30)
        c.child.send("boot\r")
        c.expect("FLASHBOOT-INIT: done", timeout=LINUX_TIMEOUT)
        c.child.expect_exact(SH, timeout=60)
        mtd = sh(c, "mtd")
        assert 'mtd0: ' in mtd and '"rootfs"' in mtd
        assert '"kernel"' in mtd
        assert " / squashfs ro" in sh(c, "mount")
        assert "flashboot.shell" in sh(c, "cat /proc/cmdline")
        assert "pad.bin" in sh(c, "ls /")
        assert "unknown command" in sh(c, "frobnicate")
        c.child.send("reboot\r")
        c.child.expect(pexpect.EOF, timeout=60)  # make run's QEMU has -no-reboot
    finally:
        c.close()

    # the next make run keeps the image, so the saved variable is still there
    assert "mkdemo: keeping" in mkdemo(tmp_path)
    c = start(nor)
    try:
        assert c.cmd("printenv demo_mark").strip() == "demo_mark=42"
    finally:
        c.close()

    # make run-reset (deleting the image) starts again from tools/demo/env.txt
    os.unlink(nor)
    assert "mkdemo: made" in mkdemo(tmp_path)
    c = start(nor)
    try:
        assert "not defined" in c.cmd("printenv demo_mark")
    finally:
        c.close()
