/* libFuzzer target: mtdparts= on a kernel command line (translation, replacement) checked against a model of Linux's reading. */
#include "mtdparts.h"
#include "../unit/lx_cmdline.h"
#include "fuzz_check.h"

/* Tables to append: plain, with blanks (quoted), with balanced quotes, empty. */
static const char *const tables[] = {
	"mtdparts=34000000.flash:256k(fw)ro,-(root)",
	"mtdparts=nand:1m(boot loader),-(the rest)",
	"mtdparts=nand:1m(a\"b\"c)",
	"",
};

static struct mtdparts_table scratch, t1, t2;
static struct mtdids ids;
static char line[4096], out[8192], again[8192], small[64];
static char lx_in[8192], lx_out[8192];

static void check_notes(const struct mtdparts_cmdline_info *in, const char *s)
{
	for (int i = 0; i < in->nnotes && i < MTDPARTS_CMDLINE_NOTES; i++) {
		const struct mtdparts_note *n = &in->notes[i];
		CHECK(n->s >= s && n->s + n->len <= s + strlen(s));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtdparts_cmdline_info info, info2;
	const char *nl = memchr(data, '\n', size);
	size_t idlen = nl ? (size_t)(nl - (const char *)data) : 0;
	size_t n = size - (nl ? idlen + 1 : 0);
	int ret, ret2;

	/* "<mtdids>\n<bootargs>", or a fixed mtdids without a newline */
	if (!nl || mtdids_parse((const char *)data, idlen, &ids, NULL))
		mtdids_parse("nor0=34000000.flash,nand0=nand,spi0=spi0.0:nor", 47, &ids, NULL);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, nl ? nl + 1 : (const char *)data, n);
	line[n] = '\0';

	/* translation: succeeds in a big buffer, reports its length, notes point into the input */
	ret = mtdparts_cmdline(line, &ids, NULL, &scratch, out, sizeof(out), &info);
	CHECK(ret >= 0 && (size_t)ret == strlen(out) && info.len == (size_t)ret);
	check_notes(&info, line);
	/* the same with a short buffer: -ENOSPC, the same length, a NUL-terminated prefix */
	ret2 = mtdparts_cmdline(line, &ids, NULL, &scratch, small, sizeof(small), &info2);
	CHECK(ret2 == (ret < (int)sizeof(small) ? ret : -ENOSPC) && info2.len == info.len);
	CHECK(!strncmp(small, out, sizeof(small) - 1));
	/* translating again changes nothing (unless a Linux id is also one of our names) */
	ret2 = mtdparts_cmdline(out, &ids, NULL, &scratch, again, sizeof(again), &info2);
	CHECK(ret2 >= 0);
	if (!info2.ntranslated)
		CHECK(!strcmp(again, out));
	/* Linux reads a value from the output iff from the input; same partitions when it parses */
	{
		bool a = linux_mtdparts(line, lx_in, sizeof(lx_in));
		bool b = linux_mtdparts(out, lx_out, sizeof(lx_out));
		CHECK(a == b);
		if (a && strlen(lx_in) < sizeof(lx_in) - 1 && strlen(lx_out) < sizeof(lx_out) - 1) {
			int pa = mtdparts_parse(lx_in, strlen(lx_in), &t1, NULL);
			int pb = mtdparts_parse(lx_out, strlen(lx_out), &t2, NULL);
			CHECK(pa == pb);
			if (!pa) {
				CHECK(t1.ndevs == t2.ndevs && t1.nparts == t2.nparts);
				for (int i = 0; i < t1.nparts; i++)
					CHECK(t1.parts[i].size == t2.parts[i].size &&
					      t1.parts[i].offset == t2.parts[i].offset &&
					      t1.parts[i].name_len == t2.parts[i].name_len &&
					      t1.parts[i].flags == t2.parts[i].flags);
			}
		}
	}

	/* replacement: Linux reads exactly the table (or nothing for an empty one) */
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		ret = mtdparts_cmdline(line, &ids, tables[k], &scratch, out, sizeof(out), &info);
		CHECK(ret >= 0 && (size_t)ret == strlen(out) && info.nnotes == 0);
		if (*tables[k]) {
			CHECK(linux_mtdparts(out, lx_out, sizeof(lx_out)));
			CHECK(!strcmp(lx_out, tables[k] + 9));
		} else {
			CHECK(!linux_mtdparts(out, lx_out, sizeof(lx_out)));
		}
	}
	return 0;
}
