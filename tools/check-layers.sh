#!/usr/bin/env bash
# Fails when a file calls or includes a higher layer (docs/ARCHITECTURE.md, "Layer check"), or when a
# function in cmd/ is longer than 60 lines (commands parse and print; the work lives in the layers).
#
# Usage: tools/check-layers.sh [--allow FILE] [--extra OBJ=SRC[=TEXT]]... [--owners] [OBJDIR...]
#   OBJDIR   the board builds to read (default out/versatilepb out/mini2440 out/sim; make layers builds them)
#   --allow  the allow-list (default tools/layers-allow.txt): violations that still exist, each to be fixed;
#            an entry that no longer occurs is an error too, so the list only shrinks
#   --extra  also check object OBJ as if it were built from SRC (its includes are read from the file TEXT,
#            default SRC): the test feeds violating files this way
#   --owners print each header's layer and the layers of the functions it declares, then stop
# Calls come from the objects (nm: who defines and who uses each function); includes from the sources.
set -eu
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'EOF'
import collections, glob, os, re, subprocess, sys

# The layers, lowest first; a file may call and include its own rank and lower ranks only.
RANKS = [
    # the sim board's host glue (arch, console, start, flash files, the network's wire) plays the part
    # of arch/ on the host
    ("base", ["arch/arm", "common", "lib", "linker", "tests/sim", "board/sim/arch.c", "board/sim/console.c",
              "board/sim/main.c", "board/sim/flashfile.c", "board/sim/net.c", "board/sim/sim.h"]),
    ("core", ["drivers/serial", "drivers/timer", "drivers/net", "mtd"]),
    ("flash", ["drivers/flash"]),
    ("service", ["env", "fdt", "board", "net"]),
    ("boot", ["boot"]),
    ("cmd", ["cmd"]),
    ("main", ["common/main.c"]),
]
# The reset path, by design: start code hands over to fb_main (on the sim board, the host's main does),
# and calls the board's low-level init before there is RAM or a stack (U-Boot's lowlevel_init).
ENTRY = {"fb_main", "lowlevel_init", "early_fail"}
SRC_DIRS = ["arch", "board", "boot", "cmd", "common", "drivers", "env", "fdt", "lib", "mtd", "net"]
# functions of these folders fit on a screen: lines from the opening to the closing brace, both counted
FN_MAX_LINES = {"cmd": 60}


def long_functions(text, limit):
    """(line, name, lines) of each function definition in C source text longer than limit lines."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', lambda m: " " * len(m.group(0)), text)
    text = re.sub(r"^[ \t]*#[^\n]*(?:\\\n[^\n]*)*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.M)
    res, depth, head, start, name = [], 0, 0, 0, None
    for i, c in enumerate(text):
        if c == "{":
            if depth == 0:
                before = text[head:i].strip()
                m = re.search(r"\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*(?:__attribute__\s*\(\(.*?\)\)\s*)?$", before, re.S)
                name = m.group(1) if m and "=" not in before.split("(")[0] else None
                start = text.count("\n", 0, i) + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                end = text.count("\n", 0, i) + 1
                if name and end - start + 1 > limit:
                    res.append((start, name, end - start + 1))
                head = i + 1
        elif c == ";" and depth == 0:
            head = i + 1
    return res


def layer_of(path):
    """(rank, name) of the longest matching prefix in RANKS."""
    best = None
    for rank, (name, prefixes) in enumerate(RANKS):
        for p in prefixes:
            if path == p or path.startswith(p + "/"):
                if not best or len(p) > best[2]:
                    best = (rank, name, len(p))
    return (best[0], best[1]) if best else None


def nm_all(objs):
    """{object: [(type, symbol)]} with one nm run per tool (hundreds of objects)."""
    res = collections.defaultdict(list)
    by_tool = collections.defaultdict(list)
    for o in objs:
        by_tool["nm" if o.startswith("out/sim/") or "/sim/" in o else "arm-none-eabi-nm"].append(o)
    for tool, files in by_tool.items():
        out = subprocess.run([tool, "-A"] + files, capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            obj, _, rest = line.partition(":")
            f = rest.split()
            if len(f) == 2 and f[0] == "U":
                res[obj].append(("U", f[1]))
            elif len(f) == 3:
                res[obj].append((f[1], f[2]))
    return res


def main(argv):
    allow_path, extras, owners_only, dirs, texts = "tools/layers-allow.txt", [], False, [], {}
    it = iter(argv)
    for a in it:
        if a == "--allow":
            allow_path = next(it)
        elif a == "--extra":
            o, s, *t = next(it).split("=")
            extras.append((o, s))
            texts[s] = t[0] if t else s
        elif a == "--owners":
            owners_only = True
        else:
            dirs.append(a.rstrip("/"))
    dirs = dirs or ["out/versatilepb", "out/mini2440", "out/sim"]

    objs = []
    for d in dirs:
        # the objects the board links (make print-objs), not whatever an older build left in the folder
        board = os.path.basename(d)
        listed = subprocess.run(["make", "-s", "--no-print-directory", "BOARD=" + board, "print-objs"],
                                capture_output=True, text=True).stdout.split()
        missing = [o for o in listed if not os.path.exists(o)]
        if not listed or missing:
            sys.exit("check-layers: %s not built (%s); make layers builds the boards first" % (
                d, missing[0] if missing else "no objects"))
        for o in listed:
            rel = o[len(d) + 1:-2]
            src = next((rel + e for e in (".c", ".S") if os.path.exists(rel + e)), None)
            if src:
                objs.append((o, src))
    objs += extras

    strong = collections.defaultdict(set)  # function -> sources defining it
    weak = collections.defaultdict(set)
    uses = collections.defaultdict(set)  # source -> functions it calls
    syms = nm_all([o for o, _ in objs])
    for o, src in objs:
        for t, s in syms[o]:
            if t == "U":
                uses[src].add(s)
            elif t == "T":
                strong[s].add(src)
            elif t == "W":
                weak[s].add(src)

    def definers(sym):
        return strong.get(sym) or weak.get(sym) or set()

    found = set()  # (kind, file, what)

    def rank(path):
        lay = layer_of(path)
        return lay[0] if lay else None

    # calls into a higher layer
    for src, syms in uses.items():
        r = rank(src)
        if r is None:
            continue
        for s in syms:
            if s in ENTRY:
                continue
            for d in definers(s):
                rd = rank(d)
                if rd is not None and rd > r:
                    found.add(("call", src, "%s (%s)" % (s, d)))
    # weak symbols overridden from another layer (a link the compiler cannot see)
    for s, ws in weak.items():
        if s in ENTRY:
            continue
        for w in ws:
            for d in strong.get(s, ()):
                if layer_of(w) and layer_of(d) and layer_of(w) != layer_of(d) and not w.startswith("tests/"):
                    found.add(("weak", w, "%s (strong in %s)" % (s, d)))

    # includes: a header's layer is its folder's; a header in include/ is the public API of the layers
    # whose functions it declares, and a file may include it only when all of them are at or below its own
    proto = re.compile(r"^[^#/*\s][^;{}]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*(__attribute__\s*\(\(.*\)\)\s*)?;",
                       re.M)
    hdr_cache = {}

    def header_layers(h):
        """(rank of its folder or None for include/, {rank: (function, source)} of the layer owning it).
        A function defined in several places (a timer per board) counts at its lowest definer; a header
        in include/ belongs to the layer that defines most of its functions."""
        if h not in hdr_cache:
            text = open(h, errors="replace").read()
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
            per = collections.defaultdict(list)
            for m in proto.finditer(text):
                fn = m.group(1)
                ds = [(rank(d), d) for d in definers(fn) if rank(d) is not None]
                if ds:
                    r, d = min(ds)
                    per[r].append((fn, d))
            own = None if h.startswith("include/") else rank(h)
            lays = {}
            if per:
                top = max(per, key=lambda r: (len(per[r]), -r))
                lays = {top: per[top][0]}
            hdr_cache[h] = (own, lays, per)
        return hdr_cache[h]

    def resolve(src, name):
        for d in (os.path.dirname(src), "include", "tests/sim"):
            p = os.path.normpath(os.path.join(d, name))
            if os.path.isfile(p):
                return p
        hits = sorted(glob.glob("board/*/" + name))
        return hits[0] if hits else None

    sources = set(src for _, src in objs)
    for d in SRC_DIRS:
        sources.update(glob.glob(d + "/**/*.h", recursive=True))
    if owners_only:
        for h in sorted(glob.glob("include/*.h")):
            own, lays, per = header_layers(h)
            print("%-24s %-8s %s" % (h, "".join(RANKS[r][0] for r in lays), " ".join(
                "%s:%s" % (RANKS[r][0], ",".join(fn for fn, _ in per[r])) for r in sorted(per))))
        return 0
    # one layer per public header: a header in include/ that declares another layer's functions
    for h in sorted(glob.glob("include/*.h")):
        _, lays, per = header_layers(h)
        for r in per:
            if r not in lays:
                fn, d = per[r][0]
                found.add(("header", h, "%s (%s, defined in %s, in a header of layer %s)" % (
                    fn, RANKS[r][0], d, RANKS[next(iter(lays))][0])))
    for src in sorted(sources):
        r = rank(src)
        text = texts.get(src, src)
        if r is None or not os.path.exists(text):
            continue
        for name in re.findall(r'^\s*#\s*include\s+"([^"]+)"', open(text, errors="replace").read(), re.M):
            h = resolve(src, name)
            if not h or h == src:
                continue
            own, lays, _ = header_layers(h)
            if own is not None and own > r:
                found.add(("include", src, "%s (layer %s)" % (h, RANKS[own][0])))
            for hr, (fn, d) in lays.items():
                if hr > r:
                    found.add(("include", src, "%s (the API of %s: %s, ...)" % (h, RANKS[hr][0], fn)))

    # long functions (no allow-list: every one is fixed)
    long_bad = 0
    for src in sorted(sources):
        folder = src.split("/")[0]
        text = texts.get(src, src)
        if not src.endswith(".c") or folder not in FN_MAX_LINES or not os.path.exists(text):
            continue
        for line, fn, n in long_functions(open(text, errors="replace").read(), FN_MAX_LINES[folder]):
            long_bad += 1
            print("check-layers: %s:%d: %s() is %d lines from brace to brace, more than %d: move its work "
                  "into a layer or helpers" % (src, line, fn, n, FN_MAX_LINES[folder]))

    allowed = set()
    if os.path.exists(allow_path):
        for line in open(allow_path):
            line = line.split("#", 1)[0].strip()
            if line:
                kind, f, what = line.split(None, 2)
                allowed.add((kind, f, what.split()[0]))
    bad = long_bad
    seen = set()
    for kind, f, what in sorted(found):
        key = (kind, f, what.split()[0])
        seen.add(key)
        if key not in allowed:
            bad += 1
            print("check-layers: %s: %s" % (f, {"call": "calls into a higher layer: ",
                  "include": "includes a higher layer's header: ",
                  "weak": "weak symbol overridden from another layer: ",
                  "header": "declares another layer's function: "}[kind] + what))
    for key in sorted(allowed - seen):
        bad += 1
        print("check-layers: %s: fixed, remove the line '%s' from %s" % (key[1], " ".join(key), allow_path))
    n_files = len(set(f for _, f, _ in found))
    print("check-layers: %d files, %d known violations in %s, %d new or stale" % (
        len(sources), len(allowed & seen), allow_path, bad))
    return 1 if bad else 0


sys.exit(main(sys.argv[1:]))
EOF
