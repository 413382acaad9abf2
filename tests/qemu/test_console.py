"""Console habits of U-Boot users: pasted blocks, Ctrl-C in lists and loops, long lines,
command prefixes, `?`, Enter repeating md, and control flow typed at the prompt."""
import time

from fbconsole import PROMPT


def paste(fb, lines, eol):
    """Send a block in one write, as a terminal paste does; wait for every prompt."""
    fb.child.send(eol.join(lines) + eol)
    for _ in lines:
        fb.child.expect_exact(PROMPT)


def test_paste_30_setenv_lines_crlf_and_lf(fb):
    for eol, tag in (("\r", "cr"), ("\n", "lf"), ("\r\n", "crlf")):
        lines = ["setenv %s%d value%d" % (tag, i, i) for i in range(30)]
        paste(fb, lines, eol)
        out = fb.cmd("echo " + " ".join("${%s%d}" % (tag, i) for i in range(30)))
        assert out == " ".join("value%d" % i for i in range(30))
    assert "Unknown command" not in fb.cmd("echo done")


def test_typed_ahead_while_a_command_runs(fb):
    fb.child.send("sleep 1\r")
    fb.child.send("echo typed\r")  # arrives while sleep runs: kept, not lost
    fb.child.expect_exact("=> echo typed")
    fb.child.expect(r"\ntyped\r+\n=> ")


def test_ctrlc_stops_a_command_list(fb):
    fb.child.send("echo A; sleep 3; echo B\r")
    fb.child.expect(r"\nA\r+\n")
    time.sleep(0.5)
    fb.child.send("\x03")
    fb.child.expect_exact(PROMPT)
    assert "B" not in fb.child.before
    assert fb.cmd("echo $?") == "1"
    assert fb.cmd("echo alive") == "alive"


def test_ctrlc_stops_loops_and_scripts(fb):
    fb.child.send("while true; do true; done; echo after\r")
    fb.child.expect_exact("echo after")  # the echo of the line
    time.sleep(1)
    fb.child.send("\x03")
    fb.child.expect(r"<INTERRUPT>\r+\n=> ")
    assert "after" not in fb.child.before
    fb.cmd("setenv spin 'for i in 1 2 3; do while true; do done; done'")
    fb.child.send("run spin; echo after\r")
    fb.child.expect_exact("echo after")
    time.sleep(1)
    fb.child.send("\x03")
    fb.child.expect_exact(PROMPT)
    assert "after" not in fb.child.before
    assert fb.cmd("echo alive") == "alive"


def test_long_lines_whole_or_refused(fb):
    val = "x" * 4000
    fb.cmd('setenv long "%s"' % val, timeout=30)
    assert fb.cmd("echo ${long}", timeout=30) == val
    line = "setenv cut " + "y" * 5000
    fb.child.send(line + "\r")
    fb.child.expect(r"## Error: line longer than 4096 characters, not run\r+\n=> ", timeout=30)
    assert fb.cmd("printenv cut") == '## Error: "cut" not defined'


def test_prefixes_help_and_repeat(fb):
    fb.cmd("setenv pfx 1")
    assert fb.cmd("printe pfx") == "pfx=1"
    assert fb.cmd("pri pfx") == "pfx=1"
    assert fb.cmd("ech hi") == "hi"
    assert fb.cmd("? echo").startswith("echo - echo args to console")
    assert fb.cmd("e x").startswith("Unknown command 'e'")  # echo, env, erase, exit...
    assert fb.cmd("md").startswith("md - memory display")
    first = fb.cmd("md.b 0x100000 0x10")
    assert first.startswith("00100000:")
    assert fb.cmd("").startswith("00100010:")  # Enter alone: md goes on
    assert fb.cmd("").startswith("00100020:")
    # as U-Boot (Debian's 2023.01): a line is repeated when every command in it is repeatable
    # (echo, printenv, help, crc32, ... are; setenv, setexpr, itest are not), worked or not
    assert fb.cmd("echo x") == "x"
    assert fb.cmd("") == "x"
    assert fb.cmd("printenv pfx; echo y") == "pfx=1\ny"
    assert fb.cmd("") == "pfx=1\ny"
    assert fb.cmd("echo q; setenv pfx 2") == "q"
    assert fb.cmd("") == ""
    assert fb.cmd("setexpr pfx 1 + 1; echo $pfx") == "2"
    assert fb.cmd("") == ""
    assert fb.cmd("run nosuch").startswith('## Error: "nosuch" not defined')
    assert fb.cmd("").startswith('## Error: "nosuch" not defined')
    assert fb.cmd("nosuchcmd").startswith("Unknown command")
    assert fb.cmd("").startswith("Unknown command")
    fb.cmd("mw.l 0x100000 0 2")
    assert fb.cmd("md.b 0x100000 2; echo z") == "00100000: 00 00" + " " * 42 + "  ..\nz"
    assert fb.cmd("") == "00100002: 00 00" + " " * 42 + "  ..\nz"


def test_control_flow_at_the_prompt(fb):
    assert fb.cmd("for p in a b; do if test $p = a; then echo first; else echo $p; fi; done") == \
        "first\nb"
    assert fb.cmd("setenv n 1; while test $n != 111; do setenv n 1$n; echo $n; done") == "11\n111"
    fb.cmd("setenv s 'echo in; if true; then exit 4; fi; echo no'")
    assert fb.cmd("run s; echo rc=$?") == "in\nrc=4"
    assert fb.cmd("exit 2") == "exit not allowed from main input shell."
    assert fb.cmd("echo $?") == "2"
    assert fb.cmd("if true; then echo a") == "syntax error: 'if' without 'fi'"
    assert fb.cmd("echo alive") == "alive"
