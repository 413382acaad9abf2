"""Cross-checks of env/env_flash.c against Debian's mkenvimage and libubootenv's fw_printenv/fw_setenv."""
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMG_SIZE = 0x10000
ENV_SIZE = 0x4000
NOR = dict(erase=0x1000, off=0x0, off2=0x8000)

VARS_A = {
    "bootcmd": "run boot_nor",
    "bootargs": "console=ttyAMA0,115200 root=/dev/mtdblock0 ro",
    "boot_nor": "cp.b 0x34040000 0x8000 0x400000; bootz 0x8000 - ${fdtaddr}",
    "ethaddr": "02:00:00:12:34:56",
    "mtdparts": "mtdparts=physmap-flash.0:256k(u-boot)ro,256k(env),-(rest)",
    "equals": "a=b=c",
}
VARS_B = dict(VARS_A, bootcmd="run boot_nand", ver="2", bootdelay="3")


def tool(name):
    path = shutil.which(name)
    assert path, f"{name} missing: run tools/install-deps.sh"
    return path


@pytest.fixture(scope="module")
def envtool():
    """tests/host/envtool.c linked against the layers' host archives (make builds it)."""
    r = subprocess.run(["make", "-s", "--no-print-directory", "out/host/host/envtool"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return ROOT / "out" / "host" / "host" / "envtool"


def text(vars_):
    return "".join(f"{k}={v}\n" for k, v in vars_.items())


def parse(out):
    d = {}
    for line in out.splitlines():
        if line:
            k, _, v = line.partition("=")
            d[k] = v
    return d


def blank(path, size=IMG_SIZE):
    path.write_bytes(b"\xff" * size)
    return path


def geometry_args(geo, redundant, size=ENV_SIZE):
    args = ["-s", hex(size), "-e", hex(geo["erase"]), "-o", hex(geo["off"])]
    if redundant:
        args += ["-O", hex(geo["off2"])]
    if geo.get("nand"):
        args += ["-n"]
    return args


def envtool_read(envtool, img, args):
    r = subprocess.run([str(envtool), *args, str(img), "read"], capture_output=True, text=True)
    return r.returncode, parse(r.stdout), r.stderr


def envtool_import(envtool, img, args):
    """What the firmware's environment holds after loading img (common/env.c's importer)."""
    r = subprocess.run([str(envtool), *args, str(img), "import"], capture_output=True)
    d = {}
    for line in r.stdout.decode("utf-8").splitlines():
        k, _, v = line.partition("=")
        d[k] = v
    return r.returncode, d, r.stderr.decode()


def envtool_write(envtool, img, args, vars_):
    r = subprocess.run([str(envtool), *args, str(img), "write"], input=text(vars_),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stderr


def fw_config(envtool, img, args, tmp_path):
    """The fw_env.config our env_flash_fw_config() writes for this image."""
    r = subprocess.run([str(envtool), *args, str(img), "config"], capture_output=True,
                       text=True, check=True)
    cfg = tmp_path / "fw_env.config"
    cfg.write_text(r.stdout)
    return cfg, r.stdout


def fw_printenv(cfg):
    r = subprocess.run([tool("fw_printenv"), "-c", str(cfg)], capture_output=True, text=True)
    return r.returncode, parse(r.stdout), r.stderr


def fw_setenv(cfg, name, value, defenv=None):
    extra = ["-f", str(defenv)] if defenv else []
    r = subprocess.run([tool("fw_setenv"), "-c", str(cfg), *extra, name, value],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def mkenvimage(tmp_path, vars_, size, redundant=False, pad=None):
    src = tmp_path / "vars.txt"
    src.write_text("# a comment line\n\n" + text(vars_))
    out = tmp_path / "mkenv.bin"
    cmd = [tool("mkenvimage"), "-s", hex(size), "-o", str(out)]
    if redundant:
        cmd.append("-r")
    if pad is not None:
        cmd += ["-p", str(pad)]
    subprocess.run(cmd + [str(src)], check=True)
    return out.read_bytes()


def place(img, offset, data):
    b = bytearray(img.read_bytes())
    b[offset:offset + len(data)] = data
    img.write_bytes(bytes(b))


def py_image(vars_, size, flags=None, pad=0x00):
    """An independent (Python/zlib) image builder, U-Boot style zero padding."""
    body = b"".join(f"{k}={v}".encode() + b"\0" for k, v in vars_.items()) + b"\0"
    hdr = 4 if flags is None else 5
    body = body.ljust(size - hdr, bytes([pad]))
    head = struct.pack("<I", zlib.crc32(body))
    return head + (b"" if flags is None else bytes([flags])) + body


# ------------------------------------------------------------ mkenvimage -> us

@pytest.mark.parametrize("pad", [None, 0])
def test_mkenvimage_plain_loads(envtool, tmp_path, pad):
    img = blank(tmp_path / "flash.img")
    place(img, 0x2000, mkenvimage(tmp_path, VARS_A, ENV_SIZE, pad=pad))
    rc, got, err = envtool_read(envtool, img, ["-s", hex(ENV_SIZE), "-o", "0x2000"])
    assert rc == 0, err
    assert got == VARS_A


def test_mkenvimage_redundant_loads(envtool, tmp_path):
    args = geometry_args(NOR, True)
    a = mkenvimage(tmp_path, VARS_A, ENV_SIZE, redundant=True)
    b = mkenvimage(tmp_path, VARS_B, ENV_SIZE, redundant=True)
    assert a[4] == 1 and b[4] == 1  # mkenvimage -r marks its copy active
    img = blank(tmp_path / "flash.img")
    # only the second copy written: it is used
    place(img, NOR["off2"], b)
    rc, got, err = envtool_read(envtool, img, args)
    assert rc == 0 and got == VARS_B and "copy=1" in err and "degraded=1" in err
    # the same image in both copies (equal flags): copy 0, as U-Boot does
    place(img, NOR["off"], a)
    rc, got, err = envtool_read(envtool, img, args)
    assert rc == 0 and got == VARS_A and "copy=0" in err and "degraded=0" in err
    # copy 0 marked obsolete in place (flag byte outside the CRC): copy 1 wins
    place(img, NOR["off"] + 4, b"\x00")
    rc, got, err = envtool_read(envtool, img, args)
    assert rc == 0 and got == VARS_B and "copy=1" in err


def test_our_image_is_byte_identical_to_mkenvimage(envtool, tmp_path):
    for redundant in (False, True):
        img = blank(tmp_path / "flash.img")
        envtool_write(envtool, img, geometry_args(NOR, redundant), VARS_A)
        ours = img.read_bytes()[NOR["off"]:NOR["off"] + ENV_SIZE]
        assert ours == mkenvimage(tmp_path, VARS_A, ENV_SIZE, redundant=redundant)


def test_size_mismatch_is_bad_crc(envtool, tmp_path):
    img = blank(tmp_path / "flash.img")
    place(img, 0, mkenvimage(tmp_path, VARS_A, ENV_SIZE))
    rc, got, err = envtool_read(envtool, img, ["-s", "0x2000"])
    assert rc == 2 and got == {} and "Bad message" in err
    rc, got, _ = envtool_read(envtool, img, ["-s", hex(ENV_SIZE)])
    assert rc == 0 and got == VARS_A
    # fw_printenv with the wrong size refuses the image too
    cfg = tmp_path / "fw_env.config"
    cfg.write_text(f"{img} 0x0 0x2000\n")
    rc, got, _ = fw_printenv(cfg)
    assert rc != 0 and "bootcmd" not in got


# ------------------------------------------------------------ us <-> libubootenv

@pytest.mark.parametrize("redundant", [False, True], ids=["single", "redundant"])
def test_our_saves_read_by_fw_printenv(envtool, tmp_path, redundant):
    img = blank(tmp_path / "flash.img")
    args = geometry_args(NOR, redundant)
    cfg, lines = fw_config(envtool, img, args, tmp_path)
    assert lines.count("\n") == (2 if redundant else 1)
    assert lines.splitlines()[0] == f"{img} 0x0 0x4000 0x1000"
    for i, vars_ in enumerate([VARS_A, VARS_B, dict(VARS_A, round="3")]):
        envtool_write(envtool, img, args, vars_)
        rc, got, err = fw_printenv(cfg)
        assert rc == 0, err
        assert got == vars_, f"round {i}"


@pytest.mark.parametrize("redundant", [False, True], ids=["single", "redundant"])
def test_fw_setenv_read_by_us(envtool, tmp_path, redundant):
    img = blank(tmp_path / "flash.img")
    args = geometry_args(NOR, redundant)
    cfg, _ = fw_config(envtool, img, args, tmp_path)
    envtool_write(envtool, img, args, VARS_A)
    expect = dict(VARS_A)
    for i in range(4):
        # Linux changes a variable, the bootloader reads it, then saves its own change
        fw_setenv(cfg, f"linux{i}", f"value {i}")
        expect[f"linux{i}"] = f"value {i}"
        rc, got, err = envtool_read(envtool, img, args)
        assert rc == 0, err
        assert got == expect, f"round {i}: {err}"
        expect[f"boot{i}"] = str(i)
        envtool_write(envtool, img, args, expect)
        rc, got, err = fw_printenv(cfg)
        assert rc == 0 and got == expect, f"round {i}: {err}"


def test_fw_setenv_on_empty_flash(envtool, tmp_path):
    """fw_setenv with no valid environment starts from a default file; we read it."""
    defenv = tmp_path / "default.txt"
    defenv.write_text("bootdelay=2\n")
    for redundant in (False, True):
        img = blank(tmp_path / "flash.img")
        args = geometry_args(NOR, redundant)
        cfg, _ = fw_config(envtool, img, args, tmp_path)
        rc, _, _ = envtool_read(envtool, img, args)
        assert rc == 2
        fw_setenv(cfg, "serial", "12345", defenv)
        rc, got, err = envtool_read(envtool, img, args)
        assert rc == 0 and got == {"bootdelay": "2", "serial": "12345"}, err


def test_nand_counter_wraps_with_fw_setenv(envtool, tmp_path):
    """NAND-like device: serial-number flags cross 255 -> 0 alternating both writers."""
    geo = dict(erase=0x4000, off=0x0, off2=0x8000, nand=True)
    args = geometry_args(geo, True)
    img = blank(tmp_path / "flash.img")
    place(img, geo["off"], py_image(VARS_A, ENV_SIZE, flags=254))
    place(img, geo["off2"], py_image(VARS_B, ENV_SIZE, flags=253))
    cfg, lines = fw_config(envtool, img, args, tmp_path)
    assert lines.splitlines()[1] == f"{img} 0x8000 0x4000 0x4000 1"
    rc, got, err = envtool_read(envtool, img, args)
    assert rc == 0 and got == VARS_A and "flags=254" in err
    expect = dict(VARS_A)
    seen = []
    for i in range(3):
        expect["n"] = f"fw{i}"
        fw_setenv(cfg, "n", f"fw{i}")
        rc, got, err = envtool_read(envtool, img, args)
        assert rc == 0 and got == expect, err
        seen.append(int(err.split("flags=")[1].split()[0]))
        expect["n"] = f"us{i}"
        out = envtool_write(envtool, img, args, expect)
        seen.append(int(out.split("flags=")[1].split()[0]))
        rc, got, err = fw_printenv(cfg)
        assert rc == 0 and got == expect, err
    assert seen == [255, 0, 1, 2, 3, 4]


def test_uboot_style_nor_flags(envtool, tmp_path):
    """Images as U-Boot's NOR saveenv leaves them (zero padding, active/obsolete)."""
    args = geometry_args(NOR, True)
    img = blank(tmp_path / "flash.img")
    place(img, NOR["off"], py_image(VARS_A, ENV_SIZE, flags=0))
    place(img, NOR["off2"], py_image(VARS_B, ENV_SIZE, flags=1))
    rc, got, err = envtool_read(envtool, img, args)
    assert rc == 0 and got == VARS_B and "copy=1" in err
    cfg, _ = fw_config(envtool, img, args, tmp_path)
    assert fw_printenv(cfg)[1] == VARS_B
    # our save goes to copy 0 and retires copy 1 in place
    envtool_write(envtool, img, args, VARS_A)
    raw = img.read_bytes()
    assert raw[NOR["off"] + 4] == 1 and raw[NOR["off2"] + 4] == 0
    assert fw_printenv(cfg)[1] == VARS_A


# ------------------------------------------------------------ names U-Boot's importer takes

ODD_TEXT = "a b=1\n\u20ac=euro\nlonely\n  lead=blanks before the name\nbootcmd=run x\n"
ODD_VARS = {"a b": "1", "\u20ac": "euro", "lead": "blanks before the name", "bootcmd": "run x"}


def test_mkenvimage_odd_names_import(envtool, tmp_path):
    """mkenvimage keeps blanks and UTF-8 in names and an entry without '=': the firmware keeps them
    all, as U-Boot's himport_r does (the entry without '=' deletes; leading blanks are dropped)."""
    src = tmp_path / "odd.txt"
    src.write_text(ODD_TEXT, encoding="utf-8")
    out = tmp_path / "odd.bin"
    subprocess.run([tool("mkenvimage"), "-s", hex(ENV_SIZE), "-o", str(out), str(src)], check=True)
    raw = out.read_bytes()
    assert b"a b=1\0\xe2\x82\xac=euro\0lonely\0" in raw  # the tool wrote them as they are
    img = blank(tmp_path / "flash.img")
    place(img, 0, raw)
    rc, got, err = envtool_import(envtool, img, ["-s", hex(ENV_SIZE)])
    assert rc == 0, err
    assert got == ODD_VARS
    # a saveenv writes them back; fw_printenv reads what Linux users wrote
    envtool_write(envtool, img, ["-s", hex(ENV_SIZE)], got)
    cfg = tmp_path / "fw_env.config"
    cfg.write_text(f"{img} 0x0 {hex(ENV_SIZE)} 0x1000\n")
    r = subprocess.run([tool("fw_printenv"), "-c", str(cfg)], capture_output=True, check=True)
    assert parse(r.stdout.decode("utf-8")) == ODD_VARS


def test_fw_setenv_odd_names_import(envtool, tmp_path):
    """Linux's fw_setenv sets names with a blank or a UTF-8 byte; the firmware keeps the whole set."""
    img = blank(tmp_path / "flash.img")
    args = geometry_args(NOR, True)
    cfg, _ = fw_config(envtool, img, args, tmp_path)
    envtool_write(envtool, img, args, VARS_A)
    fw_setenv(cfg, "a b", "1")
    fw_setenv(cfg, "\u20ac", "euro")
    rc, got, err = envtool_import(envtool, img, args)
    assert rc == 0, err
    assert got == dict(VARS_A, **{"a b": "1", "\u20ac": "euro"})


def test_empty_name_is_refused(envtool, tmp_path):
    """"=x" has no name: U-Boot's importer refuses the whole set; so do we (exit 3)."""
    img = blank(tmp_path / "flash.img")
    place(img, 0, py_image({"ok": "1", "": "x"}, ENV_SIZE))
    rc, got, err = envtool_import(envtool, img, ["-s", hex(ENV_SIZE)])
    assert rc == 3 and "Invalid argument" in err
