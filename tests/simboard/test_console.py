"""Pasted blocks and Ctrl-C on the sim board's console (the mini2440 firmware on a pty)."""
import time

from simhelp import PROMPT


def test_paste_30_setenv_lines(sim):
    ch = sim.c.child
    for eol, tag in (("\n", "lf"), ("\r", "cr"), ("\r\n", "crlf")):
        lines = ["setenv %s%d value%d" % (tag, i, i) for i in range(30)]
        ch.send(eol.join(lines) + eol)
        for _ in lines:
            ch.expect_exact(PROMPT)
        assert sim.cmd("echo " + " ".join("${%s%d}" % (tag, i) for i in range(30))) == \
            " ".join("value%d" % i for i in range(30))


def test_ctrlc_stops_list_and_loop(sim):
    ch = sim.c.child
    ch.send("echo A; sleep 3; echo B\r")
    ch.expect_exact("echo B")
    ch.expect(r"\nA\r+\n")
    time.sleep(0.5)
    ch.send("\x03")
    ch.expect_exact(PROMPT)
    assert "B" not in ch.before
    ch.send("while true; do done; echo after\r")
    ch.expect_exact("echo after")
    time.sleep(0.5)
    ch.send("\x03")
    ch.expect_exact(PROMPT)
    assert "after" not in ch.before
    assert sim.cmd("echo alive") == "alive"
