"""mini2440 NAND boot: the code that runs from the 4 KiB Steppingstone before the copy to SDRAM
(lowlevel_init up to __stage1_end, in the linked image) never branches outside those 4 KiB.
A plain `bl` from ARM to a Thumb function goes through a linker veneer placed after .text,
far beyond the Steppingstone: on the board that is a jump into nothing."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ELF = ROOT / "out" / "mini2440" / "flashboot.elf"
BRANCH = re.compile(r"^\s*([0-9a-f]+):\s+(?:[0-9a-f]{4,8}\s+){1,2}(b|bl|blx|b[a-z]{2}|bl[a-z]{2})(?:\.[nw])?\s+([0-9a-f]+)\s+<([^>]+)>")


def symbols():
    if not ELF.exists():
        subprocess.run(["make", "-s", "BOARD=mini2440"], cwd=ROOT, check=True)
    out = subprocess.run(["arm-none-eabi-nm", str(ELF)], check=True, capture_output=True, text=True).stdout
    return {f[2]: int(f[0], 16) for f in (l.split() for l in out.splitlines()) if len(f) == 3}


def test_stage1_branches_stay_in_the_steppingstone():
    sym = symbols()
    start, lo, end = sym["_start"], sym["lowlevel_init"], sym["__stage1_end"]
    assert end - start <= 4096
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", "--start-address=0x%x" % lo,
                          "--stop-address=0x%x" % end, str(ELF)],
                         check=True, capture_output=True, text=True).stdout
    branches = [m for m in map(BRANCH.match, dis.splitlines()) if m]
    assert len(branches) > 20, dis[:2000]  # the parser sees the code: lowlevel_init and the loader
    outside = ["%s: %s %s <%s>" % m.groups() for m in branches
               if not start <= int(m.group(3), 16) < end]
    assert not outside, "branches out of the first 4 KiB:\n" + "\n".join(outside)
    # the loader is entered by address (bx), not through a veneer
    assert "nand_boot_load" in dis and "_from_arm" not in dis


def test_watchdog_stopped_before_any_return():
    """lowlevel_init stops the watchdog (WTCON = 0) before its first return: when another loader
    (JTAG, a bootloader) starts us in SDRAM it returns early, and it used to do so with the
    watchdog still running, so the board reset every few seconds."""
    sym = symbols()
    lo, end = sym["lowlevel_init"], sym["__stage1_end"]
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", "--start-address=0x%x" % lo,
                          "--stop-address=0x%x" % end, str(ELF)],
                         check=True, capture_output=True, text=True).stdout
    body = [l.split("\t", 2)[-1] for l in dis.splitlines() if re.match(r"^\s*[0-9a-f]+:\s", l)]
    ret = next(i for i, ins in enumerate(body) if re.match(r"(mov|bx)[a-z]*\s+(pc, lr|lr)\b", ins))
    # the store of 0 through a register just loaded with WTCON's address
    stop = None
    for i, ins in enumerate(body[:ret]):
        m = re.match(r"(?:mov|ldr)\s+(r\d+), .*0x53000000", ins)
        if m:
            reg = m.group(1)
            zero = any(re.match(r"mov\s+(r\d+), #0$", x) and x.split()[1].rstrip(",") != reg
                       for x in body[i:i + 3])
            if zero and any(re.match(r"str\s+r\d+, \[%s\]" % reg, x) for x in body[i:i + 3]):
                stop = i
                break
    assert stop is not None, "no WTCON = 0 before the first return:\n" + "\n".join(body[:ret + 1])
