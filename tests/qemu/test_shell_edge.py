"""Edge cases of the console, shell, environment and memory commands in QEMU: odd keys, odd sizes, odd names."""
import re
from fbconsole import PROMPT


def typed(fb, keys):
    """Send raw keys ending in Enter; return what the command printed (after its echo line)."""
    fb.send(keys)
    fb.expect("\r\n")  # the end of the echoed line
    out = fb.expect("\n" + PROMPT)
    return out.replace("\r", "").strip("\n")


def test_terminal_key_sequences_insert_nothing(fb):
    # Delete, F5, Home (CSI and SS3 forms), Ctrl-Right, Shift-Up: nothing lands in the line,
    # and the ';' inside ESC [ 1 ; 5 C does not split it into two commands
    for seq in ["\x1b[3~", "\x1b[15~", "\x1b[H", "\x1bOH", "\x1b[1;5C", "\x1b[1;2A"]:
        out = typed(fb, "echo abc" + seq + "def\r")
        assert out == "abcdef", repr(seq)
    # a lone ESC (Alt-key, or a sequence cut short) does not eat the Enter after it
    assert typed(fb, "echo ghi\x1b\r") == "ghi"
    assert typed(fb, "echo jkl\x1b[1;\r") == "jkl"
    assert fb.cmd("echo alive") == "alive"


def test_cmp_refuses_unaligned_addresses(fb):
    # an unaligned word load on the ARM926 returns rotated data: cmp.l would report a
    # difference that is not there (md, mw and cp already refuse such addresses)
    fb.cmd("mw.b 0x100000 0x5a 0x20")
    assert fb.cmd("cmp.l 0x100001 0x100009 2") == "## Error: addresses must be aligned to 4 bytes"
    assert fb.cmd("cmp.w 0x100000 0x100003 2") == "## Error: addresses must be aligned to 2 bytes"
    assert fb.cmd("cmp.b 0x100001 0x100009 8") == "Total of 8 byte(s) were the same"
    assert fb.cmd("cmp.l 0x100004 0x100008 2") == "Total of 2 word(s) were the same"


def test_huge_counts_get_an_error_line(fb):
    fb.cmd("mw.l 0x100000 0x11223344")
    for line in ["md 0x100000 0x40000001", "md.b 0x100000 0x10000001",
                 "mw.l 0x100000 0 0x40000001", "cp.l 0x100000 0x200000 0x40000001",
                 "cp.b 0x100000 0x200000 0xffffffff", "cmp.w 0x100000 0x200000 0x80000000"]:
        out = fb.cmd(line)
        assert re.fullmatch(r"## Error: count 0x[0-9a-f]+ is too large", out), (line, out)
    assert fb.cmd("md.l 0x100000 1").startswith("00100000: 11223344")


def test_printenv_shows_long_names_whole(fb):
    name = "n" * 150
    fb.cmd("setenv %s v1" % name)
    assert fb.cmd("printenv %s" % name) == "%s=v1" % name
    lines = fb.cmd("printenv").splitlines()
    assert "%s=v1" % name in lines


def test_long_variable_names_expand(fb):
    name = "w" * 100
    fb.cmd("setenv %s wide" % name)
    assert fb.cmd("echo ${%s} $%s" % (name, name)) == "wide wide"


def test_env_default_and_import_register_the_partitions_they_set(fb):
    fb.cmd("mtdparts delall")
    fb.cmd("mtdparts add nor0 1m@32m kernel")
    assert fb.cmd("env default -a") == "## Resetting to default environment"
    # the partitions follow the variable again: firmware is back and read-only
    out = fb.cmd("mtd list")
    assert '0x000000000000-0x000000040000 : "firmware" (read-only)' in out
    assert '0x000000140000-0x000000940000 : "kernel"' in out
    assert fb.cmd("nor erase firmware") == "## Error: firmware is read-only; erase refused"
    # env import of a mtdparts line does the same
    text = "mtdparts=mtdparts=34000000.flash:1m(boot)ro,-(rest)\n"
    for i in range(0, len(text), 4):
        word = int.from_bytes(text[i:i + 4].encode().ljust(4, b"\0"), "little")
        fb.cmd("mw.l 0x%x 0x%08x" % (0x100000 + i, word))
    fb.cmd("mw.l 0x%x 0" % (0x100000 + (len(text) + 3) // 4 * 4))
    assert fb.cmd("env import -t 0x100000 0x%x" % len(text)) == ""
    out = fb.cmd("mtd list")
    assert '"boot" (read-only)' in out and '"rest"' in out and '"kernel"' not in out
    # an unchanged mtdparts leaves the table alone (no messages)
    fb.cmd("env export -t 0x200000")
    assert fb.cmd("env import -t 0x200000 0x1000") == ""
