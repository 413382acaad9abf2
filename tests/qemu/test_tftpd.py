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
                 trace=True, drops="", tftpd_args=(), port=69, dhcp=None):
        """wire=False: QEMU opens tap0 itself (no impairments, no Python in the path: make bench);
        trace=False: atftpd logs no packets (its trace costs more than the transfer); drops: UDP
        frames the wire loses by number (netwire.py); tftpd_args, port: more for tftpd-hpa, and
        where it listens; dhcp: a boot file name, and Debian's dnsmasq serves DHCP with it."""
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
        self.lossy = loss > 0
        self.tftpd_args, self.port = list(tftpd_args), port
        sh("ip", "-n", self.ns, "link", "set", "lo", "up")
        sh("ip", "-n", self.ns, "tuntap", "add", "dev", "tap0", "mode", "tap")
        sh("ip", "-n", self.ns, "addr", "add", SERVER + "/24", "dev", "tap0")
        sh("ip", "-n", self.ns, "link", "set", "tap0", "up")
        self.start_tftpd()
        if dhcp is not None:
            self.start_dnsmasq(dhcp)
        self.wire = wire
        if not wire:
            return
        wire = subprocess.Popen(["ip", "netns", "exec", self.ns, "/usr/bin/python3", os.path.join(HERE, "netwire.py"),
                                 "tap0", "7001", "7002", str(loss), str(dup), str(reorder), str(seed), drops],
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
            cmd = ["in.tftpd", "-L", "-c", "-s", str(self.dir), "-a", "%s:%d" % (SERVER, self.port), "-u",
                   "nobody"] + self.tftpd_args
        self.log = self.dir.parent / ("%s.log" % self.server)
        with open(str(self.log), "a") as log:
            self.tftpd = subprocess.Popen(["ip", "netns", "exec", self.ns] + cmd, stdout=log, stderr=log)
        self.procs.append(self.tftpd)
        time.sleep(0.3)

    def start_dnsmasq(self, bootfile):
        """DHCP only (no DNS): GUEST for any client, bootfile from SERVER, at once (no ping first)."""
        d = self.dir.parent
        cmd = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0", "--interface=tap0",
               "--bind-interfaces", "--dhcp-range=%s,%s,255.255.255.0,1h" % (GUEST, GUEST),
               "--dhcp-boot=%s,,%s" % (bootfile, SERVER), "--no-ping", "--user=root",
               "--dhcp-leasefile=%s" % (d / "leases"), "--pid-file=%s" % (d / "dnsmasq.pid"),
               "--log-dhcp", "--log-facility=-"]
        with open(str(d / "dnsmasq.log"), "a") as log:
            self.procs.append(subprocess.Popen(["ip", "netns", "exec", self.ns] + cmd, stdout=log, stderr=log))
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
        if self.lossy:
            # U-Boot counts time-outs over the whole transfer: at 5 % loss a few hundred blocks
            # meet more than the default 10, as they would with U-Boot on such a link
            c.cmd("setenv tftptimeoutcountmax 1000")
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



# --- time-outs, ports, DHCP and netretry as U-Boot has them (net/tftp.c, net/bootp.c, net/net.c)

# tftpd-hpa without the timeout option and with a 5 s retransmission of its own: a frame the wire
# loses is sent again by the guest only (after tftptimeout, 1 s), so each loss is exactly one 'T'
SLOW_SERVER = ("-r", "timeout", "-T", "5000000")


def lossy_get(tmp_path, drops, countmax):
    """tftpboot of a 200-block file with the guest's UDP frames `drops` lost: its output, with
    the file checked byte for byte when it arrived."""
    net = Net(tmp_path, drops=",".join("to_server:%d" % n for n in drops), tftpd_args=SLOW_SERVER)
    data = os.urandom(200 * 512 - 100)
    (net.dir / "f.bin").write_bytes(data)
    c = net.console()
    try:
        c.cmd("setenv tftpblocksize 512; setenv tftptimeoutcountmax %d" % countmax)
        out = c.cmd("tftpboot 0x01000000 f.bin; echo rc=$?", timeout=60)
        if out.endswith("rc=0"):
            assert c.cmd("crc32 0x01000000 0x%x" % len(data)) == crc_line(0x01000000, data)
        return out
    finally:
        c.close()
        net.close()


def test_timeouts_add_up_within_the_limit(tmp_path):
    # the request and two ACKs lost: three time-outs, each followed by progress, are within
    # tftptimeoutcountmax 3; the file arrives whole
    out = lossy_get(tmp_path, (1, 40, 120), 3)
    assert out.endswith("rc=0"), out
    assert "Loading: T " in out and out.count("T ") == 3, out


def test_timeouts_add_up_over_the_whole_transfer(tmp_path):
    # four losses far apart: U-Boot counts time-outs over the transfer (a block that arrives does
    # not clear the count), so the fourth ends it though every one of them was followed by progress
    out = lossy_get(tmp_path, (1, 40, 120, 160), 3)
    assert out.count("T ") == 3, out
    assert out.endswith("\nRetry count exceeded; TFTP server %s not answering\nrc=1" % SERVER), out


def udp_ports(pcap, src):
    """(source port, destination port) of each UDP frame from src in a pcap QEMU's filter-dump wrote."""
    b = pcap.read_bytes()
    ports, off, ip = [], 24, bytes(map(int, src.split(".")))
    while off + 16 <= len(b):
        n = int.from_bytes(b[off + 8:off + 12], "little")
        f = b[off + 16:off + 16 + n]
        off += 16 + n
        if f[12:14] == b"\x08\x00" and f[23] == 17 and f[26:30] == ip:
            u = 14 + (f[14] & 15) * 4
            ports.append((int.from_bytes(f[u:u + 2], "big"), int.from_bytes(f[u + 2:u + 4], "big")))
    return ports


def test_tftpsrcp_tftpdstp(tmp_path):
    net = Net(tmp_path, port=6969)
    data = os.urandom(100000)
    (net.dir / "f.bin").write_bytes(data)
    pcap = tmp_path / "wire.pcap"
    c = net.console(extra=["-object", "filter-dump,id=d0,netdev=n0,file=%s" % pcap])
    try:
        # nobody on port 69: the request goes unanswered
        c.cmd("setenv tftptimeoutcountmax 1")
        out = c.cmd("tftpboot 0x01000000 f.bin; echo rc=$?", timeout=30)
        assert out.endswith("Loading: T \nRetry count exceeded; TFTP server %s not answering\nrc=1" % SERVER), out
        c.cmd("setenv tftpdstp 6969; setenv tftpsrcp 4321")
        get(c, "f.bin", len(data))
        assert c.cmd("crc32 0x01000000 0x%x" % len(data)) == crc_line(0x01000000, data)
        out = c.cmd("tftpput 0x01000000 0x1000 back.bin; echo rc=$?", timeout=30)
        assert out.endswith("Bytes transferred = 4096 (1000 hex)\nrc=0"), out
        # what is no UDP port is refused before anything is sent
        for v in ("0", "70000", "tftp"):
            out = c.cmd("setenv tftpsrcp %s; tftpboot 0x01000000 f.bin; echo rc=$?" % v)
            assert "## Error: bad tftpsrcp '%s' (want a UDP port, 1-65535)\nrc=1" % v in out, out
    finally:
        c.close()
        net.close()
    assert (net.dir / "back.bin").read_bytes() == data[:0x1000]
    ports = udp_ports(pcap, GUEST)
    first, rest = ports[:2], ports[2:]  # the unanswered request and its retransmission
    assert first[0] == first[1] and first[0][1] == 69 and 1024 <= first[0][0] < 4096, ports
    # then everything from tftpsrcp, the RRQ and the WRQ to tftpdstp (the rest to the server's TIDs)
    assert rest[0] == (4321, 6969) and len(rest) > 60 and all(sp == 4321 for sp, _ in rest), ports
    assert [p for p in rest if p[1] == 6969] == [(4321, 6969)] * 2, ports


def test_dhcp_retry_schedule_and_netretry(tmp_path):
    # no DHCP server: U-Boot's schedule, DISCOVERs at 0, 0.25, 0.75, 1.75 s, then every 2 s until
    # bootpretryperiod (3 s here) has passed
    net = Net(tmp_path)
    c = net.console()
    try:
        c.cmd("setenv bootpretryperiod 3000")
        out = c.cmd("dhcp; echo rc=$?", timeout=30)
        assert out.endswith("BOOTP broadcast 4\n\nRetry time exceeded\nrc=1"), out
        assert out.count("BOOTP broadcast") == 4, out
        # netretry once: all of it once more
        out = c.cmd("setenv netretry once; dhcp; echo rc=$?", timeout=30)
        assert out.count("BOOTP broadcast 1\n") == 2 and out.count("BOOTP broadcast") == 8, out
        assert "BOOTP broadcast 4\n\nRetry time exceeded; starting again\nBOOTP broadcast 1\n" in out, out
        assert out.endswith("\nRetry time exceeded\nrc=1"), out
    finally:
        c.close()
        net.close()


def test_dhcp_lost_offers_and_restart_from_dhcp(tmp_path):
    # Debian's dnsmasq; the first two OFFERs lost: the third DISCOVER gets the address
    net = Net(tmp_path, dhcp="nothere.bin", drops="to_guest:1-2")
    c = net.console()
    try:
        c.cmd("setenv ipaddr; setenv serverip; setenv autoload no")
        out = c.cmd("dhcp; echo rc=$?", timeout=30)
        assert "BOOTP broadcast 3\nDHCP client bound to address %s" % GUEST in out, out
        assert out.endswith("rc=0"), out
        assert c.cmd("printenv ipaddr serverip bootfile").split("\n") == [
            "ipaddr=" + GUEST, "serverip=" + SERVER, "bootfile=nothere.bin"]
        # autoload: the file is missing; netretry once starts again from DHCP, as U-Boot's
        # net_loop(DHCP) does, and 'File not found' is retried too
        c.cmd("setenv autoload; setenv netretry once")
        out = c.cmd("dhcp 0x01000000; echo rc=$?", timeout=60)
        assert out.count("DHCP client bound to address %s" % GUEST) == 2, out
        assert "TFTP error: 'File not found' (1)\nStarting again\n\nBOOTP broadcast 1\n" in out, out
        assert out.endswith("TFTP error: 'File not found' (1)\nNot retrying...\nrc=1"), out
    finally:
        c.close()
        net.close()
