"""boot/fit.c and boot/fit_sig.c against FITs signed by Debian's mkimage (keys from openssl at test time):
good signatures of every key size verify; a wrong key, a missing signature, a changed configuration,
an image the signature does not cover and flipped data are refused."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import fitutil as fu  # noqa: E402


@pytest.fixture(scope="module")
def tool(tmp_path_factory):
    libfdt = subprocess.run(["bash", "tools/fetch-libfdt.sh"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    out = tmp_path_factory.mktemp("fittool") / "fittool"
    srcs = ["tests/host/fittool.c", "boot/fit.c", "boot/fit_sig.c", "common/sha1.c", "common/sha256.c", "common/md_frame.c",
            "common/rsa.c", "common/crc32.c", "fdt/fixup.c"] + \
        [os.path.join(libfdt, f) for f in ("fdt.c", "fdt_ro.c", "fdt_strerror.c")]
    r = subprocess.run(["gcc", "-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror", "-Iinclude", "-I" + libfdt,
                        "-DCONFIG_SHA1=1", "-DCONFIG_SHA256=1", "-DCONFIG_FIT_SIGNATURE=1",
                        "-ffunction-sections", "-Wl,--gc-sections", "-fsanitize=address,undefined",
                        "-o", str(out), *srcs], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    d = tmp_path_factory.mktemp("fitsig")
    for name, size in (("kernel.bin", 100000), ("fdt.bin", 3000), ("root.bin", 50000), ("other.bin", 999)):
        (d / name).write_bytes(os.urandom(size))
    fu.make_key(d / "keys", "dev")
    fu.make_key(d / "keys", "dev3072", 3072)
    fu.make_key(d / "keys", "dev4096", 4096)
    fu.make_key(d / "wrong", "dev")
    return d


def images(d):
    return [fu.image_node("kernel", d / "kernel.bin", "kernel", ("sha256", "crc32"), load=0x8000, entry=0x8000),
            fu.image_node("fdt-1", d / "fdt.bin", "flat_dt", ("sha1",), os_=None),
            fu.image_node("root", d / "root.bin", "filesystem", ("sha256",)),
            fu.image_node("other", d / "other.bin", "kernel", ("sha256",), load=0x8000)]


def signed(d, name, key=("dev", 2048), keydir="keys", pub="pub.dtb", **conf):
    conf = conf or dict(kernel="kernel", fdt="fdt-1", loadables="root")
    if not (d / pub).exists():
        fu.empty_dtb(d / pub)
    its = fu.its(images(d), [fu.conf_node("conf-1", sign=key, **conf),
                             fu.conf_node("conf-2", kernel="other")], default="conf-1")
    return fu.mkimage_fit(its, d / name, keydir=d / keydir if key else None, pubdtb=d / pub)


def check(tool, fit, keys, conf=None):
    args = [str(tool), str(fit), str(keys)] + ([conf] if conf else [])
    r = subprocess.run(args, capture_output=True, text=True, env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
    return r.returncode, r.stdout


@pytest.mark.parametrize("key", [("dev", 2048), ("dev3072", 3072), ("dev4096", 4096)])
def test_signed_conf_verifies(tool, work, key):
    fit = signed(work, "ok-%s.itb" % key[0], key=key, pub="pub-%s.dtb" % key[0])
    rc, out = check(tool, fit, work / ("pub-%s.dtb" % key[0]))
    assert rc == 0, out
    assert "verify 1 key %s node signature-1 algo sha256,rsa%d" % key in out
    assert "kernel kernel type kernel size 100000 hashes 2 sha256+ crc32+" in out
    assert "loadables root type filesystem size 50000 hashes 1 sha256+" in out


def test_wrong_key_refused(tool, work):
    fit = signed(work, "wrong.itb", keydir="wrong", pub="pub-wrong.dtb")
    signed(work, "ok.itb")
    rc, out = check(tool, fit, work / "pub.dtb")
    assert rc == 1 and out.startswith("verify -13 key dev node signature-1"), out  # -EACCES


def test_missing_signature_refused(tool, work):
    signed(work, "ok.itb")
    fit = signed(work, "unsigned.itb", key=None)
    rc, out = check(tool, fit, work / "pub.dtb")
    assert rc == 1 and out.startswith("verify -61 key dev"), out  # -ENODATA
    # an unsigned configuration of a signed FIT is refused the same way
    rc, out = check(tool, signed(work, "ok.itb"), work / "pub.dtb", "conf-2")
    assert rc == 1 and out.startswith("verify -61 key dev"), out


@pytest.mark.parametrize("node,prop,value", [
    ("/configurations/conf-1", "kernel", "other"),      # points the signed configuration at another image
    ("/images/kernel", "load", "0x10000"),             # a changed load address
    ("/images/kernel/hash-1", "algo", "sha1"),          # a changed hash node
    ("/", "description", "changed"),                    # the root node's properties are signed too
])
def test_changed_configuration_refused(tool, work, node, prop, value):
    fit = signed(work, "ok.itb")
    changed = work / "changed.itb"
    changed.write_bytes(open(fit, "rb").read())
    t = "-ti" if value.startswith("0x") else "-ts"
    subprocess.run(["fdtput", t, str(changed), node, prop, value], check=True)
    rc, out = check(tool, changed, work / "pub.dtb")
    assert rc == 1 and (out.startswith("verify -13") or out.startswith("verify -1 ")), out


def test_flipped_data_refused_by_hash(tool, work):
    """The signature leaves the data out; the signed hash nodes catch a change in it."""
    fit = signed(work, "ok.itb")
    for src, line in (("kernel.bin", "kernel kernel"), ("fdt.bin", "fdt fdt-1"), ("root.bin", "loadables root")):
        bad = fu.flip(fit, fu.data_offset(fit, work / src, 100), work / "flip.itb")
        rc, out = check(tool, bad, work / "pub.dtb")
        assert rc == 1 and "verify 1 key dev" in out, out
        assert any(l.startswith(line) and "hashes -74" in l for l in out.splitlines()), out  # -EBADMSG


def test_uncovered_image_refused(tool, work):
    """hashed-nodes without an image the configuration names: refused even though the RSA math checks out."""
    fit = signed(work, "ok.itb")
    nodes = subprocess.run(["fdtget", str(fit), "/configurations/conf-1/signature-1", "hashed-nodes"],
                           check=True, capture_output=True, text=True).stdout.split()
    assert "/images/root/hash-1" in nodes
    cut = work / "cut.itb"
    cut.write_bytes(open(fit, "rb").read())
    subprocess.run(["fdtput", "-ts", str(cut), "/configurations/conf-1/signature-1", "hashed-nodes",
                    *[n for n in nodes if n != "/images/root/hash-1"]], check=True)
    rc, out = check(tool, cut, work / "pub.dtb")
    assert rc == 1 and out.startswith("verify -1 "), out  # -EPERM


def test_no_required_key_accepts_unsigned(tool, work):
    """Keys without required = "conf" ask for nothing (U-Boot's rule); the hashes are still checked."""
    signed(work, "ok.itb")
    opt = work / "optional.dtb"
    opt.write_bytes((work / "pub.dtb").read_bytes())
    subprocess.run(["fdtput", "-d", str(opt), "/signature/key-dev", "required"], check=True)
    rc, out = check(tool, signed(work, "unsigned.itb", key=None), opt)
    assert rc == 0 and out.startswith("verify 0 "), out
