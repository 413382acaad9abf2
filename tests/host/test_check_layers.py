"""tools/check-layers.sh: the tree passes with its allow-list; a new call, include or weak link into a
higher layer fails, and so does an allow-list line for a violation that is gone."""
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ["bash", str(ROOT / "tools" / "check-layers.sh")]
ALLOW = ROOT / "tools" / "layers-allow.txt"


def run(*args):
    return subprocess.run(CHECK + list(args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)


@pytest.fixture(scope="module")
def built():
    for b in ("versatilepb", "mini2440", "sim"):
        subprocess.run(["make", "-s", "--no-print-directory", "BOARD=" + b, "all"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)


def cmd_function():
    """A global function of the cmd/ layer (looked up, so the test follows the code)."""
    for o in sorted((ROOT / "out" / "versatilepb" / "cmd").glob("*.o")):
        out = subprocess.run(["arm-none-eabi-nm", "--defined-only", str(o)], stdout=subprocess.PIPE,
                             text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] == "T":
                return f[2]
    raise AssertionError("no global function in out/versatilepb/cmd")


def compile_as(tmp_path, name, code):
    src = tmp_path / (name + ".c")
    src.write_text(code)
    obj = tmp_path / (name + ".o")
    subprocess.run(["arm-none-eabi-gcc", "-c", "-Os", "-I", str(ROOT / "include"), "-o", str(obj), str(src)],
                   check=True)
    return src, obj


def test_tree_passes(built):
    r = run()
    assert r.returncode == 0, r.stdout
    assert "0 new or stale" in r.stdout


def test_call_into_cmd_from_mtd_fails(built, tmp_path):
    fn = cmd_function()
    _, obj = compile_as(tmp_path, "evil", "void %s(void);\nvoid evil(void) { %s(); }\n" % (fn, fn))
    r = run("--extra", "%s=mtd/evil.c" % obj)
    assert r.returncode == 1, r.stdout
    assert "check-layers: mtd/evil.c: calls into a higher layer: %s (cmd/" % fn in r.stdout


def test_include_of_higher_header_fails(built, tmp_path):
    # a timer driver including the boot layer's header
    src, obj = compile_as(tmp_path, "zz", '#include "image.h"\nint zz_layer_test;\n')
    r = run("--extra", "%s=drivers/timer/zz.c=%s" % (obj, src))
    assert r.returncode == 1, r.stdout
    assert "drivers/timer/zz.c: includes a higher layer's header: include/image.h" in r.stdout


def test_weak_hook_across_layers_fails(built, tmp_path):
    fn = cmd_function()
    _, obj = compile_as(tmp_path, "hook", "__attribute__((weak)) void %s(void) { }\n" % fn)
    r = run("--extra", "%s=drivers/timer/hook.c" % obj)
    assert r.returncode == 1, r.stdout
    assert "drivers/timer/hook.c: weak symbol overridden from another layer: %s" % fn in r.stdout


def test_stale_allow_line_fails(built, tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text(ALLOW.read_text() + "call mtd/mtdcore.c no_such_function\n")
    r = run("--allow", str(allow))
    assert r.returncode == 1, r.stdout
    assert "fixed, remove the line 'call mtd/mtdcore.c no_such_function'" in r.stdout


def long_source(body_lines):
    """A command with a function of body_lines lines between its braces (so body_lines + 2 in all), a
    longer table and comments/strings holding braces, which count for nothing."""
    body = "".join("\tn += %d; /* { */\n" % i for i in range(body_lines - 1))
    table = "static const int tbl[] = {\n" + "".join("\t%d,\n" % i for i in range(80)) + "};\n"
    return (table + "int cmd_long_test(int n);\nint cmd_long_test(int n)\n{\n" + body +
            '\treturn n + (int)sizeof("}}");\n}\n')


def test_long_cmd_function_fails(built, tmp_path):
    src, obj = compile_as(tmp_path, "longfn", long_source(59))  # 61 lines from brace to brace
    r = run("--extra", "%s=cmd/longfn.c=%s" % (obj, src))
    assert r.returncode == 1, r.stdout
    assert "check-layers: cmd/longfn.c:85: cmd_long_test() is 61 lines from brace to brace, more than 60" \
        in r.stdout
    src, obj = compile_as(tmp_path, "okfn", long_source(58))  # 60: allowed; tables are not functions
    r = run("--extra", "%s=cmd/okfn.c=%s" % (obj, src))
    assert r.returncode == 0, r.stdout
    # the same function outside cmd/ is not limited
    src, obj = compile_as(tmp_path, "longlib", long_source(59))
    assert run("--extra", "%s=mtd/longlib.c=%s" % (obj, src)).returncode == 0
