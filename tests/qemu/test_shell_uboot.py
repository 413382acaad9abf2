"""Everyday commands typed as a U-Boot user types them; every expected line is what Debian's U-Boot
2023.01 (u-boot-qemu on QEMU -M virt) printed for the same line, or U-Boot's source where that build
lacks the feature (docs/commands.md, "Checked against U-Boot")."""


def status(fb, line):
    """Output of a line followed by its $? (the last line)."""
    return fb.cmd(line + "; echo $?")


def test_setexpr_reads_hex_as_simple_strtoul(fb):
    # no sign, no blanks, digits up to the first other character, 32 bits wrapping
    for value, want in [("-1", "0"), ("+5", "0"), ("' 5'", "0"), ("100000000", "0"), ("0x10g", "10"),
                        ("0xg", "0"), ("ffffffff", "ffffffff")]:
        assert fb.cmd("setexpr a %s; echo $a" % value) == want, value
    assert fb.cmd("setexpr a 1 + 100000000; echo $a") == "1"
    assert fb.cmd("setexpr a 5 - 7; echo $a") == "fffffffe"


def test_setexpr_operator_of_more_than_one_character_is_usage(fb):
    for op in ["==", "<<", ">>", "**"]:
        out = status(fb, "setexpr a 1 '%s' 1" % op)
        assert out.startswith("setexpr - set environment variable") and out.endswith("\n1"), op
    assert status(fb, "setexpr a 1 '<' 2") == "invalid op\n1"
    assert status(fb, "setexpr a 1 + 2 3").endswith("\n1")


def test_setexpr_s_takes_strings_from_memory(fb):
    fb.cmd("mw.l 0x100000 0x00636261; mw.l 0x100010 0x00006564")  # "abc", "de"
    assert fb.cmd("setexpr.s c *100000; echo \"<$c>\"") == "<abc>"
    assert fb.cmd("setexpr.s c *100000 + *0x100010; echo \"<$c>\"") == "<abcde>"
    assert status(fb, "setexpr.s c *100000 - *100010") == "invalid op\n1"
    # U-Boot fails on a plain word (silently); we say why; the variable is left alone
    assert status(fb, "setexpr.s c foo + bar") == "## Error: setexpr.s wants *addr, not 'foo'\n1"
    assert status(fb, "setexpr.s c foo") == "## Error: setexpr.s wants *addr, not 'foo'\n1"
    assert fb.cmd("echo $c") == "abcde"
    out = status(fb, "setexpr.s c *20000000")
    assert out == "## Error: address 0x20000000 is not mapped on this board (see bdinfo)\n1"


def test_itest_compares_signed_longs(fb):
    # U-Boot's itest keeps the values in a long: ffffffff is -1 there
    assert status(fb, "itest ffffffff < 0") == "0"
    assert status(fb, "itest 80000000 -lt 1") == "0"
    assert status(fb, "itest 0xffffffff -lt 0") == "0"
    assert status(fb, "itest -1 == 0") == "0"  # "-1" reads as 0
    assert status(fb, "itest.b ff < 0") == "1"  # cut to the width first: 255
    assert status(fb, "itest.w ffff -lt 1") == "1"
    assert status(fb, "itest 1ffffffff == ffffffff") == "0"
    assert status(fb, "itest ' 5' == 5") == "1"


def test_itest_s_reads_star_addresses_as_strings(fb):
    fb.cmd("mw.l 0x100000 0x00636261")
    assert status(fb, "itest.s *100000 == abc") == "0"
    assert status(fb, "itest.s abc == *0x100000") == "0"
    assert status(fb, "itest.s *100000 < abd") == "0"
    assert status(fb, "itest.s *100000 == '*100000'") == "0"
    assert status(fb, "itest.s abc == abd") == "1"


def test_test_numbers_as_simple_strtol(fb):
    assert status(fb, "test +5 -eq 5") == "1"  # no '+'
    assert status(fb, "test ' 5' -eq 5") == "1"
    assert status(fb, "test -010 -eq -8") == "0"
    assert status(fb, "test 0x10 -eq 16") == "0"
    assert status(fb, "test 2147483648 -lt 0") == "0"  # 32-bit long
    assert status(fb, "test 4294967297 -eq 1") == "0"


def test_printenv_counts_bytes_as_uboot(fb):
    # U-Boot 2023.01: "Environment size: <listing's bytes + its NUL>/<ENV_SIZE> bytes", ENV_SIZE being
    # one copy without its header (versatilepb: 0x10000 - 5, redundant)
    fb.cmd("setenv zz 1")
    out = fb.cmd("printenv").split("\n")
    assert out[-2] == ""
    listed = out[:-2]
    assert "zz=1" in listed
    assert out[-1] == "Environment size: %d/65531 bytes" % (sum(len(ln) + 1 for ln in listed) + 1)
    fb.cmd("setenv zz 12345")
    assert fb.cmd("printenv").split("\n")[-1] == \
        "Environment size: %d/65531 bytes" % (sum(len(ln) + 1 for ln in listed) + 1 + 4)
