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
