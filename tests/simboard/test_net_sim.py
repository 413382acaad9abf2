"""The DM9000 driver on the sim board, its model's wire ending in Debian's libslirp: DHCP, TFTP and
ping against slirp's own servers (10.0.2.2; the guest is given 10.0.2.15), as on QEMU's user network."""
import os
import re
import time

from simhelp import RAM, crc_line


def test_dhcp_and_tftp_byte_exact(board, tmp_path):
    srv = tmp_path / "tftp"
    srv.mkdir()
    data = os.urandom(1000001)
    (srv / "kernel.bin").write_bytes(data)
    s = board.start(tftp=srv)
    s.ok("setenv autoload no")
    out = s.ok("dhcp")
    assert "BOOTP broadcast 1\nDHCP client bound to address 10.0.2.15" in out, out  # as U-Boot: no line for the REQUEST
    # restricted slirp offers no router (option 3): gatewayip stays unset
    assert s.cmd("printenv ipaddr netmask serverip ethact gatewayip").split("\n") == [
        "ipaddr=10.0.2.15", "netmask=255.255.255.0", "serverip=10.0.2.2", "ethact=dm9000",
        "## Error: \"gatewayip\" not defined"]
    out = s.ok("tftpboot 0x%x kernel.bin" % RAM)
    assert "Using dm9000 device\nTFTP from server 10.0.2.2; our IP address is 10.0.2.15\n" \
        "Filename 'kernel.bin'.\nLoad address: 0x%x\nLoading: " % RAM in out, out
    assert re.search(r"#{50}  976.6 KiB\n\t [0-9.]+ [KM]iB/s\ndone\nBytes transferred = 1000001 \(f4241 hex\)$", out), out
    assert s.cmd("printenv filesize fileaddr").split("\n") == ["filesize=f4241", "fileaddr=%x" % RAM]
    assert s.cmd("crc32 0x%x 0xf4241" % RAM) == crc_line(RAM, data)
    assert s.ok("ping 10.0.2.2") == "Using dm9000 device\nhost 10.0.2.2 is alive"
    # dhcp with a file: loads it (autoload on), and the MAC the driver used is in ethaddr
    s.ok("setenv autoload yes")
    out = s.ok("dhcp 0x%x kernel.bin" % (RAM + 0x200000))
    assert "Bytes transferred = 1000001 (f4241 hex)" in out
    assert s.cmd("crc32 0x%x 0xf4241" % (RAM + 0x200000)) == crc_line(RAM + 0x200000, data)
    assert re.match(r"ethaddr=[0-9a-f]{2}(:[0-9a-f]{2}){5}$", s.cmd("printenv ethaddr"))


def test_missing_file_shows_the_servers_error(board, tmp_path):
    srv = tmp_path / "tftp"
    srv.mkdir()
    s = board.start(tftp=srv)
    s.ok("setenv ipaddr 10.0.2.15; setenv serverip 10.0.2.2")
    out = s.fails("tftpboot 0x%x nothere.bin" % RAM)
    assert out.endswith("Loading:\nTFTP error: 'File not found' (1)\nNot retrying..."), out


def test_ctrl_c_stops_a_transfer(board, tmp_path):
    srv = tmp_path / "tftp"
    srv.mkdir()
    (srv / "big.bin").write_bytes(os.urandom(48 << 20))
    s = board.start(tftp=srv)
    s.ok("setenv ipaddr 10.0.2.15; setenv serverip 10.0.2.2; setenv tftpblocksize 512")
    ch = s.c.child
    ch.send("tftpboot 0x%x big.bin\r" % RAM)
    ch.expect_exact("Loading: #", timeout=30)  # the first 2 % are in
    ch.send("\x03")
    ch.expect_exact("Abort", timeout=10)
    assert s.cmd("echo alive") == "alive"
    # it stopped part-way: filesize was not set, and the server takes a new request at once
    assert s.cmd("printenv filesize") == "## Error: \"filesize\" not defined"
    (srv / "small.bin").write_bytes(b"after the abort\n")
    assert "Bytes transferred = 16 (10 hex)" in s.ok("tftpboot 0x%x small.bin" % RAM)
