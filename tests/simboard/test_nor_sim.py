"""The sim board's SST39VF1601 NOR: a second write of different data is refused whole (nothing
programmed), as U-Boot's flash_write refuses "Flash not Erased"."""


def test_nor_write_over_data_refused(sim):
    sim.ok("mw.b 30100000 3c 2000")
    sim.ok("mw.b 30200000 c3 2000")
    sim.ok("mtd erase nor0 10000 10000")
    sim.ok("mtd write nor0 30100000 10000 2000")
    for line in ("mtd write nor0 30200000 10000 2000", "nor write 30200000 10000 2000",
                 "mtd write nor0 30200000 11fff 1"):
        out = sim.fails(line)
        assert "flash not erased (erase it first)" in out, (line, out)
        assert "I/O error" not in out
    # the first data is whole: nothing was programmed over it
    sim.ok("mtd read nor0 30300000 10000 2000")
    assert sim.cmd("cmp.b 30100000 30300000 2000") == "Total of 8192 byte(s) were the same"
    # same data again, and bits only cleared, are what a program can do
    sim.ok("mtd write nor0 30100000 10000 2000")
    sim.ok("mw.b 30100000 08 1")
    sim.ok("mtd write nor0 30100000 10000 1")
    sim.ok("mtd read nor0 30300000 10000 2")
    assert sim.cmd("md.b 30300000 2").startswith("30300000: 08 3c")
    # after an erase the new data goes in
    sim.ok("mtd erase nor0 10000 10000")
    sim.ok("nor write 30200000 10000 2000")
