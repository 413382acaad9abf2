"""TFTP against independent servers: Debian's tftpd-hpa and atftpd (the one that grants RFC 7440
windowsize) in a network namespace the test creates, reached from QEMU through a tap device and a
wire that loses, duplicates and reorders UDP frames (tests/qemu/netwire.py, fixed seed). Needs root
(CI runs as root)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbconsole import Console, crc_line, firmware  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER, GUEST = "10.9.0.1", "10.9.0.2"


def sh(*args):
    subprocess.run(args, check=True)


class Net:
    """A namespace with tap0 (SERVER/24), a TFTP server on it (tftpd-hpa or atftpd), and the wire to QEMU."""

    def __init__(self, tmp_path, loss=0.0, dup=0.0, reorder=0.0, seed=1, server="tftpd-hpa", wire=True,
                 trace=True):
        """wire=False: QEMU opens tap0 itself (no impairments, no Python in the path: make bench);
        trace=False: atftpd logs no packets (its trace costs more than the transfer)."""
        if os.geteuid() != 0:
            pytest.fail("the tftpd-hpa tests create a network namespace: run them as root (CI does)")
        self.ns = "fbtftp%d" % os.getpid()
        self.dir = tmp_path / "srv"
        self.dir.mkdir()
        os.chmod(str(self.dir), 0o777)
        subprocess.run(["ip", "netns", "del", self.ns], stderr=subprocess.DEVNULL)
        sh("ip", "netns", "add", self.ns)
        self.procs = []
        self.server = server
        self.trace = trace
        sh("ip", "-n", self.ns, "link", "set", "lo", "up")
        sh("ip", "-n", self.ns, "tuntap", "add", "dev", "tap0", "mode", "tap")
        sh("ip", "-n", self.ns, "addr", "add", SERVER + "/24", "dev", "tap0")
        sh("ip", "-n", self.ns, "link", "set", "tap0", "up")
        self.start_tftpd()
        self.wire = wire
        if not wire:
            return
        wire = subprocess.Popen(["ip", "netns", "exec", self.ns, "/usr/bin/python3", os.path.join(HERE, "netwire.py"),
                                 "tap0", "7001", "7002", str(loss), str(dup), str(reorder), str(seed)],
                                stdout=subprocess.PIPE, text=True)
        self.procs.append(wire)
        assert wire.stdout.readline().strip() == "ready"

    def start_tftpd(self):
        if self.server == "atftpd":
            # in the foreground, every packet it sends and gets traced to self.log; as root, because
            # pytest's tmp_path is not reachable for nobody (tftpd-hpa chroots before it drops root)
            atftpd = subprocess.run(["bash", os.path.join(HERE, "..", "..", "tools", "fetch-atftpd.sh")], check=True,
                                    stdout=subprocess.PIPE, text=True).stdout.strip()
            cmd = [atftpd, "--daemon", "--no-fork", "--bind-address", SERVER, "--port", "69", "--user",
                   "root.root", "--logfile", "-"] + (["--trace", "-v7"] if self.trace else []) + [
                   str(self.dir)]
        else:
            cmd = ["in.tftpd", "-L", "-c", "-s", str(self.dir), "-a", SERVER + ":69", "-u", "nobody"]
        self.log = self.dir.parent / ("%s.log" % self.server)
        with open(str(self.log), "a") as log:
            self.tftpd = subprocess.Popen(["ip", "netns", "exec", self.ns] + cmd, stdout=log, stderr=log)
        self.procs.append(self.tftpd)
        time.sleep(0.3)

    def stop_tftpd(self):
        self.tftpd.send_signal(signal.SIGTERM)
        self.tftpd.wait(10)

    def console(self, icount=False, extra=()):
        c = Console(["ip", "netns", "exec", self.ns] + Console.qemu_args(
            icount=icount, extra=["-netdev", "socket,id=n0,udp=127.0.0.1:7001,localaddr=127.0.0.1:7002" if self.wire
                                  else "tap,id=n0,ifname=tap0,script=no,downscript=no",
                   "-net", "nic,model=smc91c111,netdev=n0"] + list(extra)), timeout=60)
        c.stop_autoboot()
        c.cmd("setenv ipaddr %s; setenv netmask 255.255.255.0; setenv serverip %s" % (GUEST, SERVER))
        # U-Boot's shortest tftptimeout (it asks the server for a 1 s time-out as well)
        c.cmd("setenv tftptimeout 1000")
        return c

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        subprocess.run(["ip", "netns", "del", self.ns])


@pytest.fixture
def clean(tmp_path):
    n = Net(tmp_path)
    yield n
    n.close()


@pytest.fixture
def atftpd_clean(tmp_path):
    n = Net(tmp_path, server="atftpd")
    yield n
    n.close()


@pytest.fixture
def atftpd_lossy(tmp_path):
    n = Net(tmp_path, server="atftpd", loss=0.05, dup=0.05, reorder=0.05, seed=7)
    yield n
    n.close()


@pytest.fixture
def lossy(tmp_path):
    n = Net(tmp_path, loss=0.05, dup=0.05, reorder=0.05, seed=7)
    yield n
    n.close()


def get(c, name, size, addr=0x01000000, timeout=180):
    out = c.cmd("tftpboot 0x%x %s" % (addr, name), timeout=timeout)
    assert "Bytes transferred = %d (%x hex)" % (size, size) in out, out
    return out


@pytest.mark.parametrize("blksize,window", [(512, 1), (1468, 1), (1468, 8)])
def test_get_byte_exact_with_loss_duplicates_reordering(lossy, blksize, window):
    data = os.urandom(200000)
    (lossy.dir / "f.bin").write_bytes(data)
    c = lossy.console()
    try:
        c.cmd("setenv tftpblocksize %d; setenv tftpwindowsize %d" % (blksize, window))
        get(c, "f.bin", len(data))
        assert c.cmd("crc32 0x01000000 0x%x" % len(data)) == crc_line(0x01000000, data)
    finally:
        c.close()


def test_clean_large_get_and_put(clean):
    data = os.urandom(3 << 20)
    (clean.dir / "big.bin").write_bytes(data)
    c = clean.console()
    try:
        out = get(c, "big.bin", len(data))
        assert "Loading: " + "#" * 50 + "  3 MiB" in out
        assert c.cmd("crc32 0x01000000 0x300000") == crc_line(0x01000000, data)
        out = c.cmd("tftpput 0x01000000 0x123457 back.bin", timeout=120)
        assert "Bytes transferred = 1193047 (123457 hex)" in out, out
    finally:
        c.close()
    assert (clean.dir / "back.bin").read_bytes() == data[:0x123457]


def test_put_with_loss(lossy):
    c = lossy.console()
    try:
        c.cmd("mw.l 0x01000000 0x12345678 0x20000")  # 512 KiB of a pattern
        out = c.cmd("tftpput 0x01000000 0x80000 up.bin", timeout=180)
        assert "Bytes transferred = 524288 (80000 hex)" in out, out
    finally:
        c.close()
    assert (lossy.dir / "up.bin").read_bytes() == bytes.fromhex("78563412") * 0x20000


def test_missing_file_and_dead_server(clean):
    c = clean.console()
    try:
        out = c.cmd("tftpboot 0x01000000 nothere.bin; echo rc=$?")
        assert "TFTP error: 'File not found' (1)\nNot retrying...\nrc=1" in out
        clean.stop_tftpd()
        c.cmd("setenv tftptimeout 1000; setenv tftptimeoutcountmax 3")
        t = time.time()
        out = c.cmd("tftpboot 0x01000000 nothere.bin; echo rc=$?")
        assert "Retry count exceeded; TFTP server %s not answering\nrc=1" % SERVER in out
        assert time.time() - t < 4 + 2  # tftptimeout x (tftptimeoutcountmax + 1), and a margin
    finally:
        c.close()


def window_get(net, window, size=300000):
    """tftpboot with tftpwindowsize=window from atftpd: byte-exact; returns atftpd's trace."""
    data = os.urandom(size)
    (net.dir / "f.bin").write_bytes(data)
    c = net.console()
    try:
        c.cmd("setenv tftpblocksize 1468; setenv tftpwindowsize %d" % window)
        get(c, "f.bin", len(data))
        assert c.cmd("crc32 0x01000000 0x%x" % len(data)) == crc_line(0x01000000, data)
    finally:
        c.close()
    log = net.log.read_text()
    assert "sent OACK <tsize: %d, timeout: 1, blksize: 1468, windowsize: %d>" % (size, window) in log, log
    return log


@pytest.mark.parametrize("window", [4, 8, 16])
def test_atftpd_grants_window(atftpd_clean, window):
    log = window_get(atftpd_clean, window)
    blocks = 300000 // 1468 + 1
    # one ACK per window (and the one of the OACK), not one per block
    acks = log.count("received ACK")
    assert blocks // window + 1 <= acks <= blocks // window + 3, acks
    assert "not complete/ordered" not in log


@pytest.mark.parametrize("window", [4, 8, 16])
def test_atftpd_window_with_loss_duplicates_reordering(atftpd_lossy, window):
    log = window_get(atftpd_lossy, window)
    # blocks lost or swapped inside a window: the ACK of the last block held in order makes
    # atftpd go back there (RFC 7440's rollback), and the file still arrives byte-exact
    assert "not complete/ordered" in log
