#!/usr/bin/python3
"""Pad flashboot.bin to its fw_header length and patch in the header's CRC-32 (image with the CRC word zero)."""
import struct
import sys
import zlib

MAGIC = 0x46424F54  # "FBOT"


def find_header(img):
    """Offset of fw_header: the magic, then a length, the CRC word and the link address."""
    for off in range(0, min(len(img), 512) - 15, 4):
        magic, length, _crc, link = struct.unpack_from("<4I", img, off)
        if magic == MAGIC and off + 16 <= length <= len(img) + 4096 and link & 3 == 0:
            return off
    raise SystemExit("fwcrc: no fw_header (FBOT) in the first 512 bytes")


def patch(img):
    img = bytearray(img)
    off = find_header(img)
    length = struct.unpack_from("<I", img, off + 4)[0]
    if len(img) > length:
        raise SystemExit("fwcrc: file is %d bytes, header says %d" % (len(img), length))
    img += bytes(length - len(img))  # objcopy drops the trailing alignment
    struct.pack_into("<I", img, off + 8, 0)
    crc = zlib.crc32(bytes(img)) & 0xFFFFFFFF
    struct.pack_into("<I", img, off + 8, crc)
    return bytes(img), off, crc


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: fwcrc.py flashboot.bin")
    path = sys.argv[1]
    with open(path, "rb") as f:
        img, off, crc = patch(f.read())
    with open(path, "wb") as f:
        f.write(img)
    print("  FWCRC   %s: %d bytes, CRC32 0x%08x in fw_header at 0x%x" % (path, len(img), crc, off))


if __name__ == "__main__":
    main()
