"""U-Boot's environment commands at the QEMU console: env exists/delete/default var, setenv -f, printenv -a,
crc32 -v, boot/bootd; and the environment boot counter (bootcount, bootlimit, upgrade_available, altbootcmd)
across real resets of QEMU on the same NOR image, checked afterwards with Debian's fw_printenv."""
import binascii
import subprocess


import pytest
from fbconsole import Console, PROMPT, make_nor_image, nor_env, tool

RAM = 0x00100000


def test_env_exists_and_delete(fb):
    fb.cmd("setenv a 1")
    assert fb.cmd("env exists a; echo $?") == "0"
    assert fb.cmd("env exists nosuch; echo $?") == "1"  # silent, only the status says it
    assert fb.cmd("env delete nosuch; echo $?") == "1"  # a missing name fails without a word
    assert fb.cmd("setenv b 2; env delete -f a b; echo $?") == "0"
    assert fb.cmd("env exists a || env exists b || echo gone") == "gone"
    assert fb.cmd("setenv c 3; env delete c nosuch; echo $?") == "1"
    assert fb.cmd("env exists c; echo $?") == "1"  # deleted even though another name failed
    assert "Usage" in fb.cmd("env delete")
    assert "Usage" in fb.cmd("env delete -x a")
    assert "Usage" in fb.cmd("env exists")


def test_subcommand_names(fb):
    """Each command names its sub-commands as U-Boot's does: env and mtd by a unique prefix, fdt by its
    first letters, nand/nor by the whole name."""
    fb.cmd("setenv abc 1")
    assert fb.cmd("env pri abc") == "abc=1"
    assert fb.cmd("env exi abc; echo $?") == "0"
    assert "Usage" in fb.cmd("env ex abc")  # exists or export
    assert "Usage" in fb.cmd("env s abc 2")  # save or set
    assert fb.cmd("env se abc 2; env print.x abc") == "abc=2"  # the part before the dot
    assert fb.cmd("mtd li").startswith("List of MTD devices:")
    assert fb.cmd("mtd r nor0 %x 0 100" % RAM) == "Read 0x100 bytes from nor0 at 0x0"
    assert "Usage" in fb.cmd("nor inf")  # whole names only
    assert fb.cmd("nor info") == fb.cmd("flinfo")
    assert "Usage" in fb.cmd("env nosuch")


def test_setenv_force_and_print_all(fb):
    assert fb.cmd("setenv -f x forced value; printenv x") == "x=forced value"
    assert fb.cmd("env set -f x again; printenv x") == "x=again"
    assert fb.cmd("setenv -f x; echo $?; env exists x; echo $?") == "0\n1"  # -f with no value deletes
    assert "Usage" in fb.cmd("setenv -q x 1")
    assert "Usage" in fb.cmd("setenv -f")
    fb.cmd("setenv .hidden yes; setenv shown yes")
    plain = fb.cmd("printenv")
    every = fb.cmd("printenv -a")
    assert "shown=yes" in plain and ".hidden=yes" not in plain  # U-Boot hides '.' names in the listing
    assert ".hidden=yes" in every and "shown=yes" in every
    assert fb.cmd("env print -a .hidden") == ".hidden=yes"
    assert fb.cmd("printenv .hidden") == ".hidden=yes"  # a name asked for is always shown


def test_env_default_named_variables(fb):
    fb.cmd("setenv bootdelay 9; setenv scriptaddr 0x100; setenv mine kept")
    assert fb.cmd("env default bootdelay scriptaddr mine; echo $?") == "0"
    assert fb.cmd("printenv bootdelay scriptaddr mine") == "bootdelay=2\nscriptaddr=0x00600000\nmine=kept"
    fb.cmd("setenv bootdelay 7")
    assert fb.cmd("env default -f bootdelay; printenv bootdelay") == "bootdelay=2"
    assert "Usage" in fb.cmd("env default")
    assert "Usage" in fb.cmd("env default -a bootdelay")  # all or names, not both
    assert "Usage" in fb.cmd("env default -z bootdelay")
    out = fb.cmd("env default -f -a")
    assert out == "## Resetting to default environment"
    assert fb.cmd("env exists mine; echo $?") == "1"


def test_crc32_verify_and_store(fb):

    fb.cmd("mw.b %x 5a 400" % RAM)
    crc = binascii.crc32(b"\x5a" * 0x400)
    assert fb.cmd("crc32 -v %x 400 %08x; echo $?" % (RAM, crc)) == "0"  # a match prints nothing
    out = fb.cmd("crc32 -v %x 400 12345678; echo $?" % RAM)
    assert out == "crc32 for %08x ... %08x ==> %08x != 12345678 ** ERROR **\n1" % (RAM, RAM + 0x3ff, crc)
    # the store is big-endian (U-Boot's digest bytes); -v reads it back with *addr
    fb.cmd("crc32 %x 400 %x" % (RAM, RAM + 0x1000))
    assert fb.cmd("md.b %x 4" % (RAM + 0x1000)).split()[1:5] == ["%02x" % b for b in crc.to_bytes(4, "big")]
    assert fb.cmd("crc32 -v %x 400 *%x; echo $?" % (RAM, RAM + 0x1000)) == "0"
    fb.cmd("setenv want %08x" % crc)
    assert fb.cmd("crc32 -v %x 400 want; echo $?" % RAM) == "0"
    fb.cmd("setenv short 123")
    assert fb.cmd("crc32 -v %x 400 short; echo $?" % RAM) == \
        "Expected 8 hex digits in env var\nERROR: short does not contain a valid crc32 sum\n1"
    assert "Usage" in fb.cmd("crc32 -v %x 400" % RAM)



def test_boot_and_bootd_run_bootcmd(fb):
    fb.cmd("setenv bootcmd 'echo booting via bootcmd; env exists nosuch'")
    assert fb.cmd("boot; echo $?") == "booting via bootcmd\n1"
    fb.cmd("setenv bootcmd echo ok")
    assert fb.cmd("bootd; echo $?") == "ok\n0"
    fb.cmd("setenv bootcmd")
    assert fb.cmd("boot; echo $?") == '## Error: "bootcmd" not defined\n1'
    assert "Usage" in fb.cmd("boot now")


# ---------------------------------------------------------------- boot counting across resets

ENV_OFF, ENV_SIZE = 0x40000, 0x10000


def env_image(tmp_path, text):
    """A NOR image whose redundant environment is what Debian's mkenvimage makes of text."""
    txt = tmp_path / "env.txt"
    txt.write_text(text)
    envimg = tmp_path / "env.bin"
    subprocess.run([tool("mkenvimage"), "-r", "-s", hex(ENV_SIZE), "-o", str(envimg), str(txt)], check=True)
    return make_nor_image(tmp_path / "nor.img", [(ENV_OFF, envimg.read_bytes())])


def fw_printenv(tmp_path, img):
    return nor_env(img, tmp_path)


def one_boot(img):
    """A reset of the board: QEMU started on img, autoboot runs; its output up to the prompt."""
    c = Console.qemu_nor(img, timeout=30)
    try:
        c.child.expect_exact(PROMPT)
        return c.child.before.replace("\r", "")
    finally:
        c.close()


AB_ENV = ("bootdelay=0\nmtdids=nor0=34000000.flash\n"
          "mtdparts=mtdparts=34000000.flash:256k(firmware)ro,512k(env),-(rest)\n"
          "bootcmd=echo BOOT-A\naltbootcmd=echo BOOT-B\nbootlimit=3\n")


def test_bootcount_switches_to_altbootcmd_after_bootlimit(tmp_path):
    img = env_image(tmp_path, AB_ENV + "upgrade_available=1\n")
    for n in (1, 2, 3):
        out = one_boot(img)
        assert "Saving Environment to Flash..." in out and "BOOT-A" in out and "BOOT-B" not in out, out
        assert fw_printenv(tmp_path, img)["bootcount"] == str(n)
    out = one_boot(img)  # the fourth boot: 4 > bootlimit
    # as U-Boot's bootdelay_process: the warning, then the countdown (bootdelay 0), then altbootcmd
    assert "Warning: Bootlimit (3) exceeded. Using altbootcmd.\nHit any key to stop autoboot:  0 \nBOOT-B" in out, out
    assert "BOOT-A" not in out
    env = fw_printenv(tmp_path, img)
    assert env["bootcount"] == "4" and env["upgrade_available"] == "1"
    out = one_boot(img)  # stays on B while nobody clears it
    assert "BOOT-B" in out and fw_printenv(tmp_path, img)["bootcount"] == "5"


def test_bootcount_not_saved_without_upgrade_available(tmp_path):
    img = env_image(tmp_path, AB_ENV + "bootcount=7\n")
    before = open(img, "rb").read()
    for _ in range(2):
        out = one_boot(img)
        assert "BOOT-A" in out and "Saving Environment" not in out, out
    assert open(img, "rb").read() == before  # not one byte written
    c = Console.qemu_nor(img, timeout=30)
    try:
        c.child.expect_exact(PROMPT)
        assert c.cmd("printenv bootcount") == "bootcount=1"  # counted in RAM only, from 0
    finally:
        c.close()


@pytest.mark.parametrize("limit", ["0", ""])
def test_bootlimit_zero_or_unset_never_falls_back(tmp_path, limit):
    env = AB_ENV.replace("bootlimit=3\n", "bootlimit=%s\n" % limit if limit else "")
    img = env_image(tmp_path, env + "upgrade_available=1\nbootcount=41\n")
    out = one_boot(img)
    assert "BOOT-A" in out and "Bootlimit" not in out, out
    assert fw_printenv(tmp_path, img)["bootcount"] == "42"

