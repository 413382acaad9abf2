"""The environment in NAND on the sim board: saveenv, restart, redundant copies in U-Boot's format on the image."""
import binascii
import struct

from simhelp import BLOCK, ENV_OFS, ENV_REDUND_OFS, ENV_SIZE


def env_copy(board, off):
    assert off % BLOCK == 0  # each copy owns an erase block
    data = board.nand_data(off, ENV_SIZE)
    crc, flags = struct.unpack_from("<IB", data)
    body = data[5:]
    return crc, flags, body


def test_saveenv_survives_restart(board):
    sim = board.start()
    sim.ok("setenv greeting 'hello nand'")
    sim.ok("setenv kernel_part kernel")
    out = sim.ok("saveenv")
    assert out == "Saving Environment to NAND... (copy 0, flags 0x01) OK"
    sim.ok("setenv greeting 'hello again'")
    assert sim.ok("saveenv") == "Saving Environment to NAND... (copy 1, flags 0x02) OK"
    sim.poweroff()

    # both copies in U-Boot's redundant format; the newer one has the higher serial
    for off, flags, text in ((ENV_OFS, 1, b"greeting=hello nand\0"),
                             (ENV_REDUND_OFS, 2, b"greeting=hello again\0")):
        crc, fl, body = env_copy(board, off)
        assert binascii.crc32(body) == crc
        assert fl == flags
        assert text in body

    sim = board.start()
    assert "Loading Environment from NAND... OK" in sim.boot_log
    assert sim.ok("printenv greeting") == "greeting=hello again"
    assert sim.ok("printenv kernel_part") == "kernel_part=kernel"
    out = sim.ok("env info")
    assert "env_location = nand0 offset 0x80000, redundant copy at 0xc0000" in out
    assert "env_active_copy = 1" in out


def test_default_env_is_the_mini2440s(sim):
    # board/mini2440/defaults.h, not a copy: the real board's layout and boot flow
    assert sim.ok("printenv mtdids") == "mtdids=nand0=nand"
    assert sim.ok("printenv mtdparts") == \
        "mtdparts=mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),-(root)"
    assert sim.ok("printenv loadaddr") == "loadaddr=0x30800000"
    assert sim.ok("printenv rootmtd") == "rootmtd=0"
    assert sim.ok("printenv bootcmd") == ("bootcmd=run setbootargs; nand read ${kernel_addr_r} kernel; "
                                          "phram load root; bootz ${kernel_addr_r}")
    assert "Hit any key to stop autoboot" in sim.boot_log
    sim.ok("run setbootargs")
    assert sim.ok("printenv bootargs") == (
        "bootargs=console=ttySAC0,115200 root=/dev/mtdblock0 rootfstype=squashfs ro "
        "mtdparts=nand:512k(u-boot)ro,512k(u-boot-env),5m(kernel),-(root)")


def test_second_copy_skips_a_bad_block(board):
    """Each copy has two blocks (range 0x40000): a bad first block moves copy 1 to 0xe0000."""
    sim = board.start(bad_blocks=[ENV_REDUND_OFS // BLOCK])
    sim.ok("setenv a 1")
    sim.ok("saveenv")
    sim.ok("setenv a 2")
    assert sim.ok("saveenv") == "Saving Environment to NAND... (copy 1, flags 0x02) OK"
    sim.poweroff()
    crc, flags, body = env_copy(board, ENV_REDUND_OFS + BLOCK)
    assert binascii.crc32(body) == crc and flags == 2 and b"a=2\0" in body
    sim = board.start(bad_blocks=[ENV_REDUND_OFS // BLOCK])
    assert sim.ok("printenv a") == "a=2"
