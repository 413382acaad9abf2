"""A/B on the sim board (mini2440 NAND): U-Boot's environment boot counter across real `reset`s (the sim
restarts itself on the same images), roots A and B in their own NAND partitions, loaded by phram."""
import os
import random
import struct
import subprocess

from fbconsole import PROMPT, ROOT as TOP
from simhelp import seen

MKFLASH = os.path.join(TOP, "tools", "mkflash")
SCRIPTS = os.path.join(TOP, "tests", "scripts")
MTDPARTS = "mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),256k(script),32m(root_a),-(root_b)"
SIM_HANDOFF = "## Error: not on the sim board: the host cannot run the kernel"

BOARD_ENV = {
    "bootdelay": "0", "mtdids": "nand0=nand", "mtdparts": MTDPARTS,
    "kernel_addr_r": "0x30800000", "scriptaddr": "0x30600000", "console": "ttySAC0,115200",
    "loadkernel": "nand read ${kernel_addr_r} kernel",
}


def fake_zimage(size=200 * 1024):
    k = bytearray(random.Random(2440).randbytes(size))
    struct.pack_into("<III", k, 0x24, 0x016F2818, 0, size)
    return bytes(k)


def squashfs(tmp_path, name):
    src = tmp_path / ("tree-" + name)
    src.mkdir()
    (src / "slot").write_text(name + "\n")
    out = tmp_path / (name + ".squashfs")
    subprocess.run(["mksquashfs", str(src), str(out), "-noappend", "-all-root", "-quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def nand_image(board, tmp_path, env, extra=()):
    (tmp_path / "zImage").write_bytes(fake_zimage())
    (tmp_path / "env.txt").write_text("".join("%s=%s\n" % kv for kv in env.items()))
    files = ["kernel=%s" % (tmp_path / "zImage"), "root_a=%s" % squashfs(tmp_path, "A"),
             "root_b=%s" % squashfs(tmp_path, "B"), "env=%s" % (tmp_path / "env.txt")] + list(extra)
    subprocess.run(["/usr/bin/python3", MKFLASH, "nand", "-o", board.nand, "--mtdparts", MTDPARTS] + files,
                   check=True, cwd=TOP)


def to_prompt(sim):
    """From power-on or reset: autoboot (bootdelay 0) runs to the handoff, then the prompt; its output."""
    ch = sim.c.child
    ch.expect_exact(PROMPT, timeout=60)
    return seen(ch.before)


def reset(sim):
    sim.c.child.send("reset\r")
    sim.c.child.expect_exact("resetting ...")
    return to_prompt(sim)


def test_bootcount_falls_back_to_altbootcmd(board, tmp_path):
    env = dict(BOARD_ENV, upgrade_available="1", bootlimit="2",
               bootcmd="run loadkernel; phram load root_a && bootz ${kernel_addr_r}",
               altbootcmd="run loadkernel; phram load root_b && bootz ${kernel_addr_r}")
    nand_image(board, tmp_path, env)
    sim = board.start(autoboot=True, timeout=60)
    outs = [to_prompt(sim), reset(sim), reset(sim)]
    for out in outs[:2]:
        assert "Saving Environment to NAND..." in out and "phram: 'root_a' squashfs" in out, out
        assert SIM_HANDOFF in out and "Bootlimit" not in out
    assert "Warning: Bootlimit (2) exceeded. Using altbootcmd." in outs[2], outs[2]
    assert "phram: 'root_b' squashfs" in outs[2] and "root_a" not in outs[2]
    assert sim.cmd("printenv bootcount") == "bootcount=3"
    # what Linux's fw_setenv does after a good boot, typed here
    sim.ok("setenv bootcount 0; setenv upgrade_available 0; saveenv")
    out = reset(sim)
    assert "Saving Environment" not in out and "phram: 'root_a' squashfs" in out, out
    assert sim.cmd("printenv bootcount upgrade_available") == "bootcount=1\nupgrade_available=0"


def script_image(tmp_path, name):
    out = tmp_path / (name + ".scr")
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", name,
                    "-d", os.path.join(SCRIPTS, name + ".cmd"), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def test_ab_bootcount_script_image(board, tmp_path):
    """The Mender-shaped script image (tests/scripts/ab-bootcount.cmd) from NAND: root B never comes up,
    after bootlimit resets altbootcmd switches boot_part back to A."""
    env = dict(BOARD_ENV, slot_a_part="root_a", slot_b_part="root_b", boot_part="b", upgrade_available="1",
               bootlimit="1", bootcmd="nand read ${scriptaddr} script && source ${scriptaddr}",
               altbootcmd="if test ${boot_part} = a; then setenv boot_part b; else setenv boot_part a; fi; "
                          "setenv upgrade_available 0; saveenv; run bootcmd")
    nand_image(board, tmp_path, env, ["script=%s" % script_image(tmp_path, "ab-bootcount")])
    sim = board.start(autoboot=True, timeout=60)
    out = to_prompt(sim)
    assert "Trying the updated root root_b: boot 1 of at most 1" in out and "phram: 'root_b' squashfs" in out, out
    out = reset(sim)
    assert "Warning: Bootlimit (1) exceeded. Using altbootcmd." in out, out
    assert "phram: 'root_a' squashfs" in out and SIM_HANDOFF in out and "Trying" not in out
    assert sim.cmd("printenv boot_part upgrade_available") == "boot_part=a\nupgrade_available=0"
    out = reset(sim)
    assert "phram: 'root_a' squashfs" in out and "Saving Environment" not in out, out


def test_ab_selection_script_image(board, tmp_path):
    """The same A/B script image as on QEMU (tests/scripts/ab-select.cmd), here from NAND, across resets."""
    env = dict(BOARD_ENV, slot_a_part="root_a", slot_b_part="root_b", BOOT_A_LEFT="2", BOOT_B_LEFT="1",
               bootcmd="nand read ${scriptaddr} script && source ${scriptaddr}")
    nand_image(board, tmp_path, env, ["script=%s" % script_image(tmp_path, "ab-select")])
    sim = board.start(autoboot=True, timeout=60)
    outs = [to_prompt(sim), reset(sim), reset(sim)]
    assert "Found valid slot A, 2 attempts remaining" in outs[0] and "phram: 'root_a' squashfs" in outs[0]
    assert "Found valid slot A, 1 attempts remaining" in outs[1] and "phram: 'root_a' squashfs" in outs[1]
    assert "Found valid slot B, 1 attempts remaining" in outs[2] and "phram: 'root_b' squashfs" in outs[2]
    for out in outs:
        assert "Saving Environment to NAND..." in out and SIM_HANDOFF in out, out
        assert "rauc.slot=" in out
    assert sim.cmd("printenv BOOT_A_LEFT BOOT_B_LEFT") == "BOOT_A_LEFT=0\nBOOT_B_LEFT=0"
    # no slot left: the script resets the counters, saves and resets the board
    sim.c.child.send("reset\r")
    sim.c.child.expect_exact("No valid slot found, resetting tries to 3", timeout=60)
    sim.c.child.expect_exact("resetting ...", timeout=60)
    out = to_prompt(sim)
    assert "Found valid slot A, 3 attempts remaining" in out, out


