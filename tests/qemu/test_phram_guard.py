"""phram regions are protected RAM: no command that writes RAM may write into one, and the error names it."""
import os
import re

from fbconsole import PROMPT, run_sender

REGION = "overlaps phram region 'rootfs' (0x07000000..0x070fffff)"


def crc(fb, addr, size):
    return fb.cmd("crc32 %x %x" % (addr, size)).split("==>")[-1].strip()


def test_writers_refuse_a_phram_region(fb):
    fb.cmd("mw.b 7000000 5a 100000")
    assert fb.cmd("phram add rootfs 7000000 100000") == ""
    before = crc(fb, 0x7000000, 0x100000)
    refused = {
        "nor read 7000000 dtb": "0x07000000..0x0703ffff " + REGION,  # the case
        "nor read 6ff0000 dtb": "0x06ff0000..0x0702ffff " + REGION,  # reaching into it
        "mtd read nor0 70ff000 0 1000": "0x070ff000..0x070fffff " + REGION,
        "cp.b 0 7000010 10": "0x07000010..0x0700001f " + REGION,
        "crc32 0 10 7000020": "0x07000020..0x07000023 " + REGION,
        "env export -t 7000100": "0x07000100..0x070100ff " + REGION,
        "mw 7000000 0": "0x07000000..0x07000003 " + REGION,
        "loady 7080000": "0x07080000..0x07080000 " + REGION,
        "loadb 7080000": "0x07080000..0x07080000 " + REGION,
    }
    for line, msg in refused.items():
        out = fb.cmd(line)
        assert "## Error: " + msg in out, (line, out)
        assert "Ready for" not in out and "OK" not in out, (line, out)
    assert crc(fb, 0x7000000, 0x100000) == before
    # reads are fine, and so are writes next to it
    assert fb.cmd("cmp.b 7000000 7000001 10") .startswith("Total of 16 byte(s) were the same")
    assert "Error" not in fb.cmd("nor read 6fc0000 dtb")
    assert fb.cmd("cp.b 7000000 7100000 100") == ""
    # phram del lifts the protection
    assert fb.cmd("phram del rootfs") == ""
    assert fb.cmd("cp.b 0 7000010 10") == ""


def test_loady_stops_before_a_phram_region(fb, tmp_path):
    """A file that would grow into the region is cancelled, and the region is named."""
    sb = "/usr/bin/sb"
    assert os.path.exists(sb), "lrzsz missing: run tools/install-deps.sh"
    fb.cmd("phram add rootfs 7000000 100000")
    before = crc(fb, 0x7000000, 0x1000)
    f = tmp_path / "big.bin"
    f.write_bytes(os.urandom(8192))
    fb.send("loady 6fff000\r")
    fb.expect(re.escape("## Ready for binary (ymodem) download to 0x06FFF000"))
    rc, _ = run_sender(fb, [sb, "-q", "-k", str(f)], 60)
    out = fb.expect(PROMPT, timeout=30).replace("\r", "")
    assert rc != 0
    assert "## Error: ymodem download file larger than the free RAM" in out
    assert REGION in out
    assert crc(fb, 0x7000000, 0x1000) == before
