"""common/sha1.c, sha256.c and rsa.c against coreutils' sha*sum and openssl (keys made at test time)."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["tests/host/cryptotool.c", "common/sha1.c", "common/sha256.c", "common/md_frame.c", "common/rsa.c"]


@pytest.fixture(scope="module")
def tool(tmp_path_factory):
    out = tmp_path_factory.mktemp("cryptotool") / "cryptotool"
    r = subprocess.run(["gcc", "-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror", "-Iinclude",
                        "-fsanitize=address,undefined", "-o", str(out), *SOURCES],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def run(*args):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True)


@pytest.mark.parametrize("size", [0, 1, 55, 56, 63, 64, 65, 119, 120, 4096, 1000003])
def test_sha_matches_coreutils(tool, tmp_path, size):
    f = tmp_path / "d"
    f.write_bytes(os.urandom(size))
    for algo in ("sha1", "sha256"):
        want = run(f"{algo}sum", f).stdout.split()[0]
        assert run(tool, algo, f).stdout.strip() == want


def key_params(keyfile):
    """Modulus, R^2 mod n and -1/n mod 2^32 the way mkimage -K stores them."""
    out = run("openssl", "rsa", "-in", keyfile, "-noout", "-modulus").stdout
    n = int(out.strip().split("=", 1)[1], 16)
    bits = n.bit_length()
    nbytes = bits // 8
    rr = pow(2, 2 * bits, n)
    n0inv = (-pow(n, -1, 2**32)) % 2**32
    return n.to_bytes(nbytes, "big").hex(), rr.to_bytes(nbytes, "big").hex(), n0inv


@pytest.mark.parametrize("bits,exp", [(2048, 65537), (3072, 65537), (4096, 65537), (2048, 3)])
def test_rsa_against_openssl(tool, tmp_path, bits, exp):
    key = tmp_path / "k.pem"
    r = run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}",
            "-pkeyopt", f"rsa_keygen_pubexp:{exp}", "-out", key)
    assert r.returncode == 0, r.stderr
    n, rr, n0inv = key_params(key)
    data = tmp_path / "data"
    data.write_bytes(os.urandom(5000))
    sig = tmp_path / "sig"
    r = run("openssl", "dgst", "-sha256", "-sign", key, "-out", sig, data)
    assert r.returncode == 0, r.stderr
    assert run(tool, "rsa", n, rr, n0inv, exp, sig, data).returncode == 0
    # one flipped bit in the data, in the signature, a different key: refused as a bad signature
    bad = bytearray(data.read_bytes())
    bad[1234] ^= 0x10
    (tmp_path / "bad").write_bytes(bad)
    assert run(tool, "rsa", n, rr, n0inv, exp, sig, tmp_path / "bad").returncode == 1
    s = bytearray(sig.read_bytes())
    s[-1] ^= 1
    (tmp_path / "badsig").write_bytes(s)
    assert run(tool, "rsa", n, rr, n0inv, exp, tmp_path / "badsig", data).returncode == 1
    key2 = tmp_path / "k2.pem"
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}", "-out", key2)
    n2, rr2, n0inv2 = key_params(key2)
    assert run(tool, "rsa", n2, rr2, n0inv2, 65537, sig, data).returncode == 1
    # a signature not below the modulus (another key's often is): a bad signature, not a bad key
    (tmp_path / "bign").write_bytes(bytes.fromhex(n))
    assert run(tool, "rsa", n, rr, n0inv, exp, tmp_path / "bign", data).returncode == 1
    # a key whose n0inv does not belong to the modulus is not a key
    assert run(tool, "rsa", n, rr, n0inv ^ 2, exp, sig, data).returncode == 3
