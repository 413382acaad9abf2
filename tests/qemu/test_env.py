"""The environment in NOR in QEMU: saveenv across restarts, fw_printenv/fw_setenv/mkenvimage, bad copies, bootdelay."""
import os
import re
import shutil
import subprocess
import zlib

import pytest
from fbconsole import Console, parse_md, PROMPT, make_nor_image, read_at, write_at

ENV_OFF, ENV_OFF2, ENV_SIZE = 0x40000, 0x80000, 0x10000
FW = os.environ.get("FLASHBOOT_FW")  # another build of the firmware, for debugging
LOADED = "Loading Environment from Flash... OK"
BAD_CRC = "Loading Environment from Flash... *** Warning - bad CRC, using default environment"


def start(img, timeout=20):
    return Console.qemu_nor(img, FW, timeout)


def boot(img):
    """Start QEMU and stop the countdown; returns (console, start-up log)."""
    c = start(img)
    return c, c.stop_autoboot()


def tool(name):
    path = shutil.which(name)
    assert path, "%s missing: run tools/install-deps.sh" % name
    return path


def env_copy_ok(img, off):
    """CRC check of one redundant copy on the host: (crc ok, flag byte)."""
    blk = read_at(img, off, ENV_SIZE)
    return zlib.crc32(blk[5:]) == int.from_bytes(blk[:4], "little"), blk[4]


def fw_config_lines(env_info):
    """The fw_env.config lines printed by `env info`."""
    lines = env_info.split("fw_env.config", 1)[1].splitlines()[1:]
    assert lines and all(line.startswith("/dev/mtdX ") for line in lines), env_info
    return lines


def env_partition(mtdparts_out):
    """Offset and size of the partition named env in an `mtdparts` listing."""
    m = re.search(r"^\s*\d+: env\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", mtdparts_out, re.M)
    assert m, mtdparts_out
    return int(m.group(2), 16), int(m.group(1), 16)


def fw_printenv(cfg, *names):
    r = subprocess.run([tool("fw_printenv"), "-c", str(cfg), *names], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)


def test_saveenv_restart_and_linux_tools(tmp_path):
    img = make_nor_image(tmp_path / "nor.img")
    c, log = boot(img)
    try:
        assert BAD_CRC in log  # erased flash: no environment yet
        assert "env_valid = default (not loaded from flash)" in c.cmd("env info")
        c.cmd("setenv foo bar")
        c.cmd("setenv spaced 'a b  c'")
        out = c.cmd("saveenv")
        assert out.startswith("Saving Environment to Flash... ") and out.endswith("OK")
        info = c.cmd("env info")
        assert "env_location = nor0 offset 0x40000, redundant copy at 0x80000" in info
        assert "env_size = 0x10000" in info and "env_valid = valid" in info
        assert 'the partition "env"' in info
        cfg_lines = fw_config_lines(info)
        part_off, part_size = env_partition(c.cmd("mtdparts"))
    finally:
        c.close()
    assert env_copy_ok(img, ENV_OFF)[0] or env_copy_ok(img, ENV_OFF2)[0]

    # Linux sees the "env" partition as /dev/mtdX: give fw_printenv those bytes
    part = tmp_path / "env-part.bin"
    part.write_bytes(read_at(img, part_off, part_size))
    cfg = tmp_path / "fw_env.config"
    cfg.write_text("".join(line.replace("/dev/mtdX", str(part)) + "\n" for line in cfg_lines))
    env = fw_printenv(cfg)
    assert env["foo"] == "bar" and env["spaced"] == "a b  c"
    assert env["bootdelay"] == "2"
    # the whole image with absolute offsets works as well
    cfg2 = tmp_path / "fw_env-abs.config"
    cfg2.write_text("%s 0x40000 0x10000 0x40000\n%s 0x80000 0x10000 0x40000\n" % (img, img))
    assert fw_printenv(cfg2, "foo") == {"foo": "bar"}

    # fw_setenv on the host, written back: the firmware takes the newer copy
    r = subprocess.run([tool("fw_setenv"), "-c", str(cfg), "fromlinux", "yes"], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    write_at(img, part_off, part.read_bytes())

    c, log = boot(img)
    try:
        assert LOADED in log and "Warning" not in log
        assert c.cmd("printenv foo") == "foo=bar"
        assert c.cmd("printenv spaced") == "spaced=a b  c"
        assert c.cmd("printenv fromlinux") == "fromlinux=yes"
        assert "env_valid = valid" in c.cmd("env info")
    finally:
        c.close()


def test_bad_copies(tmp_path):
    img = make_nor_image(tmp_path / "nor.img")
    c, _ = boot(img)
    try:
        c.cmd("setenv foo one")
        assert c.cmd("saveenv").endswith("OK")
        c.cmd("setenv foo two")
        assert c.cmd("saveenv").endswith("OK")
        active = int(re.search(r"env_active_copy = (\d)", c.cmd("env info")).group(1))
    finally:
        c.close()
    offs = [ENV_OFF, ENV_OFF2]
    (ok0, f0), (ok1, f1) = env_copy_ok(img, ENV_OFF), env_copy_ok(img, ENV_OFF2)
    assert ok0 and ok1
    assert {f0, f1} == {0, 1} and [f0, f1][active] == 1  # U-Boot's NOR active/obsolete flags
    pristine = read_at(img, ENV_OFF, 0x80000)

    # the newer copy damaged: the older one is used, with a warning
    blk = bytearray(read_at(img, offs[active], 64))
    blk[20] ^= 0x55
    write_at(img, offs[active], bytes(blk))
    c, log = boot(img)
    try:
        assert LOADED in log
        assert "*** Warning - one environment copy is bad, the other was used" in log
        assert c.cmd("printenv foo") == "foo=one"
        assert "env_valid = valid in copy %d only (the other copy is bad or blank)" % (1 - active) \
            in c.cmd("env info")
    finally:
        c.close()

    # both damaged: defaults
    for off in offs:
        blk = bytearray(read_at(img, off, 64))
        blk[30] ^= 0xff
        write_at(img, off, bytes(blk))
    c, log = boot(img)
    try:
        assert BAD_CRC in log
        assert c.cmd("printenv foo") == '## Error: "foo" not defined'
        assert c.cmd("printenv bootdelay") == "bootdelay=2"
        assert "env_valid = default (not loaded from flash)" in c.cmd("env info")
        # partitions come from the default environment then
        assert "rootfs" in c.cmd("mtdparts")
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()

    # only the older copy damaged: the newer one, no fuss about which
    write_at(img, ENV_OFF, pristine)
    blk = bytearray(read_at(img, offs[1 - active], 64))
    blk[20] ^= 0x55
    write_at(img, offs[1 - active], bytes(blk))
    c, log = boot(img)
    try:
        assert LOADED in log
        assert c.cmd("printenv foo") == "foo=two"
    finally:
        c.close()


def test_mkenvimage_loaded_then_defaults_restored(tmp_path):
    txt = tmp_path / "env.txt"
    txt.write_text("bootdelay=5\nbootcmd=echo from mkenvimage\nboard_rev=B2\nmtdids=nor0=34000000.flash\n"
                   "mtdparts=mtdparts=34000000.flash:1m(boot)ro,-(data)\n")
    envimg = tmp_path / "env.bin"
    r = subprocess.run([tool("mkenvimage"), "-r", "-s", "0x10000", "-o", str(envimg), str(txt)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert os.path.getsize(envimg) == ENV_SIZE
    img = make_nor_image(tmp_path / "nor.img", [(ENV_OFF, envimg.read_bytes())])

    c = start(img)
    try:
        log = c.expect("Hit any key to stop autoboot:  5")
        c.send(" ")
        log += c.expect(PROMPT)
        assert LOADED in log
        assert c.cmd("printenv board_rev") == "board_rev=B2"
        assert c.cmd("printenv bootcmd") == "bootcmd=echo from mkenvimage"
        assert c.cmd("printenv loadaddr") == '## Error: "loadaddr" not defined'
        # its mtdparts were registered at boot
        assert "0: boot                0x00100000\t0x00000000\t1" in c.cmd("mtdparts")

        c.cmd("env default -a")
        assert c.cmd("saveenv").endswith("OK")
    finally:
        c.close()
    c, log = boot(img)
    try:
        assert LOADED in log
        assert c.cmd("printenv board_rev") == '## Error: "board_rev" not defined'
        assert c.cmd("printenv bootdelay") == "bootdelay=2"
        assert c.cmd("printenv loadaddr") == "loadaddr=0x00800000"
        assert "rootfs" in c.cmd("mtdparts")
    finally:
        c.close()


def test_export_import_text(tmp_path):
    text = b"imported=from flash\nmulti=a=b=c\n"
    img = make_nor_image(tmp_path / "nor.img", [(0x100000, text)])  # the "script" partition
    c, _ = boot(img)
    try:
        c.cmd("setenv foo bar")
        assert c.cmd("env export -t 0x200000") == ""
        size = int(c.cmd("printenv filesize").split("=")[1], 16)
        exported = parse_md(c.cmd("md.b 0x200000 %x" % size))
        lines = exported.decode().splitlines()
        assert "foo=bar" in lines and "bootdelay=2" in lines
        assert all("=" in line for line in lines)

        c.cmd("setenv foo changed; setenv bootdelay 9")
        assert c.cmd("env import -t 0x200000 ${filesize}") == ""
        assert c.cmd("printenv foo") == "foo=bar"
        assert c.cmd("printenv bootdelay") == "bootdelay=2"

        # text made on the host, read from flash, imported
        assert c.cmd("nor read 0x300000 script 0x1000") == "Read 0x1000 bytes from script at 0x0"
        assert c.cmd("env import -t 0x300000 %x" % len(text)) == ""
        assert c.cmd("printenv imported") == "imported=from flash"
        assert c.cmd("printenv multi") == "multi=a=b=c"
        assert c.cmd("printenv foo") == "foo=bar"  # import adds, it does not clear

        # a buffer exactly the text's size is refused (the NUL needs a byte), one more is enough;
        # export twice first: the export sets filesize, which is part of the text
        c.cmd("env export -t 0x200000")
        c.cmd("env export -t 0x200000")
        size = int(c.cmd("printenv filesize").split("=")[1], 16)
        assert c.cmd("env export -t 0x400000 %x" % size) == \
            "## Error: environment does not fit in 0x%x bytes" % size
        assert c.cmd("env export -t 0x400000 %x" % (size + 1)) == ""
        exported = parse_md(c.cmd("md.b 0x400000 %x" % (size + 1)))
        assert exported.endswith(b"\n\x00")
    finally:
        c.close()


@pytest.fixture(scope="module")
def bootdelay_img(tmp_path_factory):
    return make_nor_image(tmp_path_factory.mktemp("bootdelay") / "nor.img")


def save_bootdelay(img, delay):
    c = start(img)
    try:
        # whatever the last test saved: a countdown to stop, or a prompt
        if c.child.expect(["Hit any key to stop autoboot", PROMPT]) == 0:
            c.send(" ")
            c.expect(PROMPT)
        c.cmd("setenv bootdelay %s; setenv bootcmd 'echo AUTOBOOTED'" % delay)
        assert c.cmd("saveenv").endswith("OK")
    finally:
        c.close()


def startup(img, key=False):
    """Start-up output up to the first prompt, optionally with a key pressed at once."""
    c = start(img)
    if key:
        c.send(" ")
    return c, c.expect(PROMPT)


def test_bootdelay_minus1_no_autoboot(bootdelay_img):
    save_bootdelay(bootdelay_img, -1)
    c, log = startup(bootdelay_img)
    try:
        assert LOADED in log
        assert "Hit any key" not in log and "AUTOBOOTED" not in log
        assert c.cmd("echo alive") == "alive"
        assert c.cmd("run bootcmd") == "AUTOBOOTED"
    finally:
        c.close()


def test_bootdelay_0_boots_at_once(bootdelay_img):
    # U-Boot's abortboot_single_key: from 0 up the countdown line is printed, and a key
    # already waiting stops the boot (it prints "\b\b\b 0")
    save_bootdelay(bootdelay_img, 0)
    c, log = startup(bootdelay_img)
    try:
        assert "Hit any key to stop autoboot:  0 \nAUTOBOOTED" in log.replace("\r", ""), log
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()
    c, log = startup(bootdelay_img, key=True)
    try:
        assert "Hit any key to stop autoboot:  0 \b\b\b 0" in log and "AUTOBOOTED" not in log, log
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_bootdelay_minus2_ignores_keys(bootdelay_img):
    # -2, and as in U-Boot any other value below 0 but -1: no countdown, keys not looked at
    for delay in (-2, -5):
        save_bootdelay(bootdelay_img, delay)
        c, log = startup(bootdelay_img, key=True)
        try:
            assert "AUTOBOOTED" in log and "Hit any key" not in log
            assert c.cmd("echo alive") == "alive"
        finally:
            c.close()


def test_bootdelay_read_as_decimal_leading_digits(bootdelay_img):
    # U-Boot reads it with simple_strtol(.., 10): "1s" is 1, "0x5" and "abc" are 0
    for value, count in (("1s", " 1"), ("0x5", " 0"), ("abc", " 0")):
        save_bootdelay(bootdelay_img, value)
        c, log = startup(bootdelay_img)
        try:
            assert "Hit any key to stop autoboot: %s " % count in log and "AUTOBOOTED" in log, (value, log)
        finally:
            c.close()


def test_good_crc_but_an_empty_name(tmp_path):
    """A good CRC whose data has an entry without a name ("=x"): U-Boot's importer refuses it too."""
    data = (b"ok=1\x00=x\x00\x00").ljust(ENV_SIZE - 5, b"\xff")
    copy = zlib.crc32(data).to_bytes(4, "little") + b"\x01" + data
    img = make_nor_image(tmp_path / "nor.img", [(ENV_OFF, copy)])
    c, log = boot(img)
    try:
        assert "*** Warning - environment has a good CRC but an entry has no name (\"=value\"), " \
               "using default environment" in log
        assert c.cmd("printenv bootdelay") == "bootdelay=2"
        assert c.cmd("printenv ok") == '## Error: "ok" not defined'
    finally:
        c.close()


def test_odd_names_from_mkenvimage_survive_saveenv(tmp_path):
    """Names with a blank or UTF-8 bytes, and an entry without '=', as mkenvimage writes them: the
    environment loads (U-Boot's himport_r rules), and a saveenv keeps the user's variables."""
    txt = tmp_path / "env.txt"
    txt.write_text("bootdelay=3\nbootcmd=echo none\nboard_rev=B2\na b=1\n\u20ac=euro\nlonely\n", encoding="utf-8")
    envimg = tmp_path / "env.bin"
    subprocess.run([tool("mkenvimage"), "-r", "-s", hex(ENV_SIZE), "-o", str(envimg), str(txt)],
                   check=True)
    img = make_nor_image(tmp_path / "nor.img", [(ENV_OFF, envimg.read_bytes())])
    euro = "\u20ac=euro".encode().decode("latin-1")  # the console shows raw bytes
    c, log = boot(img)
    try:
        assert LOADED in log and "Warning" not in log, log
        assert c.cmd("printenv board_rev") == "board_rev=B2"
        assert c.cmd("printenv 'a b'") == "a b=1"
        listing = c.cmd("printenv").splitlines()
        assert euro in listing and "lonely" not in c.cmd("printenv")
        c.cmd("setenv added here")
        assert c.cmd("saveenv").endswith("OK")
    finally:
        c.close()
    c, log = boot(img)
    try:
        assert LOADED in log and "Warning" not in log, log
        listing = c.cmd("printenv").splitlines()
        for line in ("board_rev=B2", "a b=1", euro, "added=here", "bootdelay=3"):
            assert line in listing, listing
    finally:
        c.close()


def test_import_text_uboot_names(tmp_path):
    """env import -t takes what U-Boot's importer takes: blanks and UTF-8 in names, a bare name
    deletes; a line with an empty name stops the import with its own message."""
    text = "  a b=1\n\u20ac=euro\ngone\n=bad\nafter=x\n".encode()
    f = tmp_path / "env.txt"
    f.write_bytes(text)
    c = Console.qemu(load=[(str(f), 0x1000000)])
    try:
        c.stop_autoboot()
        c.cmd("setenv gone soon")
        out = c.cmd("env import -t 1000000 %x" % len(text))
        assert out == '## Error: a line has an empty name ("=value"); the lines before it were imported', out
        assert c.cmd("printenv 'a b'") == "a b=1"
        assert "\u20ac=euro".encode().decode("latin-1") in c.cmd("printenv").splitlines()
        assert c.cmd("printenv gone") == '## Error: "gone" not defined'
        assert c.cmd("printenv after") == '## Error: "after" not defined'
    finally:
        c.close()
