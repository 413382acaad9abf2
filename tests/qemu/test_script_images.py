"""Real boot scripts as U-Boot users write them, made into images with Debian's mkimage -T script and run from
NOR by autoboot across real resets of QEMU on one NOR image, checked with Debian's fw_printenv: A/B selection in
Mender's shape (boot_part, U-Boot's bootcount/bootlimit/altbootcmd switching back)."""
import os
import subprocess

import pexpect

from fbconsole import ROOT, Console, PROMPT, nor_env, tool

SCRIPTS = os.path.join(ROOT, "tests", "scripts")
MKFLASH = os.path.join(ROOT, "tools", "mkflash")
MTDPARTS = ("mtdparts=34000000.flash:256k(firmware)ro,512k(env),256k(dtb),256k(script),8m(kernel),"
            "24m(rootfs),-(rootfs_b)")


def script_image(tmp_path, name):
    out = tmp_path / (name + ".scr")
    subprocess.run([tool("mkimage"), "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", name,
                    "-d", os.path.join(SCRIPTS, name + ".cmd"), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def squashfs(tmp_path, name):
    src = tmp_path / ("tree-" + name)
    src.mkdir()
    (src / "slot").write_text(name + "\n")
    out = tmp_path / (name + ".squashfs")
    subprocess.run([tool("mksquashfs"), str(src), str(out), "-noappend", "-all-root", "-quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def nor_image(tmp_path, env, files):
    txt = tmp_path / "env.txt"
    txt.write_text("".join("%s=%s\n" % kv for kv in env.items()))
    img = tmp_path / "nor.img"
    args = ["/usr/bin/python3", MKFLASH, "nor", "-o", str(img), "--mtdparts", MTDPARTS, "env=%s" % txt]
    subprocess.run(args + ["%s=%s" % kv for kv in files.items()], check=True)
    return img


def fw_printenv(tmp_path, img):
    return nor_env(img, tmp_path)


def one_boot(img, reset=False):
    """A power-on: autoboot sources the script from NOR; the output up to the prompt, or with reset up to
    the board's reset, which QEMU's -no-reboot turns into an exit."""
    c = Console.qemu_nor(img, timeout=30)
    try:
        if reset:
            c.child.expect_exact("resetting ...")
            out = c.child.before
            c.child.expect(pexpect.EOF)
        else:
            c.child.expect_exact(PROMPT)
            out = c.child.before
        return out.replace("\r", "")
    finally:
        c.close()


BOARD_ENV = {
    "bootdelay": "0", "mtdids": "nor0=34000000.flash", "mtdparts": MTDPARTS,
    "kernel_addr_r": "0x00800000", "scriptaddr": "0x00600000", "console": "ttyAMA0",
    "slot_a_part": "rootfs", "slot_b_part": "rootfs_b",
    "loadkernel": "nor read ${kernel_addr_r} kernel",
    "bootcmd": "nor read ${scriptaddr} script && source ${scriptaddr}",
}


def test_ab_bootcount_script_switches_back_after_bootlimit(tmp_path):
    """An update to B that never comes up: two counted boots of B, then altbootcmd puts boot_part back to A."""
    env = dict(BOARD_ENV, boot_part="b", upgrade_available="1", bootlimit="2",
               altbootcmd="if test ${boot_part} = a; then setenv boot_part b; else setenv boot_part a; fi; "
                          "setenv upgrade_available 0; saveenv; run bootcmd")
    img = nor_image(tmp_path, env, {"script": script_image(tmp_path, "ab-bootcount"),
                                    "rootfs": squashfs(tmp_path, "A"), "rootfs_b": squashfs(tmp_path, "B")})
    for n in (1, 2):
        out = one_boot(img)
        assert "Trying the updated root rootfs_b: boot %d of at most 2" % n in out, out
        assert "phram: 'rootfs_b' squashfs" in out and "Saving Environment to Flash..." in out
    out = one_boot(img)
    assert "Warning: Bootlimit (2) exceeded. Using altbootcmd." in out, out
    assert "Loading kernel and root (rootfs)" in out and "phram: 'rootfs' squashfs" in out
    assert "Trying" not in out
    env = fw_printenv(tmp_path, img)
    assert (env["boot_part"], env["upgrade_available"], env["bootcount"]) == ("a", "0", "3")
    out = one_boot(img)  # settled on A: nothing counted or saved any more
    assert "phram: 'rootfs' squashfs" in out and "Saving Environment" not in out and "Bootlimit" not in out


def test_ab_selection_script_counts_down_each_slot(tmp_path):
    img = nor_image(tmp_path, dict(BOARD_ENV, BOOT_B_LEFT="2"),
                    {"script": script_image(tmp_path, "ab-select"), "rootfs": squashfs(tmp_path, "A"),
                     "rootfs_b": squashfs(tmp_path, "B")})
    seen = []
    for left in ("3", "2", "1"):
        out = one_boot(img)
        assert "## Executing script at 00600000" in out
        assert "Found valid slot A, %s attempts remaining" % left in out, out
        assert "Loading kernel and root (rootfs) of slot A" in out and "phram: 'rootfs' squashfs" in out, out
        # the kernel partition is blank here: bootz refuses it, after the script got that far
        assert " Starting kernel\n" in out
        seen.append(fw_printenv(tmp_path, img)["BOOT_A_LEFT"])
    assert seen == ["2", "1", "0"]  # setexpr's hex counter, saved by the script's saveenv
    for left in ("2", "1"):
        out = one_boot(img)
        assert "Found valid slot B, %s attempts remaining" % left in out and "slot A" not in out, out
        assert "phram: 'rootfs_b' squashfs" in out
    env = fw_printenv(tmp_path, img)
    assert (env["BOOT_A_LEFT"], env["BOOT_B_LEFT"], env["BOOT_ORDER"]) == ("0", "0", "A B")
    out = one_boot(img, reset=True)  # nothing left: both counters back to 3, saved, reset
    assert "No valid slot found, resetting tries to 3" in out, out
    env = fw_printenv(tmp_path, img)
    assert (env["BOOT_A_LEFT"], env["BOOT_B_LEFT"]) == ("3", "3")
    out = one_boot(img)
    assert "Found valid slot A, 3 attempts remaining" in out


