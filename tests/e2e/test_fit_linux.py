"""End-to-end: one signed FIT (mkimage -f, keys from openssl, firmware built with FIT_KEYS_DTB) in NOR carries
the zImage, the DTB and the squashfs root; flashboot checks the signature and every hash, registers the root as
phram from the FIT and boots Linux through bootm, which mounts its root from phram. A changed copy is refused."""
import os
import subprocess
import sys

import pytest

from conftest import build_nor, check_pad, wait_linux
from fbconsole import Console

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fitutil as fu  # noqa: E402

NOR_BASE = 0x34000000


@pytest.fixture(scope="module")
def signed(arts, tmp_path_factory):
    d = tmp_path_factory.mktemp("fit-e2e")
    fu.make_key(d / "keys", "e2e")
    pub = fu.empty_dtb(d / "pub.dtb")
    images = [fu.image_node("kernel", arts.zimage, "kernel", ("sha256",), load=0x8000, entry=0x8000,
                            desc="Linux 6.1 test kernel"),
              fu.image_node("fdt-1", arts.dtb, "flat_dt", ("sha1",), os_=None),
              fu.image_node("root", arts.squashfs, "filesystem", ("sha256", "crc32"))]
    confs = [fu.conf_node("conf-1", sign=("e2e", 2048), kernel="kernel", fdt="fdt-1", loadables="root")]
    fit = fu.mkimage_fit(fu.its(images, confs, default="conf-1"), d / "signed.itb", keydir=d / "keys",
                         pubdtb=pub)
    fw = fu.build_keyed_firmware(pub, os.path.relpath(str(d / "fw"), fu.ROOT))
    return d, fit, fw


def start_fw(fw, nor):
    c = Console.qemu(kernel=fw, pflash=nor, timeout=30)
    c.stop_autoboot(timeout=30)
    return c


def test_signed_fit_kernel_dtb_root(arts, signed, tmp_path):
    d, fit, fw = signed
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, rootfs=fit))
    fitaddr = NOR_BASE + arts.part("rootfs")[1]
    c = start_fw(fw, nor)
    try:
        out = c.cmd("iminfo %x" % fitaddr, timeout=60)
        assert "Sign algo:    sha256,rsa2048:e2e+ OK" in out
        assert out.endswith("## Checking hash(es) for FIT Image at %08x ... OK" % fitaddr)
        out = c.cmd("phram load rootfs", timeout=60)
        assert out.startswith("phram: 'rootfs' from FIT image 'root' (sha256,rsa2048:e2e+ sha256+ crc32+ , "
                              "squashfs) loaded to 0x"), out
        c.cmd("setenv bootargs console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro")
        c.send("bootm %x\r" % fitaddr)
        for e in [r"## Loading kernel from FIT Image at %08x" % fitaddr, r"Using 'conf-1' configuration",
                  r"Verifying Hash Integrity \.\.\. sha256,rsa2048:e2e\+ OK",
                  r"Trying 'kernel' kernel subimage", r"Verifying Hash Integrity \.\.\. sha256\+ OK",
                  r"Trying 'fdt-1' fdt subimage", r"Verifying Hash Integrity \.\.\. sha1\+ OK",
                  r"Loading Kernel Image to 00008000"]:
            c.expect(e, timeout=60)
        c.expect(r"Starting kernel \.\.\.", timeout=60)
        run = wait_linux(c)
    finally:
        c.close()
    assert run.mtd[0][0::3] == (0, "rootfs")
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_signed_firmware_refuses_changed_fits(arts, signed, tmp_path):
    """The keyed firmware: a flipped byte in the root, a FIT without signature, addr:image forms: refused."""
    d, fit, fw = signed
    bad_root = fu.flip(fit, fu.data_offset(fit, arts.squashfs, 5000), tmp_path / "badroot.itb")
    unsigned = fu.mkimage_fit(open(str(d / "signed.itb.its")).read(), tmp_path / "unsigned.itb")
    # small signed FITs (random "kernel"): one by another key of the same name, one changed after signing
    (tmp_path / "k.bin").write_bytes(os.urandom(20000))
    small = fu.its([fu.image_node("kernel", tmp_path / "k.bin", "kernel", ("sha256",), load=0x8000)],
                   [fu.conf_node("conf-1", sign=("e2e", 2048), kernel="kernel")], default="conf-1")
    fu.make_key(tmp_path / "other", "e2e")
    fu.empty_dtb(tmp_path / "otherpub.dtb")
    wrong = fu.mkimage_fit(small, tmp_path / "wrong.itb", keydir=tmp_path / "other", pubdtb=tmp_path / "otherpub.dtb")
    changed = fu.mkimage_fit(small, tmp_path / "changed.itb", keydir=d / "keys", pubdtb=tmp_path / "pub2.dtb") \
        if fu.empty_dtb(tmp_path / "pub2.dtb") else None
    subprocess.run(["fdtput", "-ti", changed, "/images/kernel", "load", "0x10000"], check=True)
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, rootfs=bad_root, kernel=unsigned,
                                                          dtb=wrong, script=changed))
    fitaddr = NOR_BASE + arts.part("rootfs")[1]
    kaddr = NOR_BASE + arts.part("kernel")[1]
    c = start_fw(fw, nor)
    try:
        out = c.cmd("phram load rootfs", timeout=60)
        assert out == "## Error: root image 'root': sha256 hash mismatch (hash-1)"
        assert c.cmd("phram") == "no phram regions"
        out = c.cmd("bootm %x" % kaddr, timeout=60)
        assert out.endswith("## Error: configuration 'conf-1': signature-1 holds no signature value (not signed); "
                            "key 'e2e' requires one\nERROR: can't get kernel image!"), out
        out = c.cmd("bootm %x:kernel" % kaddr)
        assert out.endswith("## Error: this firmware requires signed configurations: boot '%x#<conf>', not '%x:kernel'\nERROR: can't get kernel image!"
                            % (kaddr, kaddr)), out
        out = c.cmd("phram add r %x:root" % fitaddr)
        assert "requires signed configurations" in out
        for part in ("dtb", "script"):
            out = c.cmd("bootm %x" % (NOR_BASE + arts.part(part)[1]))
            assert out.endswith("## Error: configuration 'conf-1': signature-1 signature does not verify "
                                "(changed, or signed with another key) (key 'e2e')\nERROR: can't get kernel image!"), out
        assert c.cmd("setenv verify no; echo alive") == "alive"
        out = c.cmd("bootm %x" % kaddr, timeout=60)
        assert "holds no signature value" in out and "Starting kernel" not in out
    finally:
        c.close()
