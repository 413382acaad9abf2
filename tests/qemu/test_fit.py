"""FIT images (mkimage -f) at the console: iminfo, bootm/source/fdt addr with configurations and images,
every hash algorithm, flipped bytes refused, compressed images refused."""
import os
import re

import pytest

import sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbconsole import Console, firmware  # noqa: E402
import fitutil as fu  # noqa: E402

FIT = 0x01000000
KDATA = b"\x00" * 0x24 + b"\x18\x28\x6f\x01" + b"\x00" * 8 + b"\x01\x02\x03\x04"  # zImage magic, no code


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    d = tmp_path_factory.mktemp("fit")
    files = {}
    for name, size in (("kernel.bin", 200000), ("root.bin", 150000), ("ramdisk.bin", 30000)):
        files[name] = d / name
        files[name].write_bytes(os.urandom(size))
    dts = d / "t.dts"
    dts.write_text("/dts-v1/;\n/ { model = \"fit-test\"; compatible = \"arm,versatile-pb\"; "
                   "#address-cells = <1>; #size-cells = <1>; memory { device_type = \"memory\"; "
                   "reg = <0 0x8000000>; }; chosen { }; };\n")
    files["fdt.dtb"] = d / "fdt.dtb"
    os.system("dtc -q -I dts -O dtb -o %s %s" % (files["fdt.dtb"], dts))
    files["boot.cmd"] = d / "boot.cmd"
    files["boot.cmd"].write_text("echo fit-script-ran\nsetenv from_fit yes\n")
    return d, files


def fit_all_hashes(d, f, name="all.itb", comp="none"):
    images = [
        fu.image_node("kernel", f["kernel.bin"], "kernel", ("sha256", "crc32"), load=0x8000, entry=0x8000,
                      desc="test kernel", comp=comp),
        fu.image_node("fdt-1", f["fdt.dtb"], "flat_dt", ("sha1",), os_=None),
        fu.image_node("ramdisk-1", f["ramdisk.bin"], "ramdisk", ("crc32",)),
        fu.image_node("root", f["root.bin"], "filesystem", ("sha256", "sha1")),
        fu.image_node("script-1", f["boot.cmd"], "script", ("sha256",), os_=None),
    ]
    confs = [fu.conf_node("conf-1", kernel="kernel", fdt="fdt-1", loadables="root", script="script-1"),
             fu.conf_node("conf-rd", kernel="kernel", fdt="fdt-1", ramdisk="ramdisk-1")]
    return fu.mkimage_fit(fu.its(images, confs, default="conf-1"), d / name)


def start(fit):
    c = Console.qemu(load=[(fit, FIT)], timeout=30)
    c.stop_autoboot()
    return c


def test_iminfo_lists_and_checks_every_hash(parts):
    d, f = parts
    fit = fit_all_hashes(d, f)
    c = start(fit)
    try:
        out = c.cmd("iminfo %x" % FIT)
    finally:
        c.close()
    assert "FIT image found" in out
    for i, name in enumerate(("kernel", "fdt-1", "ramdisk-1", "root", "script-1")):
        assert "Image %d (%s)" % (i, name) in out
    assert "Hash check:   sha256+ crc32+ OK" in out
    assert "Hash check:   sha1+ OK" in out
    assert "Hash check:   crc32+ OK" in out
    assert "Hash check:   sha256+ sha1+ OK" in out
    assert "Default Configuration: 'conf-1'" in out
    assert "Configuration 1 (conf-rd)" in out and "Init Ramdisk: ramdisk-1" in out
    assert "Data Size:    200000 Bytes = 195.3 KiB" in out
    assert out.endswith("## Checking hash(es) for FIT Image at %08x ... OK" % FIT)


def test_script_fdt_and_bootm_checks(parts):
    d, f = parts
    fit = fit_all_hashes(d, f)
    c = start(fit)
    try:
        out = c.cmd("source %x:script-1" % FIT)
        assert "## Executing script 'script-1' from FIT Image at %08x (sha256+ )" % FIT in out
        assert out.endswith("fit-script-ran")
        assert c.cmd("printenv from_fit") == "from_fit=yes"
        out = c.cmd("source %x" % FIT)  # the default configuration's script
        assert out.endswith("fit-script-ran")
        out = c.cmd("fdt addr %x:fdt-1" % FIT)
        if "not 8-byte aligned" not in out:
            assert "## FIT fdt image 'fdt-1' (sha1+ )" in out
            assert c.cmd("fdt print / model") == 'model = "fit-test";'
        out = c.cmd("bootm %x#nosuch" % FIT)
        assert out.endswith("## Error: FIT at 0x%08x has no configuration 'nosuch'\nERROR: can't get kernel image!" % FIT)
        out = c.cmd("bootm %x:nosuch" % FIT)
        assert out.endswith("## Error: FIT at 0x%08x has no image 'nosuch'\nERROR: can't get kernel image!" % FIT)
        out = c.cmd("bootm %x:fdt-1" % FIT)
        assert out.endswith("## Error: image 'fdt-1' is of type 'flat_dt', not kernel or kernel_noload\n"
                            "ERROR: can't get kernel image!")
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


@pytest.mark.parametrize("which,src,algo,node", [
    ("kernel", "kernel.bin", "sha256", "hash-1"),
    ("fdt", "fdt.dtb", "sha1", "hash-1"),
    ("ramdisk", "ramdisk.bin", "crc32", "hash-1"),
])
def test_flipped_byte_refused(parts, which, src, algo, node):
    """One flipped bit in a sub-image: bootm names the image and the algorithm and boots nothing."""
    d, f = parts
    fit = fit_all_hashes(d, f)
    bad = fu.flip(fit, fu.data_offset(fit, f[src], os.path.getsize(f[src]) // 2), d / ("bad-%s.itb" % which))
    name = {"kernel": "kernel", "fdt": "fdt-1", "ramdisk": "ramdisk-1"}[which]
    c = start(bad)
    try:
        out = c.cmd("bootm %x#conf-rd" % FIT)
        assert "## Error: %s image '%s': %s hash mismatch (%s)" % (which, name, algo, node) in out
        assert "Starting kernel" not in out
        out = c.cmd("iminfo %x" % FIT)
        assert "Bad hash or signature" in out
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_flipped_root_and_script_refused(parts):
    d, f = parts
    fit = fit_all_hashes(d, f)
    bad = fu.flip(fit, fu.data_offset(fit, f["boot.cmd"], 3), d / "bad-script.itb")
    c = start(bad)
    try:
        out = c.cmd("source %x:script-1" % FIT)
        assert out == "## Error: script image 'script-1': sha256 hash mismatch (hash-1)"
        assert c.cmd("printenv from_fit").startswith("## Error")
    finally:
        c.close()


def test_compressed_image_refused(parts):
    d, f = parts
    fit = fit_all_hashes(d, f, "gz.itb", comp="gzip")
    c = start(fit)
    try:
        out = c.cmd("bootm %x" % FIT)
        assert out.endswith("## Error: kernel image 'kernel' is gzip compressed; this build has no gzip decompressor"
                            "\nERROR: can't get kernel image!")
        assert c.cmd("echo alive") == "alive"
    finally:
        c.close()


def test_phram_from_fit(parts):
    """phram add <label> <fit>[#conf|:image] [dst]: the filesystem image checked, copied, registered."""
    d, f = parts
    fit = fit_all_hashes(d, f)
    c = start(fit)
    try:
        out = c.cmd("phram add root %x" % FIT)
        assert out.startswith("phram: 'root' from FIT image 'root' (sha256+ sha1+ , not a squashfs) loaded to 0x")
        size = os.path.getsize(f["root.bin"])
        assert c.cmd("printenv filesize") == "filesize=%x" % size
        want = "%08x" % (__import__("binascii").crc32(f["root.bin"].read_bytes()))
        assert c.cmd("crc32 ${phram_addr} ${filesize}").endswith("==> " + want)
        out = c.cmd("phram add rd %x:ramdisk-1 2000000" % FIT)
        assert out.startswith("phram: 'rd' from FIT image 'ramdisk-1' (crc32+ , not a squashfs) loaded to "
                              "0x02000000..0x02007fff")
        out = c.cmd("phram add k %x:kernel" % FIT)
        assert out == "## Error: image 'kernel' is of type 'kernel', not filesystem or ramdisk"
        out = c.cmd("phram add over %x:ramdisk-1 %x" % (FIT, FIT))
        assert out.startswith("## Error: phram region 0x%08x..0x%08x would overwrite the FIT" % (FIT, FIT + 0x7fff))
        assert c.cmd("phram del rd") == ""
    finally:
        c.close()
    bad = fu.flip(fit, fu.data_offset(fit, f["root.bin"], 77777), d / "bad-root.itb")
    c = start(bad)
    try:
        out = c.cmd("phram add root %x#conf-1" % FIT)
        assert out == "## Error: root image 'root': sha256 hash mismatch (hash-1)"
        assert c.cmd("phram") == "no phram regions"
    finally:
        c.close()


def test_bootm_log_lines_as_uboot(parts):
    """The lines a log parser waits for, in U-Boot's order and words (Debian's U-Boot 2023.01 at -M virt
    prints the same for this FIT): one "## Loading kernel" line and no "## Booting kernel" one, each part's
    configuration check, no "## Flattened Device Tree blob" line for a FIT's fdt. The 'kernel' is this
    firmware (load/entry 0x8000): it starts again at its prompt."""
    d, f = parts
    images = [fu.image_node("kernel", firmware(), "kernel", ("sha256",), load=0x8000, entry=0x8000),
              fu.image_node("fdt-1", f["fdt.dtb"], "flat_dt", ("sha1",), os_=None),
              fu.image_node("ramdisk-1", f["ramdisk.bin"], "ramdisk", ("crc32",))]
    fit = fu.mkimage_fit(fu.its(images, [fu.conf_node("conf-rd", kernel="kernel", fdt="fdt-1",
                                                      ramdisk="ramdisk-1")]), d / "log.itb")
    c = start(fit)
    try:
        c.send("bootm %x#conf-rd\r" % FIT)
        c.expect(r"Starting kernel \.\.\.", timeout=60)
        out = c.child.before.replace("\r", "")
        c.stop_autoboot(timeout=60)
    finally:
        c.close()
    lines = out.split("\n")
    want = ["## Loading kernel from FIT Image at %08x ..." % FIT, "   Using 'conf-rd' configuration",
            "   Verifying Hash Integrity ... OK", "   Trying 'kernel' kernel subimage",
            "   Verifying Hash Integrity ... sha256+ OK",
            "## Loading ramdisk from FIT Image at %08x ..." % FIT, "   Using 'conf-rd' configuration",
            "   Verifying Hash Integrity ... OK", "   Trying 'ramdisk-1' ramdisk subimage",
            "   Verifying Hash Integrity ... crc32+ OK",
            "## Loading fdt from FIT Image at %08x ..." % FIT, "   Using 'conf-rd' configuration",
            "   Verifying Hash Integrity ... OK", "   Trying 'fdt-1' fdt subimage",
            "   Verifying Hash Integrity ... sha1+ OK"]
    pos = -1
    for w in want:  # each in turn, in this order (ValueError: missing or out of order)
        pos = lines.index(w, pos + 1)
    fdt = re.search(r"\n   Booting using the fdt blob at 0x([0-9a-f]{6,})\n", out)
    assert fdt and fdt.start() > out.index("Trying 'fdt-1'"), out
    assert re.search(r"\n   Loading Device Tree to [0-9a-f]{8}, end [0-9a-f]{8} \.\.\. OK\n", out), out
    assert "## Booting kernel" not in out and "## Flattened Device Tree blob" not in out, out
