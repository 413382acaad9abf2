"""The foundation in QEMU: banner, prompt, help, memory commands, crc32, autoboot, exceptions, refusals."""
import binascii
import os
import re
import time
import pytest
from fbconsole import Console, firmware, make_nor_image, parse_md, read_at, PROMPT


def test_banner_and_prompt_fast():
    """The prompt comes within 2 s of QEMU starting. Judged on the guest's own clock
    (bdinfo's start-up figure), so a loaded CI machine cannot make it flake; the wall
    time only has to stay clear of a hang."""
    t0 = time.monotonic()
    c = Console.qemu()
    try:
        c.expect(r"flashboot \S+ \(\S+\) for versatilepb", timeout=10)
        c.expect("DRAM:  128 MiB")
        c.stop_autoboot()
        assert time.monotonic() - t0 < 10
        ns = int(re.search(r"start-up    = (\d+) ns", c.cmd("bdinfo")).group(1))
        assert 0 < ns < 2_000_000_000, "start-up took %d ns" % ns
    finally:
        c.close()


@pytest.mark.parametrize("kind", ["elf", "bin"])
def test_boots_as_elf_and_raw_image(kind):
    c = Console.qemu(kernel=firmware(kind=kind))
    try:
        c.stop_autoboot()
        out = c.cmd("bdinfo")
        assert "relocaddr   = 0x07e00000" in out
        if kind == "bin":
            assert "loaded at   = 0x00010000 (r0 0x0, r1 0x183, r2 0x100)" in out
        else:
            assert "loaded at   = 0x07e00000 (r0 0x0, r1 0x0, r2 0x0)" in out
    finally:
        c.close()


def test_atag_mem_cross_check():
    c = Console.qemu(mem="256M")
    try:
        log = c.stop_autoboot()
        assert "ATAG_MEM says 256 MiB of RAM, board has 128 MiB; using 128 MiB" in log
        assert "DRAM:  128 MiB" in log
    finally:
        c.close()


def test_too_little_ram_says_so():
    """A 128 MiB build started with 64 MiB: one line on the UART instead of a silent hang."""
    c = Console.qemu(mem="64M")
    try:
        c.expect("flashboot: no RAM at its link address 0x07e00000 \\(top of the window\\): "
                 "this build needs more memory")
    finally:
        c.close()


def test_help_lists_commands(fb):
    out = fb.cmd("help")
    for name in ["md", "mw", "cp", "cmp", "crc32", "printenv", "setenv", "env", "run",
                 "sleep", "go", "reset", "bdinfo", "version", "echo"]:
        assert re.search(r"^%s\s+- " % name, out, re.M), name
    out = fb.cmd("help md")
    assert "md - memory display" in out and "[.b, .w, .l] address" in out


def test_version(fb):
    assert re.match(r"flashboot \S+ \(\S+\) for versatilepb", fb.cmd("version"))


def test_mw_md_layout(fb):
    fb.cmd("mw.l 0x100000 0x64636261 4")
    out = fb.cmd("md.l 0x100000 4")
    # U-Boot 2023.01 (Debian's u-boot-qemu, and test/common/print.c): two spaces before the
    # ASCII column, a short last line padded so the ASCII column stays in place
    assert out == "00100000: 64636261 64636261 64636261 64636261  abcdabcdabcdabcd"
    fb.cmd("mw.b 0x100003 0x7f")
    out = fb.cmd("md.b 0x100000 5")
    assert out == "00100000: 61 62 63 7f 61" + " " * 33 + "  abc.a"
    fb.cmd("mw.w 0x100010 0x0a41")
    out = fb.cmd("md.w 0x100000 9")
    assert out.split("\n") == ["00100000: 6261 7f63 6261 6463 6261 6463 6261 6463  abc.abcdabcdabcd",
                                "00100010: 0a41" + " " * 35 + "  A."]


def test_md_continues_from_last(fb):
    fb.cmd("mw.l 0x200000 0x11111111 8")
    fb.cmd("md.l 0x200000 4")
    out = fb.cmd("")  # as U-Boot: Enter alone goes on; md without an address prints usage
    assert out.startswith("00200010: 11111111")
    assert fb.cmd("md.l").startswith("md - memory display")


def test_cp_and_cmp(fb):
    fb.cmd("mw.l 0x300000 0xdeadbeef 0x40")
    fb.cmd("cp.l 0x300000 0x310000 0x40")
    assert fb.cmd("cmp.l 0x300000 0x310000 0x40") == "Total of 64 word(s) were the same"
    fb.cmd("mw.b 0x310013 0x00")
    out = fb.cmd("cmp.b 0x300000 0x310000 0x100")
    # U-Boot's value format ("%#0*llx", width in bytes), as Debian's U-Boot 2023.01 prints it
    assert out == "byte at 0x00300013 (0xde) != byte at 0x00310013 (0x0)\nTotal of 19 byte(s) were the same"
    assert fb.cmd("echo $?") == "1"
    fb.cmd("mw.l 0x310000 5; mw.l 0x300004 0x12345")
    assert fb.cmd("cmp.l 0x300000 0x310000 2") == (
        "word at 0x00300000 (0xdeadbeef) != word at 0x00310000 (0x05)\nTotal of 0 word(s) were the same")
    assert fb.cmd("cmp.l 0x300004 0x310000 1").startswith("word at 0x00300004 (0x12345) != word at 0x00310000 (0x05)")
    assert fb.cmd("cmp.w 0x300004 0x310000 1").startswith("halfword at 0x00300004 (0x2345) != halfword at 0x00310000 (0x5)")


def test_cp_byte_and_halfword_overlapping_upwards(fb):
    """cp.b/cp.w with the target just above the source copy like memmove, not smear the first item."""
    fb.cmd("mw.b 0x300000 0 0x20")
    for i, v in enumerate(b"\x01\x02\x03\x04\x05\x06\x07\x08"):
        fb.cmd("mw.b 0x%x 0x%x" % (0x300000 + i, v))
    fb.cmd("cp.b 0x300000 0x300001 8")
    assert parse_md(fb.cmd("md.b 0x300000 0x10"))[:10] == bytes([1, 1, 2, 3, 4, 5, 6, 7, 8, 0])
    fb.cmd("cp.w 0x300000 0x300002 4")
    assert parse_md(fb.cmd("md.b 0x300000 0x10"))[:10] == bytes([1, 1, 1, 1, 2, 3, 4, 5, 6, 7])
    fb.cmd("cp.b 0x300001 0x300000 4")  # downwards was already right
    assert parse_md(fb.cmd("md.b 0x300000 0x10"))[:6] == bytes([1, 1, 1, 2, 2, 3])


def test_cp_flash_to_flash_same_chip(tmp_path):
    """cp from NOR to NOR in the same chip: the source reads status while the chip programs,
    so the data must go through RAM (it used to program 0x80 status bytes)."""
    data = bytes((i * 7 + 3) & 0xff for i in range(0x1800))
    nor = make_nor_image(tmp_path / "nor.img", [(0, data)])
    c = Console.qemu(pflash=str(nor))
    try:
        c.stop_autoboot()
        assert "Copy to Flash... done" in c.cmd("cp.b 0x34000000 0x34040000 0x1800")
        assert c.cmd("cmp.b 0x34000000 0x34040000 0x1800") == "Total of 6144 byte(s) were the same"
    finally:
        c.close()
    assert read_at(nor, 0x40000, len(data)) == data


def test_nor_and_mtd_write_from_the_same_chip(tmp_path):
    """nor write / mtd write whose RAM address is the mapped NOR itself: the same bounce as cp."""
    data = bytes((i * 13 + 5) & 0xff for i in range(0x1800))
    nor = make_nor_image(tmp_path / "nor.img", [(0x200000, data)])
    c = Console.qemu_nor(nor)
    try:
        c.stop_autoboot()
        assert "Wrote 0x1800 bytes to nor0 at 0x400000" in c.cmd("nor write 0x34200000 0x400000 0x1800")
        assert "Wrote 0x1800 bytes to nor0 at 0x440000" in c.cmd("mtd write nor0 0x34200000 0x440000 0x1800")
    finally:
        c.close()
    assert read_at(nor, 0x400000, len(data)) == data
    assert read_at(nor, 0x440000, len(data)) == data


def test_sleep_refuses_huge_values(fb):
    assert fb.cmd("sleep 4294967297") == "## Error: bad delay '4294967297' (decimal seconds)"
    assert fb.cmd("echo $?") == "1"


def test_crc32_matches_host(fb):
    data = bytes((i * 7 + 3) & 0xff for i in range(256))
    # fill memory word by word with known bytes
    for i in range(0, 256, 4):
        word = int.from_bytes(data[i:i + 4], "little")
        fb.cmd("mw.l %x %08x" % (0x400000 + i, word))
    assert parse_md(fb.cmd("md.b 0x400000 0x100")) == data
    out = fb.cmd("crc32 0x400000 0x100")
    assert out == "crc32 for 00400000 ... 004000ff ==> %08x" % binascii.crc32(data)


def test_crc32_of_a_tail_run_matches_host(fb):
    """A buffer ending in a long run of one byte (flash padding, an erased tail) takes crc32's O(log n)
    path: the same sums as the host's, at odd starts and lengths, for 0x00, 0xff and another byte."""
    head = bytes((i * 7 + 3) & 0xff for i in range(64))
    for i in range(0, 64, 4):
        fb.cmd("mw.l %x %08x" % (0x400000 + i, int.from_bytes(head[i:i + 4], "little")))
    for byte, run in ((0xff, 0x1003), (0x00, 0x10000), (0x5a, 0x3ffd)):
        fb.cmd("mw.b 0x400040 %x %x" % (byte, run))
        for start, end in ((0, 0x40 + run), (3, 0x40 + run), (0x41, 0x40 + run)):
            want = binascii.crc32(head[start:] + bytes([byte]) * (0x40 + run - max(start, 0x40)))
            out = fb.cmd("crc32 %x %x" % (0x400000 + start, end - start))
            assert out.endswith("==> %08x" % want), (byte, run, start, out)


def test_shell_syntax(fb):
    fb.cmd("setenv greeting 'hello world'")
    assert fb.cmd("echo $greeting") == "hello world"
    assert fb.cmd('echo "${greeting}!"') == "hello world!"
    assert fb.cmd("echo '$greeting'") == "$greeting"
    assert fb.cmd("echo a; echo b") == "a\nb"
    # as U-Boot's hush: a failure before && skips up to the next ';', the || part too
    assert fb.cmd("false_cmd && echo yes || echo no") == "Unknown command 'false_cmd' - try 'help'"
    assert fb.cmd("false_cmd || echo no") == "Unknown command 'false_cmd' - try 'help'\nno"
    fb.cmd("setenv script 'echo one; echo two'")
    assert fb.cmd("run script") == "one\ntwo"
    assert fb.cmd("printenv greeting") == "greeting=hello world"
    fb.cmd("setenv greeting")
    assert fb.cmd("printenv greeting") == '## Error: "greeting" not defined'


def test_env_default(fb):
    fb.cmd("setenv bootdelay 7")
    fb.cmd("env default -a")
    assert fb.cmd("printenv bootdelay") == "bootdelay=2"


def test_line_editing_and_history(fb):
    fb.send("echo abX\x08c\r")
    fb.expect("abc\r+\n" + PROMPT)
    fb.send("garbage\x15echo clean\r")
    fb.expect("clean\r+\n" + PROMPT)
    fb.send("\x1b[A\r")  # up arrow: the previous line again
    fb.expect("clean\r+\n" + PROMPT)
    fb.send("echo never\x03")
    fb.expect("<INTERRUPT>")
    fb.expect(PROMPT)
    assert fb.cmd("echo alive") == "alive"


def test_errors_keep_shell_alive(fb):
    assert fb.cmd("nosuchcmd") == "Unknown command 'nosuchcmd' - try 'help'"
    assert fb.cmd("md 0xzz") == "## Error: '0xzz' is not a hex number"
    assert fb.cmd("md 0xe0000000") == \
        "## Error: address 0xe0000000 is not mapped on this board (see bdinfo)"
    assert fb.cmd("mw.b 0x100000 0x100") == "## Error: value 0x100 does not fit in 1 byte(s)"
    assert fb.cmd("echo \"unterminated") == "syntax error: unterminated quote"
    assert fb.cmd("echo ${unterminated") == "syntax error: unterminated ${"
    assert fb.cmd("echo alive") == "alive"


def test_write_over_firmware_refused(fb):
    out = fb.cmd("mw.l 0x07e00100 0 4")
    assert out.startswith("## Error: 0x07e00100..0x07e0010f overlaps flashboot itself")
    out = fb.cmd("cp.b 0x100000 0x07fff000 0x10")
    assert "overlaps flashboot itself" in out
    out = fb.cmd("crc32 0x100000 4 0x07ffff00")
    assert "overlaps flashboot itself" in out
    assert fb.cmd("echo alive") == "alive"


def test_exception_dump_returns_to_prompt(fb):
    fb.cmd("mw.l 0x100000 0xe7f000f0")  # an undefined instruction
    out = fb.cmd("go 0x100000")
    assert "*** exception: undefined instruction at pc 00100000" in out
    assert re.search(r"r0  [0-9a-f]{8}  r1  [0-9a-f]{8}", out)
    assert "resetting to the prompt" in out
    # ldr r0, [r1] with r1 = 0xe0000000 (unmapped): a data abort with FAR
    fb.cmd("mw.l 0x100000 0xe3a0120e")  # mov r1, #0xe0000000
    fb.cmd("mw.l 0x100004 0xe5910000")  # ldr r0, [r1]
    out = fb.cmd("go 0x100000")
    assert "*** exception: data abort at pc 00100004" in out
    assert "FAR e0000000" in out
    assert fb.cmd("echo alive") == "alive"


def test_sleep_and_interrupt(fb):
    t0 = time.monotonic()
    fb.cmd("sleep 0.5")
    assert time.monotonic() - t0 >= 0.5
    assert fb.cmd("sleep x") == "## Error: bad delay 'x' (decimal seconds)"


def test_autoboot_runs_bootcmd():
    c = Console.qemu()
    try:
        c.expect("Hit any key to stop autoboot:  2")
        c.expect("no boot script yet", timeout=5)
        c.expect(PROMPT)
    finally:
        c.close()


def test_reset_exits_qemu():
    c = Console.qemu()
    try:
        c.stop_autoboot()
        c.send("reset\r")
        c.expect("resetting ...")
        c.child.expect(__import__("pexpect").EOF, timeout=5)
    finally:
        c.close()


def test_exception_inside_run_fails_and_forgets_nesting(fb):
    fb.cmd("mw.l 0x100000 0xe7f000f0")  # an undefined instruction
    fb.cmd("setenv crash 'go 0x100000'; setenv outer 'run crash'")
    for _ in range(17):  # more than the 16 nesting levels run allows
        out = fb.cmd("run outer")
        assert "*** exception: undefined instruction" in out
        assert fb.cmd("echo $?") == "1"
    fb.cmd("setenv inner 'echo nested ok'; setenv mid 'run inner'")
    assert fb.cmd("run mid") == "nested ok"
