#!/usr/bin/python3
"""make size: the bytes each folder and each optional feature (CONFIG_ line) costs in a board's image.

Usage: tools/size.py BOARD [CONFIG=NAME] OUTDIR
Reads OUTDIR/flashboot.map (what the linker kept after --gc-sections) and the build.mk files: a
feature's cost is the image bytes (text, rodata, command table, data) of the objects its
obj-$(CONFIG_X) lines add. Code a feature adds inside a shared file (#ifdef CONFIG_X) counts for the
file's folder, not the feature.
"""
import collections
import glob
import os
import re
import sys

IMAGE_SECTIONS = (".text", ".rodata", ".cmd_tbl", ".data", ".ARM.exidx")


def map_sizes(path, outdir):
    """{object (source-relative, or 'libc'/'libgcc'): image bytes} from a GNU ld map."""
    sizes = collections.Counter()
    text = open(path).read()
    text = text[text.index("Linker script and memory map"):]
    out_sec = None
    pending = None
    for line in text.splitlines():
        m = re.match(r"^(\.\S+)\s", line) or re.match(r"^(\.\S+)$", line)
        if m:
            out_sec = m.group(1)
            continue
        if out_sec not in IMAGE_SECTIONS:
            continue
        m = re.match(r"^ (\.\S+|COMMON)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\.\S+|COMMON)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", line) or (
            pending and re.match(r"^\s+()0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", line))
        if m:
            pending = None
            size, obj = int(m.group(2), 16), m.group(3)
            if obj.startswith(outdir + "/"):
                obj = obj[len(outdir) + 1:]
            elif "libgcc" in obj:
                obj = "libgcc"
            elif "libc" in obj or "libnosys" in obj:
                obj = "libc"
            sizes[obj] += size
        else:
            pending = None
    return sizes


def folder(obj):
    if obj in ("libc", "libgcc"):
        return "(newlib, libgcc)"
    parts = obj.split("/")
    if parts[0] in ("drivers", "board", "arch"):
        return "/".join(parts[:2]) + "/"
    if parts[0] == "libfdt":
        return "libfdt (linux-source-6.1)"
    if parts[0] == "linuxlib":
        return "decompressors (linux-source-6.1 lib/)"
    return parts[0] + "/"


def features(board):
    """{CONFIG_X: [objects]} from obj-$(CONFIG_X) lines of the build.mk files and the board's .mk."""
    feats = collections.defaultdict(list)
    files = glob.glob("*/build.mk") + glob.glob("drivers/*/build.mk") + glob.glob("board/%s/*.mk" % board)
    for f in sorted(files):
        text = open(f).read().replace("\\\n", " ")
        for m in re.finditer(r"^obj-\$\((CONFIG_\w+)\)\s*\+?=\s*(.*)$", text, re.M):
            feats[m.group(1)] += m.group(2).split()
        # lib/build.mk: the Linux objects a decompressor brings (built under linuxlib/)
        for m in re.finditer(r"^linuxlib-\$\((CONFIG_\w+)\)\s*\+?=\s*(.*)$", text, re.M):
            feats[m.group(1)] += ["linuxlib/" + o for o in m.group(2).split()]
    return feats


def main():
    board, outdir = sys.argv[1], sys.argv[-1].rstrip("/")
    label = " ".join(sys.argv[1:-1])
    sizes = map_sizes(os.path.join(outdir, "flashboot.map"), outdir)
    total = sum(sizes.values())
    binsize = os.path.getsize(os.path.join(outdir, "flashboot.bin"))
    print("%s: flashboot.bin %d bytes (%.1f KiB); by folder (input sections, before the linker merges"
          " equal strings: %d bytes):" % (label, binsize, binsize / 1024, total))
    by_folder = collections.Counter()
    for obj, n in sizes.items():
        by_folder[folder(obj)] += n
    for f, n in sorted(by_folder.items(), key=lambda kv: -kv[1]):
        print("  %-28s %7d" % (f, n))
    print("%s: optional features (CONFIG_ lines; the objects their obj-$(CONFIG_X) lines add):" % label)
    for c, objs in sorted(features(board).items()):
        if c in ("CONFIG_FDT",):
            objs = objs + [o for o in sizes if o.startswith("libfdt/")]
        n = sum(sizes.get(o, 0) for o in objs)
        state = "on " if any(o in sizes for o in objs) else "off"
        print("  %-28s %s %7d  %s" % (c, state, n, " ".join(os.path.basename(o) for o in objs if o in sizes)))


main()
