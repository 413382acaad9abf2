"""FIT images for the tests: .its text, Debian's mkimage -f (signing with -k/-K/-r), keys from openssl,
and a firmware built with those public keys (FIT_KEYS_DTB)."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def image_node(name, path, type_, hashes=("sha256",), load=None, entry=None, comp="none",
               arch="arm", os_="linux", desc=None):
    lines = ["\t\t%s {" % name, '\t\t\tdata = /incbin/("%s");' % path,
             '\t\t\ttype = "%s";' % type_, '\t\t\tarch = "%s";' % arch, '\t\t\tcompression = "%s";' % comp]
    if os_:
        lines.append('\t\t\tos = "%s";' % os_)
    if desc:
        lines.append('\t\t\tdescription = "%s";' % desc)
    if load is not None:
        lines.append("\t\t\tload = <0x%x>;" % load)
    if entry is not None:
        lines.append("\t\t\tentry = <0x%x>;" % entry)
    for i, h in enumerate(hashes):
        lines.append('\t\t\thash-%d { algo = "%s"; };' % (i + 1, h))
    lines.append("\t\t};")
    return "\n".join(lines)


def conf_node(name, sign=None, **parts):
    """parts: kernel="kernel", fdt="fdt-1", loadables=["root"], script="s"; sign: key name."""
    lines = ["\t\t%s {" % name]
    for k, v in parts.items():
        vals = v if isinstance(v, (list, tuple)) else [v]
        lines.append("\t\t\t%s = %s;" % (k, ", ".join('"%s"' % x for x in vals)))
    if sign:
        imgs = [k for k in parts if k in ("kernel", "fdt", "ramdisk", "loadables", "script")]
        lines.append('\t\t\tsignature-1 { algo = "sha256,rsa%s"; key-name-hint = "%s"; sign-images = %s; };'
                     % (sign[1], sign[0], ", ".join('"%s"' % x for x in imgs)))
    lines.append("\t\t};")
    return "\n".join(lines)


def its(images, confs, default=None):
    out = ["/dts-v1/;", "/ {", '\tdescription = "flashboot test FIT";', "\t#address-cells = <1>;",
           "\timages {", *images, "\t};", "\tconfigurations {"]
    if default:
        out.append('\t\tdefault = "%s";' % default)
    out += [*confs, "\t};", "};", ""]
    return "\n".join(out)


def mkimage_fit(its_text, out, keydir=None, pubdtb=None, extra=()):
    """mkimage -f; with keydir: -k keydir -K pubdtb -r (sign the configurations, key required)."""
    src = str(out) + ".its"
    with open(src, "w") as f:
        f.write(its_text)
    args = ["mkimage", "-f", src, *extra]
    if keydir:
        args += ["-k", str(keydir), "-K", str(pubdtb), "-r"]
    args.append(str(out))
    r = subprocess.run(args, cwd=os.path.dirname(src), capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return str(out)


def make_key(keydir, name, bits=2048):
    """keydir/name.key and .crt, as mkimage -k wants them."""
    os.makedirs(keydir, exist_ok=True)
    key = os.path.join(keydir, name + ".key")
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:%d" % bits,
                    "-out", key], check=True, capture_output=True)
    subprocess.run(["openssl", "req", "-batch", "-new", "-x509", "-key", key, "-subj", "/CN=%s" % name,
                    "-out", os.path.join(keydir, name + ".crt")], check=True, capture_output=True)


def empty_dtb(path):
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(path), "-"], input="/dts-v1/;\n/ { };\n",
                   text=True, check=True)
    return str(path)


def build_keyed_firmware(pubdtb, outdir):
    """flashboot for versatilepb with pubdtb's keys built in; returns the .bin path."""
    r = subprocess.run(["make", "-s", "-j2", "BOARD=versatilepb", "O=%s" % outdir,
                        "FIT_KEYS_DTB=%s" % pubdtb, "all"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return os.path.join(ROOT, outdir, "flashboot.bin")


def flip(path, offset, out):
    data = bytearray(open(path, "rb").read())
    data[offset] ^= 0x01
    open(out, "wb").write(data)
    return str(out)


def data_offset(fit, src, at=0):
    """Offset in the FIT file of byte at of the data that came from file src (mkimage copies it whole)."""
    blob = open(src, "rb").read()
    whole = open(fit, "rb").read()
    off = whole.find(blob)
    assert off > 0
    return off + at
