/* Unit tests: mtdparts= in the kernel command line (translation through mtdids, the table in force) and the boot path. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <libfdt.h>
#include "atags.h"
#include "board.h"
#include "bootm.h"
#include "mtd.h"
#include "mtdparts.h"
#include "phram.h"

#include "lx_cmdline.h"

/* ---------------------------------------------------------------- translation */

static struct mtdparts_table scratch;
static struct mtdids ids;
static char out[2048];
static struct mtdparts_cmdline_info info;

static void set_ids(const char *s)
{
	assert_int_equal(mtdids_parse(s, strlen(s), &ids, NULL), 0);
}

/* translate mode, must succeed; returns out */
static const char *xlate(const char *bootargs)
{
	int ret = mtdparts_cmdline(bootargs, &ids, NULL, &scratch, out, sizeof(out), &info);

	assert_true(ret >= 0);
	assert_int_equal((size_t)ret, strlen(out));
	assert_int_equal(info.len, (size_t)ret);
	return out;
}

static void assert_note(int i, enum mtdparts_note_kind kind, const char *text)
{
	assert_true(i < info.nnotes);
	assert_int_equal(info.notes[i].kind, kind);
	assert_int_equal(info.notes[i].len, strlen(text));
	assert_memory_equal(info.notes[i].s, text, strlen(text));
}

static void test_no_mtdparts_untouched(void **state)
{
	// clang-format off
	static const char *const lines[] = {
		"", "console=ttyAMA0", "  console=ttyAMA0\troot=/dev/mtdblock2  ",
		"mtdparts", "xmtdparts=nor0:1m(a)", "mtdparts_x=nor0:1m(a)", "mtdid=nor0",
		"init=/bin/sh -- mtdparts=nor0:1m(a)", "\"quoted arg\" \"mtd parts=nor0:1m\"",
	};
	// clang-format on

	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand");
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		assert_string_equal(xlate(lines[i]), lines[i]);
		assert_int_equal(info.nwords, 0);
		assert_int_equal(info.nnotes, 0);
	}
	/* NULL bootargs: empty */
	assert_string_equal(xlate(NULL), "");
}

static void test_translate_positions(void **state)
{
	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand");
	/* alone, at the start, in the middle, at the end; the rest byte for byte */
	assert_string_equal(xlate("mtdparts=nor0:1m(a),-(b)"), "mtdparts=34000000.flash:1m(a),-(b)");
	assert_int_equal(info.nwords, 1);
	assert_int_equal(info.ntranslated, 1);
	assert_int_equal(info.nnotes, 0);
	assert_string_equal(xlate("mtdparts=nor0:1m(a) console=ttyAMA0"),
			    "mtdparts=34000000.flash:1m(a) console=ttyAMA0");
	assert_string_equal(xlate("console=ttyAMA0  mtdparts=nand0:-(root)\troot=/dev/mtdblock0"),
			    "console=ttyAMA0  mtdparts=nand:-(root)\troot=/dev/mtdblock0");
	assert_string_equal(xlate(" console=ttyAMA0 ro mtdparts=nor0:256k(fw)ro,-(rest)lk  "),
			    " console=ttyAMA0 ro mtdparts=34000000.flash:256k(fw)ro,-(rest)lk  ");
	/* an NBSP (Latin-1 0xa0) separates words for Linux too */
	assert_string_equal(xlate("a\xa0mtdparts=nor0:1m(a)\xa0z"),
			    "a\xa0mtdparts=34000000.flash:1m(a)\xa0z");
}

static void test_translate_several_mtddefs(void **state)
{
	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand,spi0=spi0.0:nor,odd=x=y");
	assert_string_equal(xlate("mtdparts=nor0:1m(a),-(b);nand0:2m@1m(c)ro,-(d) x=1"),
			    "mtdparts=34000000.flash:1m(a),-(b);nand:2m@1m(c)ro,-(d) x=1");
	assert_int_equal(info.ntranslated, 2);
	/* Linux's ids stay; ours next to them are translated */
	assert_string_equal(xlate("mtdparts=34000000.flash:1m(a);nand0:-(c)"),
			    "mtdparts=34000000.flash:1m(a);nand:-(c)");
	assert_int_equal(info.ntranslated, 1);
	assert_int_equal(info.nnotes, 0);
	/* a Linux id with ':' inside (the id ends at the last ':' before '(' or ';') */
	assert_string_equal(xlate("mtdparts=spi0:1m(boot:x),-(y)"),
			    "mtdparts=spi0.0:nor:1m(boot:x),-(y)");
	assert_string_equal(xlate("mtdparts=spi0.0:nor:1m(boot)"), "mtdparts=spi0.0:nor:1m(boot)");
	assert_int_equal(info.ntranslated, 0);
	assert_int_equal(info.nnotes, 0);
	/* an id with '=' (mtdids allows it) */
	assert_string_equal(xlate("mtdparts=odd:1m(a)"), "mtdparts=x=y:1m(a)");
	/* the same id twice: both translated (Linux uses the last mtddef) */
	assert_string_equal(xlate("mtdparts=nor0:1m(a);nor0:2m(b)"),
			    "mtdparts=34000000.flash:1m(a);34000000.flash:2m(b)");
	assert_int_equal(info.ntranslated, 2);
}

static void test_translate_names_and_quotes(void **state)
{
	char lx[256];

	(void)state;
	set_ids("nor0=34000000.flash");
	/* names with parentheses, commas, semicolons and colons */
	assert_string_equal(xlate("mtdparts=nor0:1m(a(b),2m(c;d:e),-(f,g)"),
			    "mtdparts=34000000.flash:1m(a(b),2m(c;d:e),-(f,g)");
	/* names with blanks need quotes: the whole word, or the value */
	assert_string_equal(xlate("x \"mtdparts=nor0:1m(my part),-(the rest)\" y"),
			    "x \"mtdparts=34000000.flash:1m(my part),-(the rest)\" y");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, "34000000.flash:1m(my part),-(the rest)");
	assert_string_equal(xlate("x mtdparts=\"nor0:1m(my part)\" y"),
			    "x mtdparts=\"34000000.flash:1m(my part)\" y");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, "34000000.flash:1m(my part)");
	/* quotes inside the value keep a blank in the word (Linux toggles on every '"') */
	assert_string_equal(xlate("mtdparts=nor0:1m(a\" \"b) z"),
			    "mtdparts=34000000.flash:1m(a\" \"b) z");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, "34000000.flash:1m(a\" \"b)");
	/* unquoted blank: Linux gets "nor0:1m(my" (no closing parenthesis): left alone, noted */
	assert_string_equal(xlate("mtdparts=nor0:1m(my part)"), "mtdparts=nor0:1m(my part)");
	assert_int_equal(info.nnotes, 1);
	assert_note(0, MTDPARTS_NOTE_BAD_WORD, "mtdparts=nor0:1m(my");
	assert_int_equal(info.notes[0].err, -EINVAL);
	assert_int_equal(info.notes[0].pos, 7); /* the '(' in the value */
	assert_int_equal(info.ntranslated, 0);
}

static void test_translate_unknown_and_malformed(void **state)
{
	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand");
	/* an id in neither column: left alone, noted; the others are still translated */
	assert_string_equal(xlate("a mtdparts=spi9:1m(x);nor0:1m(y) b"),
			    "a mtdparts=spi9:1m(x);34000000.flash:1m(y) b");
	assert_int_equal(info.nnotes, 1);
	assert_note(0, MTDPARTS_NOTE_UNKNOWN_ID, "spi9");
	assert_int_equal(info.ntranslated, 1);
	/* an empty id is unknown too */
	assert_string_equal(xlate("mtdparts=:1m(x)"), "mtdparts=:1m(x)");
	assert_note(0, MTDPARTS_NOTE_UNKNOWN_ID, "");
	/* malformed: left unchanged with the position of the error in the value */
	assert_string_equal(xlate("a mtdparts=nor0:1m(a),,2m(b) b"), "a mtdparts=nor0:1m(a),,2m(b) b");
	assert_note(0, MTDPARTS_NOTE_BAD_WORD, "mtdparts=nor0:1m(a),,2m(b)");
	assert_int_equal(info.notes[0].pos, 11); /* the empty partdef */
	assert_string_equal(xlate("mtdparts=nor0"), "mtdparts=nor0");
	assert_note(0, MTDPARTS_NOTE_BAD_WORD, "mtdparts=nor0");
	assert_string_equal(xlate("mtdparts= z"), "mtdparts= z");
	assert_note(0, MTDPARTS_NOTE_BAD_WORD, "mtdparts=");
	assert_string_equal(xlate("mtdparts=nor0:1m(a)rw"), "mtdparts=nor0:1m(a)rw");
	assert_note(0, MTDPARTS_NOTE_BAD_WORD, "mtdparts=nor0:1m(a)rw");
	/* Linux reads "mtdparts=mtdparts=nor0:..." with the id "mtdparts=nor0" */
	assert_string_equal(xlate("mtdparts=mtdparts=nor0:1m(a)"), "mtdparts=mtdparts=nor0:1m(a)");
	assert_note(0, MTDPARTS_NOTE_UNKNOWN_ID, "mtdparts=nor0");
	assert_string_equal(xlate("mtdparts=\"mtdparts=nor0:1m(a)\""),
			    "mtdparts=\"mtdparts=nor0:1m(a)\"");
	assert_note(0, MTDPARTS_NOTE_UNCHECKED, "mtdparts=\"mtdparts=nor0:1m(a)\"");
}

static void test_translate_precedence(void **state)
{
	char lx[256];

	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand,nand=other");
	/* a Linux id is left alone even when it is also one of our names */
	assert_string_equal(xlate("mtdparts=nand:1m(a)"), "mtdparts=nand:1m(a)");
	assert_int_equal(info.nnotes, 0);
	/* two words: both translated, the first noted as ignored (Linux keeps the last) */
	assert_string_equal(xlate("mtdparts=nor0:1m(a) x mtdparts=nand0:2m(b)"),
			    "mtdparts=34000000.flash:1m(a) x mtdparts=nand:2m(b)");
	assert_int_equal(info.nwords, 2);
	assert_int_equal(info.ntranslated, 2);
	assert_int_equal(info.nnotes, 1);
	assert_note(0, MTDPARTS_NOTE_OVERRIDDEN, "mtdparts=nor0:1m(a)");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, "nand:2m(b)");
	/* cmdlinepart.mtdparts= wins over any mtdparts=, wherever it is */
	assert_string_equal(xlate("cmdlinepart.mtdparts=nor0:1m(a) mtdparts=nand0:2m(b)"),
			    "cmdlinepart.mtdparts=34000000.flash:1m(a) mtdparts=nand:2m(b)");
	assert_int_equal(info.nnotes, 1);
	assert_note(0, MTDPARTS_NOTE_OVERRIDDEN, "mtdparts=nand0:2m(b)");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, "34000000.flash:1m(a)");
	/* after "--" the words belong to init */
	assert_string_equal(xlate("mtdparts=nor0:1m(a) -- mtdparts=nor0:2m(b)"),
			    "mtdparts=34000000.flash:1m(a) -- mtdparts=nor0:2m(b)");
	assert_int_equal(info.nwords, 1);
	assert_int_equal(info.nnotes, 0);
	assert_string_equal(xlate("a \"--\" mtdparts=nor0:2m(b)"), "a \"--\" mtdparts=nor0:2m(b)");
	assert_int_equal(info.nwords, 0);
	/* "--x" or "--=1" are parameters, not the end */
	assert_string_equal(xlate("--=1 mtdparts=nor0:2m(b)"), "--=1 mtdparts=34000000.flash:2m(b)");
}

static void test_translate_bad_linux_id(void **state)
{
	(void)state;
	set_ids("nor0=my flash,nand0=a\"b,spi0=x(y),spi1=x;y:z");
	assert_string_equal(xlate("mtdparts=nor0:1m(a);nand0:1m(b);spi0:1m(c);spi1:1m(d)"),
			    "mtdparts=nor0:1m(a);nand0:1m(b);spi0:1m(c);spi1:1m(d)");
	assert_int_equal(info.nnotes, 4);
	assert_note(0, MTDPARTS_NOTE_BAD_ID, "nor0");
	assert_note(1, MTDPARTS_NOTE_BAD_ID, "nand0");
	assert_note(2, MTDPARTS_NOTE_BAD_ID, "spi0");
	assert_note(3, MTDPARTS_NOTE_BAD_ID, "spi1");
	assert_int_equal(info.ntranslated, 0);
}

static void test_notes_overflow(void **state)
{
	char line[512] = "";

	(void)state;
	set_ids("nor0=34000000.flash");
	for (int i = 0; i < MTDPARTS_CMDLINE_NOTES + 3; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "mtdparts=u%d:1m(a) ", i);
	assert_string_equal(xlate(line), line);
	/* each word but the last is overridden and each has an unknown id */
	assert_int_equal(info.nnotes, 2 * (MTDPARTS_CMDLINE_NOTES + 3) - 1);
	assert_note(0, MTDPARTS_NOTE_OVERRIDDEN, "mtdparts=u0:1m(a)");
	assert_note(1, MTDPARTS_NOTE_UNKNOWN_ID, "u0");
}

static void test_translate_enospc(void **state)
{
	char small[64];
	const char *line = "console=ttyAMA0 mtdparts=nor0:1m(a),-(b)";
	const char *want = "console=ttyAMA0 mtdparts=34000000.flash:1m(a),-(b)";
	size_t n = strlen(want);

	(void)state;
	set_ids("nor0=34000000.flash");
	/* exactly fitting (with the NUL), one byte short, and tiny */
	assert_int_equal(mtdparts_cmdline(line, &ids, NULL, &scratch, small, n + 1, &info), (int)n);
	assert_string_equal(small, want);
	assert_int_equal(mtdparts_cmdline(line, &ids, NULL, &scratch, small, n, &info), -ENOSPC);
	assert_int_equal(info.len, n);
	assert_int_equal(small[n - 1], '\0');
	assert_memory_equal(small, want, n - 1);
	assert_int_equal(mtdparts_cmdline(line, &ids, NULL, &scratch, small, 1, &info), -ENOSPC);
	assert_int_equal(small[0], '\0');
	assert_int_equal(mtdparts_cmdline(line, &ids, NULL, &scratch, NULL, 0, &info), -ENOSPC);
	assert_int_equal(info.len, n);
}

/* ---------------------------------------------------------------- replacing with a table */

static int replace(const char *bootargs, const char *table)
{
	return mtdparts_cmdline(bootargs, &ids, table, &scratch, out, sizeof(out), &info);
}

static void test_replace_positions(void **state)
{
	static const char *const T = "mtdparts=34000000.flash:256k(fw)ro,-(root)";
	char lx[256];

	(void)state;
	set_ids("nor0=34000000.flash");
	assert_int_equal(replace("console=ttyAMA0 mtdparts=nor0:1m(a) root=/dev/mtdblock1", T), 78);
	assert_string_equal(
		out, "console=ttyAMA0 root=/dev/mtdblock1 mtdparts=34000000.flash:256k(fw)ro,-(root)");
	assert_int_equal(info.nremoved, 1);
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, T + 9);
	/* the last word takes the blanks before it */
	replace("console=ttyAMA0  mtdparts=x:1m(a)  ", T);
	assert_string_equal(out, "console=ttyAMA0 mtdparts=34000000.flash:256k(fw)ro,-(root)");
	/* the first word: the blanks after it go */
	replace("  mtdparts=x:1m(a)\t console=ttyAMA0", T);
	assert_string_equal(out, "  console=ttyAMA0 mtdparts=34000000.flash:256k(fw)ro,-(root)");
	/* all of them, both kinds, malformed or not */
	replace("mtdparts=a:1m(a) x cmdlinepart.mtdparts=b:1m mtdparts=bad y mtdparts=\"q:1m(a b)\"", T);
	assert_string_equal(out, "x y mtdparts=34000000.flash:256k(fw)ro,-(root)");
	assert_int_equal(info.nremoved, 4);
	assert_int_equal(info.nnotes, 0);
	/* nothing else */
	replace("mtdparts=a:1m(a)", T);
	assert_string_equal(out, T);
	replace("", T);
	assert_string_equal(out, T);
	assert_int_equal(mtdparts_cmdline(NULL, &ids, T, &scratch, out, sizeof(out), &info),
			 (int)strlen(T));
	assert_string_equal(out, T);
	/* before "--"; the words of init stay */
	replace("a mtdparts=x:1m(a) -- init=x mtdparts=kept", T);
	assert_string_equal(out, "a mtdparts=34000000.flash:256k(fw)ro,-(root) -- init=x mtdparts=kept");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, T + 9);
	replace("-- init", T);
	assert_string_equal(out, "mtdparts=34000000.flash:256k(fw)ro,-(root) -- init");
	/* a last word with an open quote runs to the end: the table goes before it */
	replace("a mtdparts=x:1m b=\"c d", T);
	assert_string_equal(out, "a mtdparts=34000000.flash:256k(fw)ro,-(root) b=\"c d");
	assert_true(linux_mtdparts(out, lx, sizeof(lx)));
	assert_string_equal(lx, T + 9);
	/* an empty table removes and adds nothing */
	replace("a mtdparts=x:1m(a) b", "");
	assert_string_equal(out, "a b");
	assert_false(linux_mtdparts(out, lx, sizeof(lx)));
	replace("a mtdparts=x:1m(a) -- b", "");
	assert_string_equal(out, "a -- b");
}

static void test_replace_quoting(void **state)
{
	static const struct {
		const char *table, *want;
	} v[] = {
		{ "mtdparts=n:1m(my part),-(b)", "mtdparts=\"n:1m(my part),-(b)\"" },
		{ "mtdparts=n:1m(tab\there)", "mtdparts=\"n:1m(tab\there)\"" },
		{ "mtdparts=n:1m(a\"b\"c)", "mtdparts=n:1m(a\"b\"c)" }, /* balanced, no blank */
		{ "mtdparts=n:1m(a\" \"c)", "mtdparts=n:1m(a\" \"c)" }, /* the blank is inside quotes */
		{ "mtdparts=\"n:1m(a)", NULL },                         /* odd quote */
		{ "mtdparts=n:1m(a\"b c)", NULL },                      /* odd quote before a blank */
		{ "mtdparts=n:1m(a b\"c\")", NULL }, /* blank outside quotes + quote */
	};
	char lx[256];

	(void)state;
	set_ids("");
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		int ret = replace("a mtdparts=x:1m -- z", v[i].table);

		if (!v[i].want) {
			assert_int_equal(ret, -EINVAL);
			continue;
		}
		assert_true(ret > 0);
		snprintf(lx, sizeof(lx), "a %s -- z", v[i].want);
		assert_string_equal(out, lx);
		/* Linux gets the table back exactly */
		assert_true(linux_mtdparts(out, lx, sizeof(lx)));
		assert_string_equal(lx, v[i].table + 9);
	}
	/* the table must be what mtdparts_format() writes */
	assert_int_equal(replace("a", "n:1m(a)"), -EINVAL);
}

static void test_replace_enospc(void **state)
{
	static const char *const T = "mtdparts=34000000.flash:-(root)";
	char small[40];

	(void)state;
	set_ids("");
	assert_int_equal(mtdparts_cmdline("console=ttyAMA0 mtdparts=a:1m", &ids, T, &scratch, small,
					  sizeof(small), &info),
			 -ENOSPC);
	assert_int_equal(info.len, strlen("console=ttyAMA0 ") + strlen(T));
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

/* ---------------------------------------------------------------- the table in force */

static uint8_t nor_mem[4 << 20], nand_mem[1 << 20];
static struct mtd_info nor, nand;
static struct mtdparts_cmdline_work work;

static int devs_setup(void **state)
{
	(void)state;
	if (mtdram_init(&nor, "nor0", nor_mem, sizeof(nor_mem), 64 << 10) || mtd_register(&nor))
		return -1;
	if (mtdram_init(&nand, "nand0", nand_mem, sizeof(nand_mem), 16 << 10) || mtd_register(&nand))
		return -1;
	return 0;
}

static int devs_teardown(void **state)
{
	(void)state;
	mtd_unregister(&nand);
	mtd_unregister(&nor);
	return 0;
}

static int table(const char *mtdparts, size_t *pos)
{
	return mtdparts_cmdline_table(mtdparts, &ids, &work, out, sizeof(out), pos);
}

static void test_table_canonical(void **state)
{
	int n;

	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand");
	n = table("mtdparts=34000000.flash:256k(firmware)ro,512k(env),-(rootfs);nand:1m(a)", NULL);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out,
			    "mtdparts=34000000.flash:256k(firmware)ro,512k(env),-(rootfs);nand:-(a)");
	/* unnamed, explicit offsets, lk/slc kept, truncated to the device */
	table("34000000.flash:0x40000,1M@2M(b)lk,8M(c)slc", NULL);
	assert_string_equal(out, "mtdparts=34000000.flash:256k(Partition_000),1m@2m(b)lk,-(c)slc");
	/* forced read-only (not on a 64 KiB block) written "ro"; out of reach left out */
	table("34000000.flash:100k(odd),1m(b),1m@16m(far),1m@3m(c)", NULL);
	assert_string_equal(
		out, "mtdparts=34000000.flash:100k(odd)ro,1m(b)ro,-@3m(c)"); /* c reaches the end */
	/* a repeated id: the last mtddef, as Linux */
	table("nand:64k(x);34000000.flash:1m(y);nand:128k(z)", NULL);
	assert_string_equal(out, "mtdparts=34000000.flash:1m(y);nand:128k(z)");
	/* empty or unset: "" */
	assert_int_equal(table("", NULL), 0);
	assert_string_equal(out, "");
	assert_int_equal(table(NULL, NULL), 0);
	/* nothing left on the device */
	assert_int_equal(table("nand:1m@2m(gone)", NULL), 0);
	assert_string_equal(out, "");
}

static void test_table_roundtrip(void **state)
{
	static struct mtdparts_table t1, t2;
	static struct mtdparts_rtable r1, r2;
	const char *in = "34000000.flash:256k(fw)ro,64k@1m(env),1m(a),100k(odd),-(rest)";

	(void)state;
	set_ids("nor0=34000000.flash");
	assert_true(table(in, NULL) > 0);
	/* resolving our output gives the partitions resolving the input gives */
	assert_int_equal(mtdparts_parse(in, strlen(in), &t1, NULL), 0);
	assert_int_equal(mtdparts_resolve(&t1, 0, &nor, &r1), 0);
	assert_int_equal(mtdparts_parse(out, strlen(out), &t2, NULL), 0);
	assert_int_equal(mtdparts_resolve(&t2, 0, &nor, &r2), 0);
	assert_int_equal(r1.nparts, r2.nparts);
	for (int i = 0; i < r1.nparts; i++) {
		assert_string_equal(r1.parts[i].name, r2.parts[i].name);
		assert_int_equal(r1.parts[i].offset, r2.parts[i].offset);
		assert_int_equal(r1.parts[i].size, r2.parts[i].size);
		assert_int_equal(mtdparts_rpart_mtd_flags(&r1.parts[i]),
				 mtdparts_rpart_mtd_flags(&r2.parts[i]));
	}
}

static void test_table_errors(void **state)
{
	static const char *const S = "mtdparts=34000000.flash:1m(a);spi:1m(b)";
	size_t pos = 99;

	(void)state;
	set_ids("nor0=34000000.flash,nand0=nand,spi0=spi");
	assert_int_equal(table("34000000.flash:1m(a),,1m(b)", &pos), -EINVAL);
	assert_int_equal(pos, 21);
	assert_string_equal(out, "");
	/* an id without mtdids entry, one whose device does not exist */
	assert_int_equal(table("34000000.flash:1m(a);other:1m(b)", &pos), -ENOENT);
	assert_int_equal(pos, 21);
	assert_int_equal(table(S, &pos), -ENODEV);
	assert_int_equal(pos, 30);
	/* resolution errors: duplicate names, a name too long */
	assert_int_equal(table("34000000.flash:1m(a),1m(a)", &pos), -EEXIST);
	assert_int_equal(pos, 0);
	assert_int_equal(table("nand:1m(a_name_of_more_than_31_characters)", &pos), -E2BIG);
	/* buf too small */
	assert_int_equal(mtdparts_cmdline_table("34000000.flash:1m(a);nand:-(b)", &ids, &work, out, 40,
						&pos),
			 -ENOSPC);
	assert_int_equal(mtdparts_cmdline_table("34000000.flash:1m(a)", &ids, &work, out, 0, &pos),
			 -ENOSPC);
}

/* ---------------------------------------------------------------- the boot path (boot_prepare) */

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define RAM_BASE 0x20000000u
#define RAM_SIZE (32u << 20)
#define KADDR (RAM_BASE + 0x800000)
#define ZSIZE 0x40000u
#define DTB_AT (RAM_BASE + 0x700000)

static const struct mem_region memmap[] = { { RAM_BASE, RAM_SIZE, MEM_RAM } };
// clang-format off
static const struct board_desc test_board = {
	.name = "test", .ram_base = RAM_BASE, .ram_size = RAM_SIZE, .machine_id = 1999,
	.memmap = memmap, .nmemmap = 1,
};
// clang-format on
const struct board_desc *board = &test_board;
// clang-format off
struct fw_layout fw = { .start = RAM_BASE + RAM_SIZE - 2 * SZ_1M, .stack_hi = RAM_BASE + RAM_SIZE,
			.ram_size = RAM_SIZE, .memmap = memmap, .nmemmap = 1 };
// clang-format on

__noreturn void arch_jump_linux(uintptr_t entry, uint32_t machid, uintptr_t params)
{
	(void)entry, (void)machid, (void)params;
	abort();
}

static uint8_t *ram;
static uint8_t dtb[4096];

static int boot_setup(void **state)
{
	FILE *f;
	size_t n;

	if (devs_setup(state))
		return -1;
	ram = mmap((void *)(uintptr_t)RAM_BASE, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (ram != (void *)(uintptr_t)RAM_BASE)
		return -1;
	f = popen("printf '/dts-v1/;\\n/ { #address-cells = <1>; #size-cells = <1>; "
		  "chosen { bootargs = \"from the dtb\"; }; };\\n' | dtc -I dts -O dtb 2>/dev/null",
		  "r");
	if (!f)
		return -1;
	n = fread(dtb, 1, sizeof(dtb), f);
	return pclose(f) || n < 40 ? -1 : 0;
}

static int boot_teardown(void **state)
{
	munmap(ram, RAM_SIZE);
	return devs_teardown(state);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void boot_req_init(struct boot_state *bs, bool fdt)
{
	uint8_t *k = (uint8_t *)(uintptr_t)KADDR;

	while (phram_count())
		phram_del(phram_get(0)->label);
	memset(k, 0, ZSIZE);
	put_le32(k + 0x24, ZIMAGE_MAGIC);
	put_le32(k + 0x2c, ZSIZE);
	put_le32(k + 0x30, ZIMAGE_ENDIAN_LE);
	memcpy((void *)(uintptr_t)DTB_AT, dtb, sizeof(dtb));
	memset(bs, 0, sizeof(*bs));
	bs->req.kind = BOOT_ZIMAGE;
	bs->req.image = KADDR;
	bs->req.machid = 1999;
	bs->req.has_fdt = fdt;
	bs->req.fdt = DTB_AT;
	bs->req.mtdids = "nor0=34000000.flash,nand0=nand";
	bs->req.mtdparts = "mtdparts=34000000.flash:256k(firmware)ro,-(rootfs)";
}

static const char *atag_cmdline(void)
{
	const uint32_t *t = (const uint32_t *)(uintptr_t)(RAM_BASE + ATAGS_OFFSET);

	for (; t[0]; t += t[0])
		if (t[1] == ATAG_CMDLINE)
			return (const char *)&t[2];
	return NULL;
}

static const char *chosen_bootargs(const struct boot_state *bs)
{
	const void *fdt = (const void *)bs->params;

	return fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL);
}

static void test_boot_atags_translated(void **state)
{
	static struct boot_state bs;
	struct mtdids bad;
	size_t pos;

	(void)state;
	boot_req_init(&bs, false);
	assert_int_equal(phram_add("rootfs", 0x21c00000, 0x200000), 0);
	bs.req.bootargs =
		"console=ttySAC0 mtdparts=nand0:1m(a),-(b) mtdparts=spi7:1m(x) root=/dev/mtdblock2";
	assert_int_equal(boot_prepare(&bs), 0);
	assert_string_equal(atag_cmdline(),
			    "console=ttySAC0 mtdparts=nand:1m(a),-(b) mtdparts=spi7:1m(x) "
			    "root=/dev/mtdblock2 phram.phram=rootfs,0x21c00000,0x200000");
	assert_string_equal(bs.kernel_cmdline, atag_cmdline());
	assert_int_equal(bs.mtdinfo.ntranslated, 1);
	assert_int_equal(bs.mtdinfo.nnotes, 2); /* the first word is overridden, spi7 unknown */
	assert_int_equal(bs.mtdinfo.notes[0].kind, MTDPARTS_NOTE_OVERRIDDEN);
	assert_int_equal(bs.mtdinfo.notes[1].kind, MTDPARTS_NOTE_UNKNOWN_ID);
	/* a malformed mtdids: no translation, but the boot goes on */
	boot_req_init(&bs, false);
	bs.req.mtdids = "nor0=,x";
	bs.req.bootargs = "mtdparts=nand0:1m(a)";
	assert_int_equal(boot_prepare(&bs), 0);
	assert_string_equal(atag_cmdline(), "mtdparts=nand0:1m(a)");
	assert_int_equal(mtdids_parse("nor0=,x", 7, &bad, &pos), -EINVAL);
	assert_int_equal(bs.mtdids_err, -EINVAL);
	assert_int_equal(bs.mtdids_pos, pos);
}

static void test_boot_bootargs_mtdparts(void **state)
{
	static struct boot_state bs;

	(void)state;
	/* ATAGs: the word replaced, the table before the phram words */
	boot_req_init(&bs, false);
	assert_int_equal(phram_add("rootfs", 0x21c00000, 0x200000), 0);
	bs.req.bootargs = "console=ttySAC0 mtdparts=nor0:1m(old) root=/dev/mtdblock2";
	bs.req.bootargs_mtdparts = true;
	assert_int_equal(boot_prepare(&bs), 0);
	assert_string_equal(atag_cmdline(), "console=ttySAC0 root=/dev/mtdblock2 "
					    "mtdparts=34000000.flash:256k(firmware)ro,-(rootfs) "
					    "phram.phram=rootfs,0x21c00000,0x200000");
	assert_int_equal(bs.mtdinfo.nremoved, 1);
	assert_false(bs.no_mtd_table);
	/* DT: /chosen/bootargs; with no bootargs at all, the table alone */
	boot_req_init(&bs, true);
	bs.req.bootargs_mtdparts = true;
	assert_int_equal(boot_prepare(&bs), 0);
	assert_string_equal(chosen_bootargs(&bs), "mtdparts=34000000.flash:256k(firmware)ro,-(rootfs)");
	assert_string_equal(bs.kernel_cmdline, chosen_bootargs(&bs));
	/* without bootargs and without the option the DTB's own bootargs stay */
	boot_req_init(&bs, true);
	assert_int_equal(boot_prepare(&bs), 0);
	assert_string_equal(chosen_bootargs(&bs), "from the dtb");
	assert_null(bs.kernel_cmdline);
	/* no table: the words go, nothing comes */
	boot_req_init(&bs, true);
	bs.req.bootargs = "a mtdparts=nor0:1m(old)";
	bs.req.mtdparts = NULL;
	bs.req.bootargs_mtdparts = true;
	assert_int_equal(boot_prepare(&bs), 0);
	assert_string_equal(chosen_bootargs(&bs), "a");
	assert_true(bs.no_mtd_table);
	/* a table that cannot be used refuses the boot */
	boot_req_init(&bs, true);
	bs.req.bootargs = "a";
	bs.req.mtdparts = "mtdparts=34000000.flash:1m(a);spi:1m(b)";
	bs.req.bootargs_mtdparts = true;
	assert_int_equal(boot_prepare(&bs), -ENOENT);
	assert_string_equal(bs.err, "bootargs_mtdparts: mtdparts: mtd-id not in mtdids at character 30");
	bs.req.mtdparts = "mtdparts=34000000.flash:1m(a b\"c)";
	assert_int_equal(boot_prepare(&bs), -EINVAL);
	assert_non_null(strstr(bs.err, "cannot go on a kernel command line"));
	bs.req.mtdparts = "mtdparts=34000000.flash:1m(a)";
	bs.req.mtdids = "nor0";
	assert_int_equal(boot_prepare(&bs), -EINVAL);
	assert_string_equal(bs.err, "bootargs_mtdparts: mtdids: syntax error at character 0");
}

static void test_boot_too_long(void **state)
{
	static struct boot_state bs;
	static char line[1200];
	const char *phram = " phram.phram=rootfs,0x21c00000,0x200000";
	char want[96];

	(void)state;
	/* DT: 1023 characters go, 1024 do not */
	memset(line, 'x', 1023);
	line[1023] = '\0';
	boot_req_init(&bs, true);
	bs.req.bootargs = line;
	assert_int_equal(boot_prepare(&bs), 0);
	assert_int_equal(strlen(chosen_bootargs(&bs)), 1023);
	line[1023] = 'x';
	line[1024] = '\0';
	boot_req_init(&bs, true);
	bs.req.bootargs = line;
	assert_int_equal(boot_prepare(&bs), -E2BIG);
	assert_string_equal(bs.err, "kernel command line would be 1025 bytes (max 1024)");
	/* ATAGs: the phram words count */
	line[1000] = '\0';
	boot_req_init(&bs, false);
	assert_int_equal(phram_add("rootfs", 0x21c00000, 0x200000), 0);
	bs.req.bootargs = line;
	assert_int_equal(boot_prepare(&bs), -E2BIG);
	snprintf(want, sizeof(want), "kernel command line would be %zu bytes (max 1024)",
		 1000 + strlen(phram) + 1);
	assert_string_equal(bs.err, want);
	/* ...also when bootargs alone is already too long */
	memset(line, 'x', 1100);
	line[1100] = '\0';
	bs.req.bootargs = line;
	assert_int_equal(boot_prepare(&bs), -E2BIG);
	snprintf(want, sizeof(want), "kernel command line would be %zu bytes (max 1024)",
		 1100 + strlen(phram) + 1);
	assert_string_equal(bs.err, want);
	/* the translation makes it too long: 1019 + "nor0" -> "34000000.flash" */
	memset(line, 'x', 1000);
	strcpy(line + 1000, " mtdparts=nor0:1m(a)");
	boot_req_init(&bs, true);
	bs.req.bootargs = line;
	assert_int_equal(boot_prepare(&bs), -E2BIG);
	assert_string_equal(bs.err, "kernel command line would be 1031 bytes (max 1024)");
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_no_mtdparts_untouched),
		cmocka_unit_test(test_translate_positions),
		cmocka_unit_test(test_translate_several_mtddefs),
		cmocka_unit_test(test_translate_names_and_quotes),
		cmocka_unit_test(test_translate_unknown_and_malformed),
		cmocka_unit_test(test_translate_precedence),
		cmocka_unit_test(test_translate_bad_linux_id),
		cmocka_unit_test(test_notes_overflow),
		cmocka_unit_test(test_translate_enospc),
		cmocka_unit_test(test_replace_positions),
		cmocka_unit_test(test_replace_quoting),
		cmocka_unit_test(test_replace_enospc),
	};
	const struct CMUnitTest devs[] = {
		cmocka_unit_test(test_table_canonical),
		cmocka_unit_test(test_table_roundtrip),
		cmocka_unit_test(test_table_errors),
	};
	const struct CMUnitTest boot[] = {
		cmocka_unit_test(test_boot_atags_translated),
		cmocka_unit_test(test_boot_bootargs_mtdparts),
		cmocka_unit_test(test_boot_too_long),
	};
	int fails = cmocka_run_group_tests_name("mtdparts_cmdline", pure, NULL, NULL);

	fails += cmocka_run_group_tests_name("mtdparts_cmdline_table", devs, devs_setup, devs_teardown);
	fails += cmocka_run_group_tests_name("mtdparts_cmdline_boot", boot, boot_setup, boot_teardown);
	return fails;
}
