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
