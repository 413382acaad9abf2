"""A lossy wire between QEMU's UDP socket netdev and a tap device (run inside a network namespace):
Ethernet frames both ways, and IPv4/UDP ones lost, duplicated or swapped with the next one at the
given rates, from a fixed seed so every run sees the same impairments. DROPS, when given, names
UDP frames to lose by their number in their direction, counted from 1 (what a test needs to
make a time-out happen at a known point): "to_server:1,to_guest:3-5".

usage: netwire.py TAP LISTEN_PORT QEMU_PORT LOSS DUP REORDER SEED [DROPS]"""
import fcntl
import os
import random
import select
import socket
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def drop_plan(spec):
    """"to_server:1,to_guest:3-5" -> {"to_server": {1}, "to_guest": {3, 4, 5}}"""
    plan = {"to_guest": set(), "to_server": set()}
    for item in filter(None, spec.split(",")):
        d, _, rng = item.partition(":")
        lo, _, hi = rng.partition("-")
        plan[d].update(range(int(lo), int(hi or lo) + 1))
    return plan


def main():
    tap_name, listen, qport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    loss, dup, reorder, seed = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
    tap = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tap, TUNSETIFF, struct.pack("16sH", tap_name.encode(), IFF_TAP | IFF_NO_PI))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", listen))
    qemu = ("127.0.0.1", qport)
    plan = drop_plan(sys.argv[8] if len(sys.argv) > 8 else "")
    seen = {"to_guest": 0, "to_server": 0}  # UDP frames so far, each way
    rnd = random.Random(seed)
    held = {}  # direction -> (frame, time)
    sys.stdout.write("ready\n")
    sys.stdout.flush()

    def out(d, frame):
        if d == "to_guest":
            sock.sendto(frame, qemu)
        else:
            os.write(tap, frame)

    def impaired(frame):
        return len(frame) > 23 and frame[12:14] == b"\x08\x00" and frame[23] == 17

    def forward(d, frame):
        if not impaired(frame):
            out(d, frame)
            return
        seen[d] += 1
        if seen[d] in plan[d]:
            return
        if rnd.random() < loss:
            return
        if d not in held and rnd.random() < reorder:
            held[d] = (frame, time.time())  # goes out after the next one
            return
        out(d, frame)
        if rnd.random() < dup:
            out(d, frame)
        if d in held:
            out(d, held.pop(d)[0])

    while True:
        r, _, _ = select.select([tap, sock], [], [], 0.02)
        if tap in r:
            forward("to_guest", os.read(tap, 2048))
        if sock in r:
            forward("to_server", sock.recv(2048))
        for d in list(held):
            if time.time() - held[d][1] > 0.05:
                out(d, held.pop(d)[0])


if __name__ == "__main__":
    main()
