/* U-Boot's `nand` command: info, device, read/write (.raw, .oob), erase (.part, .chip, .spread), scrub, bad, markbad, dump, torture. */
#include <stdlib.h>
#include "cmd_mtd.h"
#include "command.h"
#include "console.h"
#include "env.h"
#include "nand.h"

static bool is_nand(const struct mtd_info *m)
{
	return m->type == MTD_NANDFLASH;
}

static struct cmd_dev nand_cur = { is_nand, 0 }; /* `nand device` */

/* The current device, or NULL after "no devices available" */
static struct mtd_info *nand_need_dev(void)
{
	struct mtd_info *dev = cmd_dev_current(&nand_cur);

	if (!dev)
		printf("\nno devices available\n");
	return dev;
}

/* Offset of ofs (in m) on its master device */
static uint64_t abs_ofs(const struct mtd_info *m, uint64_t ofs)
{
	for (; m->parent; m = m->parent)
		ofs += m->offset;
	return ofs;
}

/* What a read/write/erase works on: an mtd (device or partition) and a span in it. */
struct nand_span {
	struct mtd_info *m, *master;
	int idx;
	uint64_t off, size;
};

static int span_finish(struct nand_span *s)
{
	s->master = mtd_master(s->m);
	if (s->master->type != MTD_NANDFLASH) {
		cmd_err("%s is not on NAND flash", s->m->name);
		return 1;
	}
	s->idx = cmd_dev_index(&nand_cur, s->master);
	return 0;
}

/* "off|partition [size]" at argv[i] */
static int get_span(struct mtd_info *dev, int argc, char *const argv[], int i, bool size_optional,
		    struct nand_span *s)
{
	memset(s, 0, sizeof(*s));
	if (cmd_mtd_target(dev, argc, argv, i, size_optional, &s->m, &s->off, &s->size))
		return 1;
	return span_finish(s);
}

static void print_span(const char *what, const struct nand_span *s)
{
	printf("\nNAND %s: device %d offset 0x%llx, size 0x%llx\n", what, s->idx,
	       (unsigned long long)abs_ofs(s->m, s->off), (unsigned long long)s->size);
}

static void skip_msg(uint64_t where, int code)
{
	printf("\rSkipping %s at 0x%08llx\n", code == MTD_BLOCK_RESERVED ? "BBT block" : "bad block",
	       (unsigned long long)where);
}

/* ------------------------------------------------------------ read / write */

/* U-Boot's nand read/write: skip bad blocks, never past the end of the partition or device. */
static int nand_rw(struct nand_span *s, bool wr, uintptr_t addr)
{
	const char *what = wr ? "written" : "read";
	struct mtd_io io = { .mtd = s->m, .off = s->off, .len = s->size, .flags = MTD_IO_SKIP_BAD };
	uint64_t need = wr ? ALIGN_UP(s->size, (uint64_t)s->m->writesize) : s->size, room;
	struct cmd_progress prog;
	uint32_t before = s->master->ecc_stats.corrected;
	int ret;

	print_span(wr ? "write" : "read", s);
	if (s->size > 0x10000000u) {
		cmd_err("0x%llx bytes is more than a RAM transfer allows", (unsigned long long)s->size);
		return 1;
	}
	if (wr ? addr_check_read(addr, s->size) : addr_check_write(addr, s->size))
		return 1;
	if (wr && s->off % s->m->writesize) {
		printf("Attempt to write non page-aligned data\n");
		return 1;
	}
	if (wr && cmd_mtd_refuse_ro(s->m, "write"))
		return 1;
	ret = mtd_io_room(s->m, s->off, need, 0, &room);
	if (ret)
		return cmd_mtd_error("bad block check", s->m, s->off, ret);
	if (room < need) {
		printf("Size of %s exceeds partition or device limit\n", wr ? "write" : "read");
		cmd_err("0x%llx bytes from 0x%llx do not fit in %s (0x%llx bytes of good blocks left)",
			(unsigned long long)s->size, (unsigned long long)s->off, s->m->name,
			(unsigned long long)room);
		printf(" 0 bytes %s: ERROR\n", what);
		return 1;
	}
	io.cb = cmd_progress_init(&prog, s->size >= SZ_1M ? CMD_PROG_NAND : CMD_PROG_NONE,
				  wr ? "Writing" : "Reading", what, s->m, s->size);
	ret = wr ? mtd_io_write(&io, (const void *)addr) : mtd_io_read(&io, (void *)addr);
	cmd_progress_end(&prog, ret);
	if (ret == -EINTR)
		return 1;
	if (ret) {
		cmd_err("%s failed at 0x%llx: %s", wr ? "write" : "read",
			(unsigned long long)abs_ofs(s->m, io.pos),
			ret == -EBADMSG ? "uncorrectable ECC error" : errno_str(ret));
		printf(" %llu bytes %s: ERROR\n", (unsigned long long)io.done, what);
		return 1;
	}
	if (s->master->ecc_stats.corrected != before)
		printf(" %lu bitflips corrected\n",
		       (unsigned long)(s->master->ecc_stats.corrected - before));
	if (!wr)
		env_set_hex("filesize", (unsigned long)s->size);
	printf(" %llu bytes %s: OK\n", (unsigned long long)s->size, what);
	return 0;
}

/* one page of a raw transfer at ofs: data + OOB, or (oob_only) up to `left` bytes of OOB */
static int raw_page_io(struct mtd_info *m, bool wr, bool oob_only, uint8_t *p, uint64_t ofs,
		       uint64_t left, size_t *took)
{
	struct mtd_oob_ops ops = { .mode = MTD_OPS_RAW };

	if (oob_only) {
		ops.oobbuf = p;
		ops.ooblen = (size_t)MIN((uint64_t)m->oobsize, left);
	} else {
		ops.datbuf = p;
		ops.len = m->writesize;
		ops.oobbuf = p + m->writesize;
		ops.ooblen = m->oobsize;
	}
	*took = oob_only ? ops.ooblen : m->writesize + m->oobsize;
	return wr ? mtd_write_oob(m, ofs, &ops) : mtd_read_oob(m, ofs, &ops);
}

/*
 * .raw: `count` pages (default 1) of data + OOB as stored, no ECC, no bad-block
 * skipping; .oob: `size` bytes of spare area (default one page's), raw.
 */
static int nand_rw_raw(struct mtd_info *dev, bool wr, bool oob_only, uintptr_t addr, int argc,
		       char *const argv[])
{
	/* argv: read.raw addr off|partition [count] */
	struct nand_span s;
	unsigned long count = 1;
	uint64_t len, per;
	uint32_t ws, oobsz;
	int ret = 0;

	memset(&s, 0, sizeof(s));
	if (cmd_mtd_target(dev, 3, argv, 2, true, &s.m, &s.off, &s.size) || span_finish(&s))
		return 1;
	ws = s.m->writesize;
	oobsz = s.m->oobsize;
	if (argc > 3 && (parse_ulong(argv[3], &count) || !count)) {
		cmd_err("bad %s '%s'", oob_only ? "size" : "page count", argv[3]);
		return 1;
	}
	if (oob_only && argc <= 3)
		count = oobsz;
	len = oob_only ? count : (uint64_t)count * (ws + oobsz);
	per = oob_only ? oobsz : ws + oobsz;
	s.size = len;
	print_span(wr ? "write" : "read", &s);
	if (s.off % ws) {
		cmd_err("offset 0x%llx is not on a page boundary (page size 0x%lx)",
			(unsigned long long)s.off, (unsigned long)ws);
		return 1;
	}
	if (DIV_ROUND_UP(len, per) > (s.m->size - s.off) / ws) {
		cmd_err("0x%llx bytes run past the end of %s", (unsigned long long)len, s.m->name);
		return 1;
	}
	if (wr ? addr_check_read(addr, len) : addr_check_write(addr, len))
		return 1;
	if (wr && cmd_mtd_refuse_ro(s.m, "write"))
		return 1;
	for (uint64_t done = 0, ofs = s.off; done < len && !ret; ofs += ws) {
		size_t took;

		ret = raw_page_io(s.m, wr, oob_only, (uint8_t *)addr + done, ofs, len - done, &took);
		if (ret)
			cmd_mtd_error(wr ? "raw write" : "raw read", s.m, ofs, ret);
		done += took;
	}
	if (!ret && !wr)
		env_set_hex("filesize", (unsigned long)len);
	printf(" %llu bytes %s: %s\n", (unsigned long long)len, wr ? "written" : "read",
	       ret ? "ERROR" : "OK");
	return ret ? 1 : 0;
}

/* ------------------------------------------------------------ erase / scrub */

static bool scrub_confirm(void)
{
	int c;

	printf("Warning: scrub erases bad blocks too: their factory markers are lost for good\n"
	       "         and the blocks look good afterwards. Only for testing, or when the\n"
	       "         markers are known to be wrong.\n"
	       "Really scrub this NAND flash? <y/N> ");
	c = console_getc();
	printf("%c\n", c >= ' ' && c < 0x7f ? c : ' ');
	return c == 'y' || c == 'Y';
}

/*
 * Erase [off, off+size) of s->m block by block. Bad blocks are skipped
 * (scrub: erased and marked good); blocks holding the bad block table are
 * never touched. spread: size counts good blocks only. A failing block is
 * reported and the erase goes on, as U-Boot does.
 */
static int nand_erase_span(struct nand_span *s, bool scrub, bool spread)
{
	// clang-format off
	struct mtd_io io = { .mtd = s->m, .off = s->off, .len = s->size,
			     .flags = MTD_IO_SKIP_BAD | MTD_IO_GO_ON | (scrub ? MTD_IO_SCRUB : 0) |
				      (spread ? MTD_IO_SPREAD : 0) };
	// clang-format on
	struct cmd_progress prog;
	int ret;

	if (!scrub && cmd_mtd_refuse_ro(s->m, "erase"))
		return 1;
	io.cb = cmd_progress_init(&prog, CMD_PROG_NAND, "Erasing", "erased", s->m, s->size);
	ret = mtd_io_erase(&io);
	cmd_progress_end(&prog, ret);
	if (ret == -EINTR)
		return 1;
	if (ret == -ENOSPC && spread)
		cmd_err("only 0x%llx bytes of good blocks before the end of %s",
			(unsigned long long)io.done, s->m->name);
	else if (ret && io.failed == 0)
		cmd_err("%s: %s", scrub ? "writing the bad block table" : "erase", errno_str(ret));
	printf("%s\n", ret || io.failed ? "ERROR" : "OK");
	return ret || io.failed ? 1 : 0;
}

/* What erase/scrub work on, from the suffix and argv[i..]: 0, 1 (printed) or CMD_RET_USAGE; *chip: all of dev */
static int erase_target(struct mtd_info *dev, const char *suffix, bool scrub, int argc,
			char *const argv[], int i, struct nand_span *s, bool *chip)
{
	memset(s, 0, sizeof(*s));
	*chip = !strcmp(suffix, ".chip") || (scrub && !*suffix && argc == i);
	if (*chip) {
		/* scrub with no range: the whole chip, behind the question in do_nand_erase() */
		if (argc != i)
			return CMD_RET_USAGE;
		s->m = dev;
		s->size = dev->size;
		return span_finish(s);
	}
	if (!strcmp(suffix, ".part")) {
		if (argc != i + 1)
			return CMD_RET_USAGE;
		s->m = mtd_find(argv[i]);
		if (!s->m || !s->m->parent) {
			cmd_err("'%s' is not a partition (see mtdparts)", argv[i]);
			return 1;
		}
		s->size = s->m->size;
		return span_finish(s);
	}
	/* as U-Boot: a missing size never turns into a whole-device erase */
	if ((*suffix && strcmp(suffix, ".spread")) || argc != i + 2)
		return CMD_RET_USAGE;
	return get_span(dev, argc, argv, i, false, s);
}

/* erase[.spread|.part|.chip] ... | scrub [-y] ... (argv[0] the sub-command) */
static int do_nand_erase(int argc, char *const argv[])
{
	bool scrub = argv[0][0] == 's', yes = false, chip;
	const char *suffix = cmd_sub_suffix(argv[0]);
	bool spread = !strcmp(suffix, ".spread");
	struct mtd_info *dev = nand_need_dev();
	struct nand_span s;
	int i = 1, ret;

	if (!dev)
		return 1;
	if (argc > i && !strcmp(argv[i], "-y") && scrub) {
		yes = true;
		i++;
	}
	ret = erase_target(dev, suffix, scrub, argc, argv, i, &s, &chip);
	if (ret)
		return ret;
	/* the length is rounded up to whole blocks */
	s.size = ALIGN_UP(s.size, (uint64_t)s.m->erasesize);
	if (!spread && s.size > s.m->size - s.off)
		s.size = s.m->size - s.off;
	if (chip)
		printf("\nNAND %s: device %d whole chip\n", scrub ? "scrub" : "erase", s.idx);
	else
		print_span(scrub ? "scrub" : "erase", &s);
	if (s.off % mtd_erasesize_at(s.m, s.off)) {
		printf("Attempt to erase non block-aligned data\n");
		return 1;
	}
	if (scrub && !yes && !scrub_confirm()) {
		printf("scrub aborted\n");
		return 1;
	}
	return nand_erase_span(&s, scrub, spread);
}

/* ------------------------------------------------------------ bad, markbad, dump, torture */

static int do_nand_bad(int argc, char *const argv[])
{
	struct mtd_info *dev = nand_need_dev();
	int nbad = 0, nres = 0, idx = cmd_dev_index(&nand_cur, dev);

	(void)argc;
	(void)argv;
	if (!dev)
		return 1;
	printf("\nDevice %d bad blocks:\n", idx);
	for (uint64_t o = 0; o < dev->size; o += dev->erasesize) {
		int b = mtd_block_isbad(dev, o);
		if (b == MTD_BLOCK_BAD) {
			printf("  0x%08llx\n", (unsigned long long)o);
			nbad++;
		}
		nres += b == MTD_BLOCK_RESERVED;
	}
	if (!nbad)
		printf("  none\n");
	if (nres) {
		printf("Device %d blocks reserved for the bad block table (not bad):\n", idx);
		for (uint64_t o = 0; o < dev->size; o += dev->erasesize)
			if (mtd_block_isreserved(dev, o) == 1)
				printf("  0x%08llx\n", (unsigned long long)o);
	}
	return 0;
}

static int do_nand_markbad(int argc, char *const argv[])
{
	struct mtd_info *dev = nand_need_dev();
	int ret = 0;

	if (!dev)
		return 1;
	for (int i = 1; i < argc; i++) {
		uint64_t off;
		int r;

		if (parse_u64(argv[i], &off) || off >= dev->size) {
			cmd_err("bad offset '%s' (0 .. 0x%llx)", argv[i],
				(unsigned long long)(dev->size - 1));
			ret = 1;
			continue;
		}
		off -= off % dev->erasesize;
		if (mtd_block_isreserved(dev, off) == 1) {
			cmd_err("block 0x%08llx holds the bad block table; not marked",
				(unsigned long long)off);
			ret = 1;
			continue;
		}
		r = mtd_block_markbad(dev, off);
		if (r) {
			printf("block 0x%08llx NOT marked as bad! ERROR %d (%s)\n",
			       (unsigned long long)off, r, errno_str(r));
			ret = 1;
		} else {
			printf("block 0x%08llx successfully marked as bad\n", (unsigned long long)off);
		}
	}
	return ret;
}

static int do_nand_dump(int argc, char *const argv[])
{
	bool oob_only = !strcmp(cmd_sub_suffix(argv[0]), ".oob");
	struct mtd_info *dev = nand_need_dev();
	struct nand_span s;
	struct mtd_oob_ops ops = { .mode = MTD_OPS_RAW };
	uint8_t *buf;
	uint64_t page;
	int ret;

	static uint64_t last_page;

	if (*cmd_sub_suffix(argv[0]) && !oob_only)
		return CMD_RET_USAGE;
	(void)argc;
	if (!dev || get_span(dev, 2, argv, 1, true, &s))
		return 1;
	page = abs_ofs(s.m, s.off);
	page -= page % s.master->writesize;
	if (cmd_repeating()) /* Enter alone: the next page, as U-Boot */
		page = last_page + s.master->writesize;
	if (page >= s.master->size)
		return 1;
	last_page = page;
	buf = malloc(s.master->writesize + s.master->oobsize);
	if (!buf)
		return 1;
	ops.datbuf = buf;
	ops.len = s.master->writesize;
	ops.oobbuf = buf + s.master->writesize;
	ops.ooblen = s.master->oobsize;
	ret = mtd_read_oob(s.master, page, &ops);
	if (ret) {
		free(buf);
		return cmd_mtd_error("raw read", s.master, page, ret);
	}
	printf("Page %08llx dump:\n", (unsigned long long)page);
	for (uint32_t i = 0; !oob_only && i < s.master->writesize; i += 16) {
		printf("\t");
		for (int j = 0; j < 16; j++)
			printf("%02x%s", buf[i + j], j < 15 ? " " : "\n");
	}
	printf("OOB:\n");
	for (uint32_t i = 0; i < s.master->oobsize; i += 8) {
		printf("\t");
		for (int j = 0; j < 8; j++)
			printf("%02x%s", ops.oobbuf[i + j], j < 7 ? " " : "\n");
	}
	free(buf);
	return 0;
}

/* Read a block back raw, page by page, against want (NULL: erased); err at the first byte that differs. */
static int torture_check(struct mtd_info *m, uint64_t ofs, const uint8_t *want, uint8_t *chk,
			 uint64_t *bad_at, int err)
{
	uint32_t ws = m->writesize;
	int ret;

	for (uint32_t o = 0; o < m->erasesize; o += ws) {
		struct mtd_oob_ops ops = { .mode = MTD_OPS_RAW, .datbuf = chk, .len = ws };
		ret = mtd_read_oob(m, ofs + o, &ops);
		if (ret)
			return ret;
		for (uint32_t i = 0; i < ws; i++)
			if (chk[i] != (want ? want[o + i] : 0xff)) {
				*bad_at = ofs + o + i;
				return err;
			}
	}
	return 0;
}

/* Erase, check erased, write a pattern, read it back raw and compare; three patterns. */
static int torture_block(struct mtd_info *m, uint64_t ofs, uint8_t *buf, uint8_t *chk, uint64_t *bad_at)
{
	static const uint8_t patterns[] = { 0xa5, 0x5a, 0x00 };
	uint32_t es = m->erasesize;
	int ret;

	for (unsigned int p = 0; p <= ARRAY_SIZE(patterns); p++) {
		ret = mtd_erase(m, ofs, es);
		if (!ret)
			ret = torture_check(m, ofs, NULL, chk, bad_at, -EIO); /* not erased */
		if (ret)
			return ret;
		if (p == ARRAY_SIZE(patterns))
			break; /* left erased */
		memset(buf, patterns[p], es);
		ret = mtd_write(m, ofs, es, buf);
		if (!ret)
			ret = torture_check(m, ofs, buf, chk, bad_at, -EBADMSG);
		if (ret)
			return ret;
	}
	return 0;
}

static int do_nand_torture(int argc, char *const argv[])
{
	struct mtd_info *dev = nand_need_dev();
	struct nand_span s;
	unsigned int passed = 0, failed = 0;
	uint8_t *buf, *chk;

	if (!dev || get_span(dev, argc, argv, 1, true, &s))
		return 1;
	if (argc < 3 && !s.m->parent)
		s.size = s.m->erasesize; /* an offset alone: one block */
	if (s.off % s.m->erasesize) {
		printf("Attempt to torture non block-aligned data\n");
		return 1;
	}
	s.size = ALIGN_UP(s.size, (uint64_t)s.m->erasesize);
	if (s.size > s.m->size - s.off)
		s.size = s.m->size - s.off;
	if (cmd_mtd_refuse_ro(s.m, "torture"))
		return 1;
	printf("\nNAND torture: device %d offset 0x%llx size 0x%llx (block size 0x%lx)\n", s.idx,
	       (unsigned long long)abs_ofs(s.m, s.off), (unsigned long long)s.size,
	       (unsigned long)s.m->erasesize);
	buf = malloc(s.m->erasesize);
	chk = malloc(s.m->writesize);
	for (uint64_t o = s.off; buf && chk && o < s.off + s.size; o += s.m->erasesize) {
		uint64_t a = abs_ofs(s.m, o), at = 0;
		int bad = mtd_block_isbad(s.m, o), ret;

		if (bad) {
			skip_msg(a, bad);
			continue;
		}
		ret = torture_block(s.m, o, buf, chk, &at);
		if (ret) {
			failed++;
			printf(" block at 0x%08llx failed: %s", (unsigned long long)a,
			       ret == -EBADMSG     ? "pattern read back wrong"
			       : ret == -EIO && at ? "not erased"
						   : errno_str(ret));
			if (at)
				printf(" (first difference at 0x%08llx)",
				       (unsigned long long)abs_ofs(s.m, at));
			printf("; 'nand markbad 0x%llx' retires it\n", (unsigned long long)a);
		} else {
			passed++;
		}
		if (ctrlc()) {
			printf("<INTERRUPT>\n");
			break;
		}
	}
	if (!buf || !chk) {
		cmd_err("out of memory");
		failed++;
	}
	free(buf);
	free(chk);
	printf(" Passed: %u, failed: %u\n", passed, failed);
	return failed ? 1 : 0;
}

/* ------------------------------------------------------------ info, device */

static void print_ecc(const struct nand_ecc_ctrl *ecc)
{
	printf("  ECC           %s", nand_ecc_mode_name(ecc->mode));
	if (ecc->mode != NAND_ECC_NONE) {
		printf(", %u bytes per %u b, %u bit(s) per step, OOB", ecc->bytes, ecc->size,
		       ecc->strength);
		for (unsigned int i = 0; i < ecc->n_eccpos; i++)
			printf(" %u..%u", ecc->eccpos[i].offset,
			       ecc->eccpos[i].offset + ecc->eccpos[i].length - 1);
	}
	printf("\n");
}

static void nand_print_info(int idx, struct mtd_info *m)
{
	struct nand_info in;
	const struct nand_timings *t;
	uint32_t nbad = 0, nres = 0;
	char line[256];

	if (nand_get_info(m, &in))
		return;
	t = in.timings;
	printf("Device %d: %s, sector size %lu KiB\n", idx, m->name,
	       (unsigned long)(m->erasesize >> 10));
	printf("  Chip          %s, maker %s, ID", in.chip_name ? in.chip_name : "unknown",
	       nand_maker_name(in.maker));
	for (int i = 0; i < 5; i++)
		printf(" %02x", in.id[i]);
	printf("\n  Size          ");
	print_size(m->size, "");
	printf(", %lu blocks, %u-bit bus\n", (unsigned long)in.numblocks, in.buswidth);
	printf("  Page size     %8lu b\n  OOB size      %8lu b\n  Erase size    %8lu b\n",
	       (unsigned long)m->writesize, (unsigned long)m->oobsize, (unsigned long)m->erasesize);
	print_ecc(&in.ecc);
	for (uint64_t o = 0; o < m->size; o += m->erasesize) {
		int c = mtd_block_isbad(m, o);
		nbad += c == MTD_BLOCK_BAD;
		nres += c == MTD_BLOCK_RESERVED;
	}
	printf("  Bad blocks    %lu (+%lu holding the bad block table)\n", (unsigned long)nbad,
	       (unsigned long)nres);
	if (t)
		printf("  Chip timing   tWC %u tRC %u tWP %u tRP %u tWH %u tREH %u tCLS %u tALS %u ns; "
		       "tR %lu tPROG %lu tBERS %lu us\n",
		       t->tWC, t->tRC, t->tWP, t->tRP, t->tWH, t->tREH, t->tCLS, t->tALS,
		       (unsigned long)t->tR_us, (unsigned long)t->tPROG_us, (unsigned long)t->tBERS_us);
	if (nand_ctrl_info(m, line, sizeof(line)) > 0)
		printf("%s", line); /* the controller's own lines */
}

static int do_nand_info(int argc, char *const argv[])
{
	struct mtd_info *m;

	(void)argc;
	(void)argv;
	if (!cmd_dev_nth(&nand_cur, 0)) {
		printf("\nno devices available\n");
		return 1;
	}
	for (int i = 0; (m = cmd_dev_nth(&nand_cur, i)); i++) {
		printf("\n");
		nand_print_info(i, m);
	}
	return 0;
}

static int do_nand_device(int argc, char *const argv[])
{
	struct mtd_info *dev;

	if (argc < 2) {
		dev = nand_need_dev();
		if (!dev)
			return 1;
		printf("\n");
		nand_print_info(nand_cur.cur, dev);
		return 0;
	}
	if (cmd_dev_select(&nand_cur, argv[1])) {
		printf("No such device: %s\n", argv[1]);
		return 1;
	}
	printf("Device %d: %s... is now current device\n", nand_cur.cur,
	       cmd_dev_current(&nand_cur)->name);
	return 0;
}

/* read|write[.raw|.oob] addr off|partition [size|count] */
static int do_nand_rw(int argc, char *const argv[])
{
	bool wr = argv[0][0] == 'w';
	const char *sfx = cmd_sub_suffix(argv[0]);
	struct mtd_info *dev = nand_need_dev();
	struct nand_span s;
	unsigned long addr;

	if (!dev || cmd_mtd_addr(argv[1], &addr))
		return 1;
	if (!strcmp(sfx, ".raw") || !strcmp(sfx, ".oob"))
		return nand_rw_raw(dev, wr, sfx[1] == 'o', addr, argc, argv);
	if (*sfx)
		return CMD_RET_USAGE;
	if (get_span(dev, argc, argv, 2, false, &s))
		return 1;
	return nand_rw(&s, wr, addr);
}

/* U-Boot's nand compares whole names (read/write/erase/scrub/dump take a .suffix), no abbreviations */
// clang-format off
static const struct cmd_sub nand_subs[] = {
	{ "info", 1, 0, 0, false, do_nand_info, false },
	{ "device", 1, 0, 0, false, do_nand_device, false },
	{ "read", 3, 0, 0, true, do_nand_rw, false },
	{ "write", 3, 0, 0, true, do_nand_rw, false },
	{ "erase", 1, 0, 0, true, do_nand_erase, false },
	{ "scrub", 1, 0, 0, true, do_nand_erase, false },
	{ "bad", 1, 0, 0, false, do_nand_bad, false },
	{ "markbad", 2, 0, 0, false, do_nand_markbad, false },
	{ "dump", 2, 0, 0, true, do_nand_dump, true }, /* U-Boot: only dump repeats */
	{ "torture", 2, 0, 0, false, do_nand_torture, false },
};
// clang-format on

static int do_nand(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	(void)cmd;
	return CMD_SUB_RUN(nand_subs, 0, argc, argv);
}

CMD_REPEATABLE(nand, 6, do_nand, "NAND sub-system",
	       "info - show available NAND devices\n"
	       "nand device [dev] - show or set current device\n"
	       "nand read  addr off|partition [size]\n"
	       "nand write addr off|partition [size]\n"
	       "    read/write 'size' bytes at offset 'off' (or the partition) to/from RAM at 'addr',\n"
	       "    skipping bad blocks; a write pads its last page with 0xff\n"
	       "nand read.raw  addr off|partition [count]\n"
	       "nand write.raw addr off|partition [count]\n"
	       "    'count' pages (default 1) of data + OOB as stored, no ECC\n"
	       "nand read.oob  addr off|partition [size]\n"
	       "nand write.oob addr off|partition [size]\n"
	       "    'size' bytes of spare area (default one page's), raw\n"
	       "nand erase off|partition size - erase 'size' bytes (whole blocks), skipping bad blocks\n"
	       "nand erase.spread off size - as erase, 'size' counts good blocks only\n"
	       "nand erase.part partition - erase a whole partition\n"
	       "nand erase.chip - erase the whole chip, skipping bad blocks\n"
	       "nand bad - list bad blocks (and those holding the bad block table)\n"
	       "nand markbad off [off ...] - mark the block(s) at 'off' bad\n"
	       "nand dump[.oob] off - page at 'off' (or only its OOB), raw\n"
	       "nand scrub [-y] [off size] | scrub.part partition | scrub.chip\n"
	       "    erase bad blocks too (asks first; -y does not): UNSAFE, markers are lost\n"
	       "nand torture off [size] - erase/write/read-back test of the block(s) at 'off'");
