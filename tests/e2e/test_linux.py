"""End-to-end: flashboot in QEMU loads Linux 6.1 and its squashfs root from NOR; Linux mounts root from phram."""
import os
import re

import pytest

from conftest import build_nor, check_pad, file_crc, mkimage, start, wait_linux

RAM_END = 0x08000000
FW_START = 0x07E00000  # flashboot's 2 MiB window at the top of the 128 MiB


def round4k(n):
    return (n + 0xFFF) & ~0xFFF


def squashfs_bytes_used(path):
    with open(path, "rb") as f:
        sb = f.read(96)
    assert sb[:4] == b"hsqs"
    return int.from_bytes(sb[40:48], "little")


def alive(c):
    assert c.cmd("echo alive") == "alive"


def phram_loaded(out):
    """(start, end) from the firmware's 'phram load' message."""
    m = re.search(r"loaded to 0x([0-9a-f]{8})\.\.0x([0-9a-f]{8})", out)
    assert m, out
    return int(m.group(1), 16), int(m.group(2), 16)


def nor_parts_in_proc_mtd(run, arts, first):
    """The NOR partitions in /proc/mtd from mtd<first> on: names and sizes exactly as the mtdparts string says."""
    got = [(i, size, name) for i, size, _, name in run.mtd if first <= i < first + len(arts.parts)]
    want = [(first + n, size, name) for n, (name, _, size, _) in enumerate(arts.parts)]
    assert got == want
    for i, _, erase, _ in run.mtd[first:first + len(arts.parts)]:
        assert erase == 0x40000  # the pflash's 256 KiB blocks


@pytest.fixture(scope="module")
def demo_boot(arts):
    """The demo flow, booted once: autoboot runs bootcmd, which reads and sources the boot script from NOR."""
    c = start(arts.demo_nor, autoboot_stop=False)
    try:
        c.expect("Hit any key to stop autoboot")
        fw = c.expect(r"Starting kernel \.\.\.", timeout=60)
        run = wait_linux(c)
    finally:
        c.close()
    return fw.replace("\r", ""), run


def test_dt_boot_demo_script(arts, demo_boot):
    """Root on /dev/mtdblock0 from phram; /proc/mtd as flashboot's DT said; every byte of the root intact."""
    fw, run = demo_boot
    assert "## Executing script at 00600000" in fw
    assert "== flashboot: loading kernel, DTB and root squashfs (rootfs) from NOR" in fw
    m = re.search(r"phram: 'rootfs' squashfs 4\.0 \(xz, \d+ inodes, 0x([0-9a-f]+) bytes\) loaded to "
                  r"0x([0-9a-f]{8})\.\.0x([0-9a-f]{8})", fw)
    assert m, fw
    used, start_, end = (int(x, 16) for x in m.groups())
    sq = os.path.getsize(arts.squashfs)
    assert used == squashfs_bytes_used(arts.squashfs)
    assert used <= sq == round4k(used)  # mksquashfs pads its image to 4 KiB
    assert end + 1 - start_ == round4k(used)
    assert start_ == (FW_START - round4k(used)) & ~0xFFFFF
    assert "## Flattened Device Tree blob at 00700000" in fw
    # root from phram: mtd0, the squashfs rounded to 4 KiB, Linux's PAGE_SIZE erase size
    assert run.mtd[0] == (0, round4k(used), 0x1000, "rootfs")
    nor_parts_in_proc_mtd(run, arts, 1)
    assert len(run.mtd) == 1 + len(arts.parts)
    assert "root=/dev/mtdblock0" in run.cmdline.split()
    assert "mtdparts=" not in run.cmdline  # the partitions came through the DT (fdt_mtdparts=1)
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    assert run.root_mount()[3].split(",")[0] == "ro"
    assert "VFS: Mounted root (squashfs filesystem) readonly on device 31:0" in run.log
    assert "Machine model: ARM Versatile PB" in run.log
    check_pad(run, arts.rstamp)


def test_whole_system_from_nor(arts):
    """No -kernel: the CPU starts in the NOR at flashboot, which loads Linux and its root from the same flash."""
    c = start(arts.demo_nor, autoboot_stop=False, norboot=True)
    try:
        log = c.expect("Hit any key to stop autoboot")
        fw = c.expect(r"Starting kernel \.\.\.", timeout=60).replace("\r", "")
        run = wait_linux(c)
    finally:
        c.close()
    assert "flashboot " in log
    assert "== flashboot: loading kernel, DTB and root squashfs (rootfs) from NOR" in fw
    assert run.mtd[0][3] == "rootfs"
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def type_script(c, arts, skip=("bootz",)):
    """Type the boot script's lines at the prompt, except those starting with a word in skip."""
    outs = {}
    for line in arts.script_lines():
        if line.split()[0] in skip:
            continue
        out = c.cmd(line, timeout=60)
        assert "## Error" not in out, (line, out)
        outs[line.split()[0] + " " + line.split()[-1]] = out
    return outs


def boot_at_prompt(c, line, expect=(), timeout=None):
    """Type a boot command; check the firmware's lines on the way; return what Linux's init said."""
    c.send(line + "\r")
    for e in expect:
        c.expect(e, timeout=30)
    c.expect(r"Starting kernel \.\.\.", timeout=30)
    return wait_linux(c) if timeout is None else wait_linux(c, timeout)


def test_dt_boot_phram_nomap(arts):
    """phram_nomap=1: the DT's phram node gets no-map, the region is whole 1 MiB sections, Linux mounts it."""
    c = start(arts.demo_nor)
    try:
        type_script(c, arts, skip=("bootz", "phram"))
        # a 4 KiB-granular region loaded before phram_nomap was set is refused, not a silent hang
        out = c.cmd("phram load rootfs")
        a0, e0 = phram_loaded(out)
        assert e0 + 1 - a0 == round4k(squashfs_bytes_used(arts.squashfs))
        c.cmd("setenv phram_nomap 1")
        out = c.cmd("bootz ${kernel_addr_r} - ${fdt_addr_r}")
        assert ("## Error: phram region 'rootfs' (0x%08x+0x%x) is not whole 1 MiB sections, "
                "needed with phram_nomap=1" % (a0, e0 + 1 - a0)) in out
        assert "Starting kernel" not in out
        alive(c)
        assert c.cmd("phram del rootfs") == ""
        a, e = phram_loaded(c.cmd("phram load rootfs"))
        assert e + 1 - a == 0x100000 and a % 0x100000 == 0
        assert c.cmd("printenv phram_size") == "phram_size=100000"
        # the fixups bootz will make, shown by hand on the DTB as loaded
        assert c.cmd("fdt addr ${fdt_addr_r}") == "Working FDT set to 700000"
        assert c.cmd("fdt resize 0x1000") == ""
        assert c.cmd("fdt boardsetup") == ""
        assert c.cmd("fdt print /reserved-memory").splitlines() == [
            "reserved-memory {",
            "\t#address-cells = <0x00000001>;",
            "\t#size-cells = <0x00000001>;",
            "\tranges;",
            "\trootfs@%x {" % a,
            '\t\tcompatible = "phram";',
            '\t\tlabel = "rootfs";',
            "\t\treg = <0x%08x 0x00100000>;" % a,
            "\t\tno-map;",
            "\t};",
            "};",
        ]
        assert 'mtd0 = "/reserved-memory/rootfs@%x";' % a in c.cmd("fdt print /aliases")
        run = boot_at_prompt(c, "bootz ${kernel_addr_r} - ${fdt_addr_r}",
                             [r"Loading Device Tree to [0-9a-f]{8}, end [0-9a-f]{8} \.\.\. OK"])
    finally:
        c.close()
    assert run.mtd[0] == (0, 0x100000, 0x1000, "rootfs")
    nor_parts_in_proc_mtd(run, arts, 1)
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_atag_boot_cmdline_mtdparts_and_phram(arts, demo_boot):
    """ATAG kernel (zImage + appended DTB), no DT argument: mtdparts and phram.phram= on the command line."""
    n = len(arts.parts)
    c = start(arts.atag_nor)
    try:
        out = c.cmd("nor read ${kernel_addr_r} kernel", timeout=60)
        a, e = phram_loaded(c.cmd("phram load rootfs"))
        size = e + 1 - a
        # physmap registers the NOR partitions first, phram comes after them: mtd<number of partitions>
        c.cmd('setenv bootargs "console=ttyAMA0 root=/dev/mtdblock%d rootfstype=squashfs ro ${mtdparts}"' % n)
        run = boot_at_prompt(c, "bootz ${kernel_addr_r}", [
            r"## Booting kernel from zImage at 00800000",
            r"## Passing ATAGs at 00000100 \(\d+ bytes\), machine id 0x183"])
    finally:
        c.close()
    assert "Machine model: ARM Versatile PB" in run.log  # from the appended DTB
    words = run.cmdline.split()
    assert arts.mtdparts in words  # the string from the environment, unchanged
    assert words[-1] == "phram.phram=rootfs,0x%x,0x%x" % (a, size)
    assert "root=/dev/mtdblock%d" % n in words
    nor_parts_in_proc_mtd(run, arts, 0)
    assert run.mtd[n] == (n, size, 0x1000, "rootfs")
    assert len(run.mtd) == n + 1
    assert "VFS: Mounted root (squashfs filesystem) readonly on device 31:%d" % n in run.log
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)
    # memory: the DT boot gives Linux all RAM and reserves the region; the ATAG boot leaves out the
    # region's 1 MiB sections (here: [0x7d00000, 0x7e00000))
    _, dt = demo_boot
    lost = ((a + size + 0xFFFFF) & ~0xFFFFF) - (a & ~0xFFFFF)
    diff = dt.meminfo("MemTotal") - run.meminfo("MemTotal")
    assert 0 < diff and abs(diff - (lost - size) // 1024) <= 128, (diff, lost, size)


def test_uimage_bootm(arts, tmp_path):
    """The zImage wrapped by mkimage as a legacy kernel uImage, loaded to 0x8000 by bootm."""
    uimg = str(tmp_path / "uImage")
    mkimage("-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x8000", "-e", "0x8000",
            "-n", "Linux 6.1 e2e", "-d", arts.zimage, uimg)
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, kernel=uimg))
    c = start(nor)
    try:
        type_script(c, arts)
        out = c.cmd("iminfo ${kernel_addr_r}")
        assert "Image Name:   Linux 6.1 e2e" in out and out.endswith("Verifying Checksum ... OK")
        run = boot_at_prompt(c, "bootm ${kernel_addr_r} - ${fdt_addr_r}", [
            r"## Booting kernel from Legacy Image at 00800000",
            r"Image Type:   ARM Linux Kernel Image \(uncompressed\)",
            r"Data Size:    %d Bytes" % os.path.getsize(arts.zimage),
            r"Load Address: 00008000",
            r"Verifying Checksum \.\.\. OK",
            r"## Flattened Device Tree blob at 00700000",  # U-Boot's order: the tree found, then the load
            r"Loading Kernel Image to 00008000"])
    finally:
        c.close()
    assert run.mtd[0][0::3] == (0, "rootfs")
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)


def test_refusals_bad_images_and_names(arts, tmp_path):
    """A squashfs with a bad magic, a uImage with a bad data CRC, unknown partitions: refused, shell alive."""
    sq = bytearray(open(arts.squashfs, "rb").read())
    sq[0:4] = b"hsqt"
    badsq = tmp_path / "bad.squashfs"
    badsq.write_bytes(sq)
    uimg = str(tmp_path / "uImage")
    mkimage("-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x8000", "-e", "0x8000",
            "-n", "bad crc", "-d", arts.zimage, uimg)
    data = bytearray(open(uimg, "rb").read())
    data[64 + 0x1000] ^= 0x40
    open(uimg, "wb").write(data)
    nor = build_nor(tmp_path / "nor.img", arts.env, dict(arts.files, kernel=uimg, rootfs=str(badsq)))
    c = start(nor)
    try:
        out = c.cmd("phram load rootfs")
        assert out == '## Error: no squashfs in \'rootfs\' (magic 68 73 71 74, want "hsqs")'
        assert c.cmd("phram") == "no phram regions"
        assert c.cmd("printenv phram_addr").startswith("## Error")
        alive(c)
        c.cmd("nor read ${kernel_addr_r} kernel", timeout=60)
        out = c.cmd("bootm ${kernel_addr_r}")
        assert out.endswith("   Verifying Checksum ... Bad Data CRC\nERROR: can't get kernel image!"), out
        assert "Starting kernel" not in out
        alive(c)
        assert c.cmd("iminfo ${kernel_addr_r}").endswith("Verifying Checksum ...    Bad Data CRC")  # U-Boot's iminfo spacing
        alive(c)
        out = c.cmd("phram load nosuch")
        assert out == "## Error: no MTD partition 'nosuch' (see mtdparts)"
        alive(c)
        out = c.cmd("nor read ${kernel_addr_r} nosuch")
        assert out == "## Error: 'nosuch' is neither an offset nor a partition name"
        alive(c)
    finally:
        c.close()


def test_refusal_phram_over_kernel_then_boot(arts):
    """A phram region over ${kernel_addr_r} stops bootz; nothing was written, so the same session then boots."""
    c = start(arts.demo_nor)
    try:
        type_script(c, arts, skip=("bootz", "phram"))
        assert c.cmd("phram add over ${kernel_addr_r} 100000") == ""
        out = c.cmd("bootz ${kernel_addr_r} - ${fdt_addr_r}")
        assert re.search(r"## Error: kernel at 0x00800000\.\.0x[0-9a-f]{8} overlaps phram region 'over' "
                         r"\(0x00800000\.\.0x008fffff\)", out), out
        assert "Starting kernel" not in out
        alive(c)
        assert c.cmd("phram del over") == ""
        phram_loaded(c.cmd("phram load rootfs"))
        run = boot_at_prompt(c, "bootz ${kernel_addr_r} - ${fdt_addr_r}")
    finally:
        c.close()
    assert run.mtd[0][0::3] == (0, "rootfs")
    check_pad(run, arts.rstamp)


def test_by_hand_at_the_prompt(arts):
    """A person stops autoboot and types the boot script's commands one by one."""
    c = start(arts.demo_nor)
    try:
        outs = type_script(c, arts)
        assert outs["nor kernel"] == "Read 0x%x bytes from kernel at 0x0" % arts.part("kernel")[2]
        assert outs["nor dtb"] == "Read 0x%x bytes from dtb at 0x0" % arts.part("dtb")[2]
        a, e = phram_loaded(outs["phram ${rootpart}"])
        assert c.cmd("crc32 ${phram_addr} ${filesize}").endswith(
            "==> %08x" % file_crc(arts.squashfs, squashfs_bytes_used(arts.squashfs)))
        assert c.cmd("printenv bootargs").startswith("bootargs=console=ttyAMA0 root=/dev/mtdblock0 ")
        last = arts.script_lines()[-1]
        assert last.startswith("bootz")
        run = boot_at_prompt(c, last, ["## Booting kernel from zImage at 00800000"])
    finally:
        c.close()
    assert run.mtd[0] == (0, e + 1 - a, 0x1000, "rootfs")
    assert run.root_mount()[:3] == ["/dev/root", "/", "squashfs"]
    check_pad(run, arts.rstamp)
