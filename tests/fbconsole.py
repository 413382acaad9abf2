"""Drive flashboot's serial console in QEMU (or the host sim board) with pexpect, as a person would."""
import binascii
import os
import re
import shutil
import subprocess
import termios
import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = "=> "


def firmware(board="versatilepb", kind="bin"):
    return os.path.join(ROOT, "out", board, "flashboot." + kind)


class Console:
    """A running QEMU with flashboot on its first serial port."""

    def __init__(self, args, timeout=10, logfile=None):
        self.args = args
        self.child = pexpect.spawn(args[0], args[1:], encoding="latin-1", timeout=timeout,
                                   codec_errors="replace")
        self.child.logfile_read = logfile
        self.boot_log = ""

    @classmethod
    def qemu(cls, kernel=None, pflash=None, extra=(), mem="128M", icount=False, load=(), **kw):
        """load: (path, addr) files that QEMU's loader device puts raw into RAM before the start.
        kernel=False: no -kernel (the caller starts the CPU elsewhere, e.g. in the NOR)."""
        return cls(cls.qemu_args(kernel, pflash, extra, mem, icount, load), **kw)

    @staticmethod
    def qemu_args(kernel=None, pflash=None, extra=(), mem="128M", icount=False, load=()):
        """The QEMU command line qemu() runs (for a caller that wraps it, e.g. in ip netns exec)."""
        # signal=off: a Ctrl-C typed at the console goes to the firmware, not to QEMU
        args = ["qemu-system-arm", "-M", "versatilepb", "-m", mem, "-display", "none",
                "-chardev", "stdio,id=s0,signal=off", "-serial", "chardev:s0",
                "-no-reboot", "-monitor", "none", "-audiodev", "none,id=n0"]
        if icount:
            args += ["-icount", "shift=0,sleep=off"]
        if kernel is not False:
            args += ["-kernel", kernel or firmware()]
        if pflash:
            args += ["-drive", "if=pflash,file=%s,format=raw" % pflash]
        for path, addr in load:
            args += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, addr)]
        args += list(extra)
        return args

    @classmethod
    def qemu_nor(cls, img, kernel=None, timeout=20):
        """QEMU on the NOR image img, typing without pexpect's pause (each command waits for its echo)."""
        c = cls.qemu(kernel=kernel, pflash=str(img), timeout=timeout)
        c.child.delaybeforesend = None  # each command waits for its echo anyway
        return c

    @classmethod
    def sim(cls, nand, nor, bad_blocks=(), bitflips=(), tftp=None, **kw):
        """The firmware built for the host (make BOARD=sim) on a pty, with its NAND and NOR images
        (created erased when missing). bitflips: (page, byte, bit) weak bits in the NAND.
        tftp: the directory the sim network's TFTP server (libslirp, 10.0.2.2) serves."""
        args = [os.path.join(ROOT, "out", "sim", "flashboot"), "--nand", str(nand), "--nor", str(nor)]
        if tftp:
            args += ["--tftp", str(tftp)]
        for b in bad_blocks:
            args += ["--bad-block", str(b)]
        for f in bitflips:
            args += ["--bitflip", "%d,%d,%d" % tuple(f)]
        return cls(args, **kw)

    def expect(self, pattern, timeout=-1):
        self.child.expect(pattern, timeout=timeout)
        return self.child.before

    def stop_autoboot(self, timeout=10):
        """Wait for the countdown and press a key; return what was printed up to the prompt."""
        self.boot_log = self.expect("Hit any key to stop autoboot", timeout)
        self.child.send(" ")
        self.boot_log += self.expect(PROMPT, timeout)
        return self.boot_log

    def cmd(self, line, timeout=-1, prompt=PROMPT):
        """Type a command line and return its output (without the echo and the prompt)."""
        self.child.send(line + "\r")
        self.child.expect_exact(line, timeout=timeout)  # the echo
        self.child.expect_exact("\n" + prompt, timeout=timeout)  # prompts start a line
        out = self.child.before
        return out.replace("\r", "").strip("\n")

    def send(self, s):
        self.child.send(s)

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close()


def parse_md(out):
    """Bytes shown by an md.b listing."""
    data = bytearray()
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]{8}:((?: [0-9a-f]{2})+)\s{2}", line)
        if m:
            data += bytes(int(x, 16) for x in m.group(1).split())
    return bytes(data)


def crc_line(addr, data):
    """What `crc32 addr len` prints for these bytes at addr."""
    return "crc32 for %08x ... %08x ==> %08x" % (addr, addr + len(data) - 1, binascii.crc32(data))


NOR_SIZE = 64 << 20  # QEMU's versatilepb pflash wants its backing file exactly this big


def make_nor_image(path, fills=()):
    """A 64 MiB erased NOR image with (offset, bytes) pieces written into it."""
    ff = b"\xff" * (1 << 20)
    with open(path, "wb") as f:
        for _ in range(NOR_SIZE >> 20):
            f.write(ff)
        for off, data in fills:
            f.seek(off)
            f.write(data)
    return path


def read_at(path, off, size):
    with open(path, "rb") as f:
        f.seek(off)
        return f.read(size)


def write_at(path, off, data):
    with open(path, "r+b") as f:
        f.seek(off)
        f.write(data)


def seen(out):
    """What a terminal shows: backspaces move back over progress figures."""
    res = []
    for line in out.split("\n"):
        buf = []
        for ch in line:
            if ch == "\b":
                if buf:
                    buf.pop()
            else:
                buf.append(ch)
        res.append("".join(buf))
    return "\n".join(res)


def run_sender(console, argv, timeout=120):
    """Run a file-transfer program (lrzsz's sb, gkermit) with its stdin/stdout on the console's pty, as a
    terminal program would. The pty's modes are put back afterwards (gkermit leaves echo and output
    translation on when it exits). Returns (exit code, what it printed on stderr)."""
    fd = console.child.child_fd
    modes = termios.tcgetattr(fd)
    p = subprocess.Popen(argv, stdin=fd, stdout=fd, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    termios.tcsetattr(fd, termios.TCSANOW, modes)
    return p.returncode, err.decode("latin-1")


def tool(name):
    """A Debian tool the tests need (mkimage, fw_printenv, ...), with a hint when it is missing."""
    path = shutil.which(name)
    assert path, "%s missing: run tools/install-deps.sh" % name
    return path


def nor_env(img, cfgdir):
    """The environment in a versatilepb NOR image as Debian's fw_printenv reads it (both redundant copies)."""
    cfg = os.path.join(str(cfgdir), "fw_env.config")
    with open(cfg, "w") as f:
        f.write("%s 0x40000 0x10000 0x40000\n%s 0x80000 0x10000 0x40000\n" % (img, img))
    r = subprocess.run([tool("fw_printenv"), "-c", cfg], capture_output=True, text=True, check=True)
    return dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line)


def resync(console, tries=4, timeout=10, status=False):
    """Back at the prompt after a file transfer, whatever the sender took. lrzsz's sb reads the line
    128 bytes at a time until it exits; the firmware waits for 100 ms of silence after the last
    acknowledgement (LOAD_SETTLE_US) and then prints its summary and the prompt, so a sender that a
    loaded machine schedules later than that reads them and they never reach the terminal. Type an
    echo of a fresh token until its output comes back (a line typed while the firmware still
    drains the line is swallowed whole, and the next one gets through). Returns what was shown
    before it (the summary, when the sender left it); with status, (that, the transfer command's
    $?), which the first echo that runs shows."""
    ch = console.child
    shown = ""
    for i in range(tries):
        tok = "resync-%d-%d" % (os.getpid(), i)
        ch.send("echo %s%s\r" % ("$? " if status else "", tok))
        try:
            ch.expect("\r*\n%s%s\r*\n" % ("([0-9]+) " if status else "", tok), timeout=timeout)
        except pexpect.TIMEOUT:
            shown += ch.before
            continue
        shown += ch.before
        rc = int(ch.match.group(1)) if status else None
        ch.expect_exact(PROMPT, timeout=timeout)
        shown = shown.replace("\r", "")
        return (shown, rc) if status else shown
    raise AssertionError("no prompt after the transfer (%d echoes typed):\n%s" % (tries, shown))

