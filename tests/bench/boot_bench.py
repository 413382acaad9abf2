"""Boot benchmarks under QEMU -icount: reset to kernel entry (with the flash copies), and Linux's time to /init per root kind."""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
from fbconsole import Console, firmware  # noqa: E402

FW = os.environ.get("FLASHBOOT_FW") or firmware()
TOOLS = os.path.join(TOP, "tools")
KERNEL_PAD = 4 << 20     # the kernel partition read: a zImage padded to 4 MiB
INITRD_ADDR = 0x01000000  # above the kernel's reach (~0xb30000 for a 2.1 MB zImage), below the DTB copy
TIMEOUT = 600


def tool_dir(script, *args):
    return subprocess.run(["bash", os.path.join(TOOLS, script), *args], check=True,
                          stdout=subprocess.PIPE, text=True).stdout.strip()


def demo_env():
    env = {}
    with open(os.path.join(TOOLS, "demo", "env.txt")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            if k:
                env[k] = v
    return env


def stamp(d):
    with open(os.path.join(d, "stamp")) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line)


# The three ways of handing the same root to Linux, as script lines after kernel and DTB are read.
def root_lines(kind, size):
    if kind == "phram":
        return ["time phram load rootfs",
                'setenv bootargs "console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro"',
                "bootz ${kernel_addr_r} - ${fdt_addr_r}"]
    load = "time nor read %x rootfs %x" % (INITRD_ADDR, size)
    boot = "bootz ${kernel_addr_r} %x:%x ${fdt_addr_r}" % (INITRD_ADDR, size)
    if kind == "initrd":  # the squashfs image as /dev/ram0 (brd: ramdisk_size in KiB)
        kib = (size + 1023) // 1024
        return [load, 'setenv bootargs "console=ttyAMA0 root=/dev/ram0 rootfstype=squashfs ro '
                'ramdisk_size=%d"' % max(kib, 4096), boot]
    if kind == "initramfs":
        return [load, 'setenv bootargs "console=ttyAMA0 rdinit=/sbin/init"', boot]
    raise ValueError(kind)


def make_nor(d, name, kernel, rootfile, lines, **env_over):
    env = dict(demo_env(), bootdelay="0", **env_over)  # no countdown: under icount it would be 2e9 instructions
    # uptime first and just before the boot command: where the script starts, what bootz itself costs
    script = ["uptime", "time nor read ${kernel_addr_r} kernel %x" % KERNEL_PAD,
              "time nor read ${fdt_addr_r} dtb"] + lines[:-1] + ["uptime", lines[-1]]
    cmd = os.path.join(d, name + ".cmd")
    with open(cmd, "w") as f:
        f.write("\n".join(script) + "\n")
    scr = os.path.join(d, name + ".scr")
    subprocess.run(["mkimage", "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", name,
                    "-d", cmd, scr], check=True, stdout=subprocess.DEVNULL)
    envtxt = os.path.join(d, name + ".env")
    with open(envtxt, "w") as f:
        f.writelines("%s=%s\n" % kv for kv in env.items())
    nor = os.path.join(d, name + ".img")
    kdir = tool_dir("build-test-kernel.sh", "dt")
    subprocess.run([sys.executable, os.path.join(TOOLS, "mkflash"), "nor", "-o", nor, "--mtdparts",
                    env["mtdparts"], "firmware=" + FW, "env=" + envtxt, "script=" + scr,
                    "dtb=" + os.path.join(kdir, "versatile-pb.dtb"), "kernel=" + kernel,
                    "rootfs=" + rootfile], check=True)
    return nor


def run(nor):
    """Autoboot under -icount; returns the firmware's figures and Linux's."""
    t0 = time.monotonic()
    c = Console.qemu(pflash=nor, icount=True, timeout=TIMEOUT)
    try:
        c.expect("FLASHBOOT-INIT: done", timeout=TIMEOUT)
        log = c.child.before.replace("\r", "")
    finally:
        c.close()
    wall = time.monotonic() - t0
    r = {"wall": wall}
    times = [int(x) for x in re.findall(r"time: [0-9.]+ seconds \((\d+) ns\)", log)]
    r["copies"] = times  # kernel, dtb, root (in script order)
    ups = [int(x) for x in re.findall(r"^(\d+) ns since reset$", log, re.M)]
    r["script_start"], r["before_boot"] = (ups[0], ups[-1]) if len(ups) >= 2 else (None, None)
    m = re.search(r"Handover at (\d+) ns since reset", log)
    r["handover"] = int(m.group(1)) if m else None
    m = re.search(r"\[\s*([0-9.]+)\] Run (/\S+) as init process", log)
    r["run_init"] = float(m.group(1)) if m else None
    m = re.search(r"\[\s*([0-9.]+)\] Booting Linux on physical CPU", log)
    r["first_printk"] = float(m.group(1)) if m else None
    m = re.search(r"FLASHBOOT-INIT: uptime: ([0-9.]+)", log)
    r["uptime"] = float(m.group(1)) if m else None
    for k in ("MemTotal", "MemAvailable"):
        m = re.search(r"FLASHBOOT-INIT: meminfo: %s:\s+(\d+) kB" % k, log)
        r[k] = int(m.group(1)) if m else None
    m = re.search(r"FLASHBOOT-INIT: file: /pad\.bin size (\d+) crc32 0x([0-9a-f]+) read in ([0-9.]+) s", log)
    r["pad"] = (int(m.group(1)), int(m.group(2), 16), float(m.group(3))) if m else None
    m = re.search(r"FLASHBOOT-INIT: mounts: (\S+) / (\S+)", log)
    r["root"] = "%s (%s)" % m.groups() if m else None
    r["log"] = log
    return r


def padded_kernel(d):
    """The test zImage padded with zeros to KERNEL_PAD bytes (read whole, as a real kernel partition)."""
    kdir = tool_dir("build-test-kernel.sh", "dt")
    kernel = os.path.join(d, "zImage-4M")
    with open(os.path.join(kdir, "zImage"), "rb") as f:
        data = f.read()
    with open(kernel, "wb") as f:
        f.write(data + b"\0" * (KERNEL_PAD - len(data)))
    return kernel, data, kdir


def headline():
    """The headline: reset -> kernel entry with the 4 MiB kernel, the 256 KiB DTB partition and the 16 MiB
    squashfs as phram, for fdt_mtdparts=0 and 1; the copy floor is those three copies as timed in the same
    boot ('time nor read' x2, 'time phram load'), the ratio reset->kernel / floor."""
    rdir = tool_dir("build-test-rootfs.sh", "16M")
    rootfile = os.path.join(rdir, "rootfs.squashfs")
    with tempfile.TemporaryDirectory() as d:
        kernel = padded_kernel(d)[0]
        for mp in ("0", "1"):
            nor = make_nor(d, "headline-%s" % mp, kernel, rootfile, root_lines("phram", 0), fdt_mtdparts=mp)
            r = run(nor)
            os.unlink(nor)
            copies = r["copies"]
            if r["handover"] is None or len(copies) < 3 or r["pad"] is None:
                print("headline fdt_mtdparts=%s: boot failed; log tail:\n%s" % (mp, r["log"][-3000:]))
                continue
            floor = sum(copies[:3])
            bootz = r["handover"] - r["before_boot"]
            print("headline fdt_mtdparts=%s: reset->kernel %s, copy floor %s (kernel %s + DTB %s + root %s, "
                  "0.%04d instructions/byte), ratio %.2f; reset->script %s, bootz %s"
                  % (mp, "{:,}".format(r["handover"]), "{:,}".format(floor), "{:,}".format(copies[0]),
                     "{:,}".format(copies[1]), "{:,}".format(copies[2]),
                     round(1e4 * floor / (KERNEL_PAD + (256 << 10) + os.path.getsize(rootfile))),
                     r["handover"] / floor, "{:,}".format(r["script_start"]), "{:,}".format(bootz)))


def fmt_ns(ns):
    return "%13s" % ("{:,}".format(ns) if ns is not None else "-")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="default,16M", help="root sizes: default and/or e.g. 16M")
    ap.add_argument("--kinds", default="phram,initrd,initramfs")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        kernel, data, kdir = padded_kernel(d)
        print("kernel: Linux %s zImage %d bytes, padded to %d (read whole from NOR); DTB versatile-pb.dtb; "
              "QEMU versatilepb 128 MiB, -icount shift=0,sleep=off (1 ns = 1 instruction)"
              % (stamp(kdir).get("kernel_release"), len(data), KERNEL_PAD))
        print("%-9s %-10s %13s %13s %13s %13s %13s %9s %9s %8s %8s %10s"
              % ("root", "size", "reset->kernel", "reset->script", "kernel copy", "root copy", "bootz",
                 "init at", "uptime", "MemTot", "MemAvail", "pad read"))
        for size in a.sizes.split(","):
            rdir = tool_dir("build-test-rootfs.sh", *([] if size == "default" else [size]))
            st = stamp(rdir)
            for kind in a.kinds.split(","):
                rootfile = os.path.join(rdir, "initramfs.cpio.gz" if kind == "initramfs" else "rootfs.squashfs")
                rsize = os.path.getsize(rootfile)
                nor = make_nor(d, "%s-%s" % (kind, size), kernel, rootfile, root_lines(kind, rsize))
                r = run(nor)
                os.unlink(nor)
                if r["pad"] is None or r["pad"][1] != int(st["pad_crc32"], 16):
                    print("%-9s %-10s boot failed or pad CRC wrong; log tail:\n%s" % (kind, size, r["log"][-3000:]))
                    continue
                copies = r["copies"]
                kcopy = copies[0] + copies[1] if len(copies) >= 2 else None
                rcopy = copies[2] if len(copies) >= 3 else None
                bootz = r["handover"] - r["before_boot"] if None not in (r["handover"], r["before_boot"]) else None
                print("%-9s %-10s %s %s %s %s %s %8.6fs %8.2fs %8d %8d %9.3fs"
                      % (kind, "%d" % rsize, fmt_ns(r["handover"]), fmt_ns(r["script_start"]), fmt_ns(kcopy),
                         fmt_ns(rcopy), fmt_ns(bootz),
                         r["run_init"], r["uptime"], r["MemTotal"], r["MemAvailable"], r["pad"][2]))
                if a.verbose:
                    print("   root %s, first printk %.6f, copies %s, wall %.1f s"
                          % (r["root"], r["first_printk"], copies, r["wall"]))
    print("reset->kernel: instructions from reset to the jump (flashboot's 'Handover at' line); reset->script: "
          "'uptime' as the boot script's first line (probe, env, autoboot, reading and checking the script); "
          "kernel copy: 'time nor read' of the 4 MiB kernel + the 256 KiB DTB partition; root copy: "
          "'time phram load' or 'time nor read' of the initrd; bootz: from an 'uptime' just before it to the "
          "handover (checks, DTB copy and fixups); init at: printk time of 'Run /sbin/init' or 'Run /init' "
          "(Linux's clock starts at 0 in the kernel); uptime: /proc/uptime read by the init; MemTot/MemAvail "
          "in kB; pad read: the init reading the whole /pad.bin.")


if __name__ == "__main__":
    main()
