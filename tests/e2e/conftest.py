"""End-to-end fixtures: cached Linux 6.1 kernels and test root, NOR images built with tools/mkflash, Linux runs parsed."""
import binascii
import os
import re
import subprocess
import sys

import pexpect
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbconsole import ROOT, Console, firmware  # noqa: E402

# FLASHBOOT_FW lets a developer point the tests at another build of the firmware.
FW = os.environ.get("FLASHBOOT_FW") or firmware()
TOOLS = os.path.join(ROOT, "tools")
NOR_SIZE = 64 << 20
LINUX_TIMEOUT = 180  # one Linux boot is 2-5 s in QEMU; a loaded 2-core machine can be much slower
INIT = "FLASHBOOT-INIT: "


def tool_dir(script, *args):
    """Run one of the cached artifact builders; it prints only a directory."""
    out = subprocess.run(["bash", os.path.join(TOOLS, script), *args], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.strip()
    assert os.path.isdir(out), out
    return out


def read_stamp(d):
    stamp = {}
    with open(os.path.join(d, "stamp")) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            stamp[k] = v
    return stamp


def memparse(s):
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|[0-9]+)([kKmMgG]?)", s)
    assert m, "bad size %r" % s
    return int(m.group(1), 0) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


def parse_mtdparts(s, dev_size=NOR_SIZE):
    """[(name, offset, size, ro)] of the one device in an mtdparts string (with or without 'mtdparts=')."""
    s = s[len("mtdparts="):] if s.startswith("mtdparts=") else s
    mtd_id, _, defs = s.partition(":")
    assert mtd_id and ";" not in defs
    parts, ofs = [], 0
    for d in defs.split(","):
        m = re.fullmatch(r"(-|[0-9a-fA-Fx]+[kKmMgG]?)(?:@([0-9a-fA-Fx]+[kKmMgG]?))?\(([^)]+)\)(ro)?", d)
        assert m, "cannot parse %r" % d
        if m.group(2):
            ofs = memparse(m.group(2))
        size = dev_size - ofs if m.group(1) == "-" else memparse(m.group(1))
        parts.append((m.group(3), ofs, size, bool(m.group(4))))
        ofs += size
    return parts


def read_env_text(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                k, _, v = line.partition("=")
                env[k] = v
    return env


def write_env_text(path, env):
    with open(path, "w") as f:
        for k, v in env.items():
            f.write("%s=%s\n" % (k, v))


def mkimage(*args):
    subprocess.run(["mkimage", *args], check=True, stdout=subprocess.DEVNULL)


def build_nor(path, env, files):
    """A 64 MiB NOR image: env (dict) into 'env', files {partition: path} into their partitions."""
    env_txt = str(path) + ".env.txt"
    write_env_text(env_txt, env)
    args = [sys.executable, os.path.join(TOOLS, "mkflash"), "nor", "-o", str(path),
            "--mtdparts", env["mtdparts"], "env=" + env_txt]
    args += ["%s=%s" % kv for kv in files.items()]
    subprocess.run(args, check=True)
    return str(path)


class Artifacts:
    """Everything the e2e tests share, built once per session."""

    def __init__(self, d):
        self.dir = d
        self.kdt = tool_dir("build-test-kernel.sh", "dt")
        self.katag = tool_dir("build-test-kernel.sh", "atag")
        self.rdir = tool_dir("build-test-rootfs.sh")
        self.rstamp = read_stamp(self.rdir)
        self.squashfs = os.path.join(self.rdir, "rootfs.squashfs")
        self.zimage = os.path.join(self.kdt, "zImage")
        self.dtb = os.path.join(self.kdt, "versatile-pb.dtb")
        self.zimage_dtb = os.path.join(self.katag, "zImage-dtb")
        self.env = read_env_text(os.path.join(TOOLS, "demo", "env.txt"))
        # make run's demo asks the init for its interactive shell; these runs report and reboot
        # (test_demo.py boots the demo itself)
        self.env.pop("extra_bootargs", None)
        self.mtdparts = self.env["mtdparts"]
        self.parts = parse_mtdparts(self.mtdparts)
        self.boot_cmd = os.path.join(TOOLS, "demo", "boot.cmd")
        self.script = os.path.join(d, "boot.scr")
        mkimage("-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "e2e boot script",
                "-d", self.boot_cmd, self.script)
        self.files = {"firmware": FW, "dtb": self.dtb, "script": self.script,
                      "kernel": self.zimage, "rootfs": self.squashfs, "rootfs_b": self.squashfs}
        # the demo image: what `make run` boots
        self.demo_nor = build_nor(os.path.join(d, "demo-nor.img"), self.env, self.files)
        self._atag_nor = None

    def part(self, name):
        for p in self.parts:
            if p[0] == name:
                return p
        raise KeyError(name)

    @property
    def atag_nor(self):
        """The demo image with the ATAG kernel (zImage + appended DTB) in 'kernel'."""
        if not self._atag_nor:
            self._atag_nor = build_nor(os.path.join(self.dir, "atag-nor.img"), self.env,
                                       dict(self.files, kernel=self.zimage_dtb))
        return self._atag_nor

    def script_lines(self):
        """The boot script's commands as a person would type them (no comments, no '|| exit 1')."""
        lines = []
        with open(self.boot_cmd) as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                lines.append(re.sub(r"\s*\|\|\s*exit( \d+)?$", "", line))
        return lines


@pytest.fixture(scope="session")
def arts(tmp_path_factory):
    if not os.path.exists(FW):
        pytest.fail("no firmware at %s (make all)" % FW)
    return Artifacts(str(tmp_path_factory.mktemp("e2e")))


class LinuxRun:
    """What a Linux boot printed, and the test init's report in it."""

    def __init__(self, log):
        self.log = log.replace("\r", "")
        self.init = [l[l.index(INIT) + len(INIT):] for l in self.log.splitlines() if INIT in l]

    def values(self, key):
        p = key + ": "
        return [l[len(p):] for l in self.init if l.startswith(p)]

    def value(self, key):
        v = self.values(key)
        assert len(v) == 1, "%s: %r" % (key, v)
        return v[0]

    @property
    def mtd(self):
        """[(index, size, erasesize, name)] from /proc/mtd."""
        out = []
        for l in self.values("mtd"):
            m = re.fullmatch(r'mtd(\d+): ([0-9a-f]{8}) ([0-9a-f]{8}) "([^"]*)"', l)
            if m:
                out.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16), m.group(4)))
        return out

    @property
    def cmdline(self):
        return self.value("cmdline")

    @property
    def mounts(self):
        return [l.split() for l in self.values("mounts")]

    def root_mount(self):
        roots = [m for m in self.mounts if m[1] == "/"]
        return roots[-1]

    def meminfo(self, key):
        for l in self.values("meminfo"):
            m = re.fullmatch(r"%s:\s+(\d+) kB" % key, l)
            if m:
                return int(m.group(1))
        raise KeyError(key)

    @property
    def pad(self):
        m = re.fullmatch(r"/pad\.bin size (\d+) crc32 0x([0-9a-f]{8}) read in ([0-9.]+) s", self.value("file"))
        assert m, self.value("file")
        return int(m.group(1)), int(m.group(2), 16), float(m.group(3))

    @property
    def uptime(self):
        return float(self.value("uptime").split()[0])

    def init_started_at(self):
        """printk time of 'Run /sbin/init' (or 'Run /init' from an initramfs)."""
        m = re.search(r"\[\s*([0-9.]+)\] Run (/\S+) as init process", self.log)
        assert m, "no 'Run ... as init process' in the kernel log"
        return float(m.group(1)), m.group(2)


def wait_linux(c, timeout=LINUX_TIMEOUT):
    """Wait for Linux and the test init to run to the end; QEMU (-no-reboot) exits on the reboot."""
    try:
        c.expect(INIT + "done", timeout=timeout)
        log = c.child.before + INIT + "done"
        c.expect(pexpect.EOF, timeout=60)
        log += c.child.before
    except (pexpect.TIMEOUT, pexpect.EOF):
        raise AssertionError("Linux did not finish; console output:\n" + (c.child.before or "")[-6000:])
    c.child.close()
    assert c.child.exitstatus == 0, "QEMU exit status %r" % c.child.exitstatus
    return LinuxRun(log)


def start(nor, autoboot_stop=True, icount=False, extra=(), norboot=False):
    """QEMU versatilepb with flashboot and the given NOR image; at the prompt unless autoboot_stop=False.
    norboot: no -kernel; the CPU starts at the flash's first byte, where the image holds flashboot."""
    if norboot:
        extra = list(extra) + ["-device", "loader,addr=0x34000000,cpu-num=0"]
    c = Console.qemu(kernel=False if norboot else FW, pflash=nor, icount=icount, extra=extra, timeout=30)
    if autoboot_stop:
        c.stop_autoboot(timeout=30)
    return c


def check_pad(run, rstamp):
    """/pad.bin read by Linux's init matches what the rootfs builder wrote: every byte came through."""
    size, crc, _ = run.pad
    assert size == int(rstamp["pad_bytes"])
    assert crc == int(rstamp["pad_crc32"], 16)
    assert run.value("rootfs-id") == rstamp["rootfs_id"]


def file_crc(path, length=None):
    with open(path, "rb") as f:
        data = f.read() if length is None else f.read(length)
    return binascii.crc32(data)
