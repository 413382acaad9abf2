"""tools/mkflash reads mtdparts with the firmware's own parser (tools/mtdpart.c on mtd/mtdparts.c)."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKFLASH = str(ROOT / "tools" / "mkflash")


def nor(tmp_path, mtdparts, **files):
    args = [MKFLASH, "nor", "-o", str(tmp_path / "nor.img"), "--size", "1M", "--erase-size", "64K",
            "--mtdparts", mtdparts] + ["%s=%s" % kv for kv in files.items()]
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_offsets_as_linux_reads_them(tmp_path):
    data = tmp_path / "d.bin"
    data.write_bytes(b"\x5a" * 100)
    # "@" offsets, a gap, flags and a hex size: b lands at 0x80000
    r = nor(tmp_path, "mtdparts=x:0x10000(a)ro,64k@512k(b)lk,-(c)", b=str(data))
    assert r.returncode == 0, r.stderr
    img = (tmp_path / "nor.img").read_bytes()
    assert img[0x80000:0x80000 + 100] == b"\x5a" * 100
    assert img[0x80000 + 100] == 0xFF and img[:0x80000] == b"\xff" * 0x80000


def test_bad_string_is_refused_with_the_parsers_position(tmp_path):
    r = nor(tmp_path, "x:128k(a),2x(b)")
    assert r.returncode != 0
    assert "mkflash: cannot parse the mtdparts string at byte 11: 'x(b)'" in r.stderr


def test_partition_past_the_end_is_refused(tmp_path):
    r = nor(tmp_path, "x:512k(a),1m(b)")
    assert r.returncode != 0
    assert "mkflash: partition b ends past the end of the flash (0x100000 bytes)" in r.stderr


def test_duplicate_name_is_refused(tmp_path):
    r = nor(tmp_path, "x:512k(a),-(a)")
    assert r.returncode != 0
    assert "duplicate name" in r.stderr
