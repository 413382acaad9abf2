/* mtdparts= on the kernel command line: our device names translated through mtdids, or the table in force. */
#include "mtdparts.h"
#include "mtd.h"

#define PREFIX "mtdparts="
#define PREFIX_LEN 9

/* Linux's isspace() (lib/ctype.c): HT, LF, VT, FF, CR, space and Latin-1 NBSP. */
static bool lx_space(char c)
{
	unsigned char u = (unsigned char)c;

	return (u >= 9 && u <= 13) || u == ' ' || u == 0xa0;
}

/* Output that keeps counting past the end of buf, so the caller learns the full length. */
struct cl_out {
	char *buf;
	size_t size, len;
};

static void out_mem(struct cl_out *o, const char *s, size_t n)
{
	if (o->len < o->size)
		memcpy(o->buf + o->len, s, MIN(n, o->size - o->len));
	o->len += n;
}

static char out_last(const struct cl_out *o)
{
	return o->len && o->len <= o->size ? o->buf[o->len - 1] : '\0';
}

/*
 * One word as Linux's next_arg() splits it: it runs to the first blank
 * outside double quotes (every '"' toggles); a leading '"' is skipped; the
 * parameter ends at the first '=' after the first character; a value that
 * starts with '"' loses it, and one trailing '"' goes when the word or the
 * value was quoted.
 */
struct cl_word {
	size_t start, end; /* the word, quotes included */
	bool open_quote;   /* ends inside quotes: it runs to the end of the line */
	size_t param, param_end;
	bool has_val;
	size_t val, val_end;
};

static size_t next_word(const char *s, size_t i, struct cl_word *w)
{
	size_t a, eq = 0;
	bool in_quote = false, quoted = false, val_quoted = false;

	w->start = i;
	if (s[i] == '"') {
		i++;
		in_quote = quoted = true;
	}
	a = i;
	for (; s[i]; i++) {
		if (lx_space(s[i]) && !in_quote)
			break;
		if (!eq && s[i] == '=' && i > a)
			eq = i;
		if (s[i] == '"')
			in_quote = !in_quote;
	}
	w->end = i;
	w->open_quote = in_quote;
	w->param = a;
	w->has_val = eq != 0;
	if (w->has_val) {
		w->param_end = eq;
		w->val = eq + 1;
		if (s[w->val] == '"') {
			w->val++;
			val_quoted = true;
		}
		w->val_end = i;
		if ((quoted || val_quoted) && i > a && s[i - 1] == '"')
			w->val_end = i - 1;
		if (w->val_end < w->val)
			w->val_end = w->val;
	} else {
		w->param_end = i;
		if (quoted && i > a && s[i - 1] == '"')
			w->param_end = i - 1;
	}
	while (lx_space(s[i]))
		i++;
	return i;
}

static bool param_is(const char *s, const struct cl_word *w, const char *name)
{
	size_t n = strlen(name);

	return w->param_end - w->param == n && !memcmp(s + w->param, name, n);
}

/* 0: not for cmdlinepart, 1: "mtdparts=", 2: "cmdlinepart.mtdparts=" (applied later by Linux) */
static int word_kind(const char *s, const struct cl_word *w)
{
	if (!w->has_val)
		return 0;
	if (param_is(s, w, "mtdparts"))
		return 1;
	if (param_is(s, w, "cmdlinepart.mtdparts"))
		return 2;
	return 0;
}

static bool is_dashes(const char *s, const struct cl_word *w)
{
	return !w->has_val && param_is(s, w, "--");
}

static void note(struct mtdparts_cmdline_info *info, enum mtdparts_note_kind kind, const char *s,
		 size_t len, size_t pos, int err)
{
	if (info->nnotes < MTDPARTS_CMDLINE_NOTES) {
		struct mtdparts_note *n = &info->notes[info->nnotes];
		n->kind = kind;
		n->s = s;
		n->len = len;
		n->pos = pos;
		n->err = err;
	}
	info->nnotes++;
}

/*
 * A Linux id we may put in place of ours without changing how the word
 * splits (blanks, '"') or where the parser ends the id ('(' or ';': the id
 * runs to the last ':' before the first of them).
 */
static bool id_is_plain(const struct mtdids_entry *e)
{
	for (size_t i = 0; i < e->id_len; i++)
		if (lx_space(e->id[i]) || e->id[i] == '"' || e->id[i] == '(' || e->id[i] == ';')
			return false;
	return true;
}

static const struct mtdids_entry *find_dev_n(const struct mtdids *m, const char *dev, size_t n)
{
	for (int i = 0; i < m->n; i++)
		if (m->e[i].dev_len == n && !memcmp(m->e[i].dev, dev, n))
			return &m->e[i];
	return NULL;
}

/*
 * Translate the ids of one mtdparts= word, copying s[*copied ..] as it goes.
 * The parser is given the "mtdparts=" in front of the value when it is there
 * (so a value that itself starts with "mtdparts=" keeps it, as in Linux).
 */
static void translate_word(const char *s, const struct cl_word *w, const struct mtdids *ids,
			   struct mtdparts_table *t, struct cl_out *o, size_t *copied,
			   struct mtdparts_cmdline_info *info)
{
	size_t from = w->val, len = w->val_end - w->val, pos;
	int ret;

	if (len >= PREFIX_LEN && !memcmp(s + from, PREFIX, PREFIX_LEN)) {
		if (from < PREFIX_LEN || memcmp(s + from - PREFIX_LEN, PREFIX, PREFIX_LEN)) {
			note(info, MTDPARTS_NOTE_UNCHECKED, s + w->start, w->end - w->start, 0, 0);
			return;
		}
		from -= PREFIX_LEN;
		len += PREFIX_LEN;
	}
	ret = mtdparts_parse(s + from, len, t, &pos);
	if (ret) {
		note(info, MTDPARTS_NOTE_BAD_WORD, s + w->start, w->end - w->start,
		     pos - (w->val - from), ret);
		return;
	}
	for (int d = 0; d < t->ndevs; d++) {
		const struct mtdparts_dev *dev = &t->devs[d];
		const struct mtdids_entry *e;
		size_t at = (size_t)(dev->id - s);

		if (mtdids_find_by_id(ids, dev->id, dev->id_len))
			continue; /* already Linux's */
		e = find_dev_n(ids, dev->id, dev->id_len);
		if (!e) {
			note(info, MTDPARTS_NOTE_UNKNOWN_ID, dev->id, dev->id_len, 0, 0);
			continue;
		}
		if (!id_is_plain(e)) {
			note(info, MTDPARTS_NOTE_BAD_ID, dev->id, dev->id_len, 0, 0);
			continue;
		}
		out_mem(o, s + *copied, at - *copied);
		out_mem(o, e->id, e->id_len);
		*copied = at + dev->id_len;
		info->ntranslated++;
	}
}

/*
 * How "mtdparts=<x>" must be written for next_arg() to give x back:
 * 0 as it is, 1 with the value in quotes, -EINVAL not at all (Linux has no
 * escapes: a '"' toggles quoting wherever it is).
 */
static int table_quoting(const char *x, size_t n)
{
	bool in_quote = false, has_quote = false, need = n && x[0] == '"';

	for (size_t i = 0; i < n; i++) {
		if (lx_space(x[i]) && !in_quote)
			need = true;
		if (x[i] == '"') {
			in_quote = !in_quote;
			has_quote = true;
		}
	}
	need |= in_quote;
	if (need && has_quote)
		return -EINVAL;
	return need;
}

static void out_table(struct cl_out *o, const char *x, size_t n, int quoted)
{
	out_mem(o, PREFIX, PREFIX_LEN);
	if (quoted)
		out_mem(o, "\"", 1);
	out_mem(o, x, n);
	if (quoted)
		out_mem(o, "\"", 1);
}

int mtdparts_cmdline(const char *bootargs, const struct mtdids *ids, const char *table,
		     struct mtdparts_table *scratch, char *buf, size_t size,
		     struct mtdparts_cmdline_info *info)
{
	const char *s = bootargs ? bootargs : "";
	struct cl_out o = { buf, size, 0 };
	const char *x = NULL;
	size_t i, copied = 0, xlen = 0;
	int quoted = 0, last[3] = { -1, -1, -1 }, widx = 0;
	bool inserted = false;

	memset(info, 0, sizeof(*info));
	if (table) {
		if (*table && strncmp(table, PREFIX, PREFIX_LEN))
			return -EINVAL;
		if (*table) {
			x = table + PREFIX_LEN;
			xlen = strlen(x);
			quoted = table_quoting(x, xlen);
			if (quoted < 0)
				return quoted;
		}
	}

	/* First pass: which words does Linux use (the last of each kind)? */
	for (i = 0; lx_space(s[i]); i++)
		;
	while (s[i]) {
		struct cl_word w;
		size_t next = next_word(s, i, &w);
		int k = word_kind(s, &w);

		if (is_dashes(s, &w))
			break;
		if (k) {
			last[k] = widx;
			info->nwords++;
		}
		widx++;
		i = next;
	}

	/* Second pass: edit. */
	for (i = 0, widx = 0; lx_space(s[i]); i++)
		;
	while (s[i]) {
		struct cl_word w;
		size_t next = next_word(s, i, &w);
		int k = word_kind(s, &w);

		if (is_dashes(s, &w)) {
			if (x) {
				out_mem(&o, s + copied, w.start - copied);
				copied = w.start;
				out_table(&o, x, xlen, quoted);
				out_mem(&o, " ", 1);
			}
			inserted = true;
			break;
		}
		if (!k && x && w.open_quote) {
			/* anything appended would land inside this word's quotes */
			out_mem(&o, s + copied, w.start - copied);
			copied = w.start;
			out_table(&o, x, xlen, quoted);
			out_mem(&o, " ", 1);
			inserted = true;
		} else if (k && table) {
			/* the word and the blanks after it; a last word takes the blanks before it */
			size_t cut = w.start;
			if (!s[next])
				while (cut > copied && lx_space(s[cut - 1]))
					cut--;
			out_mem(&o, s + copied, cut - copied);
			copied = next;
			info->nremoved++;
		} else if (k) {
			/* cmdlinepart.mtdparts= (module parameter) is applied after mtdparts= */
			if (widx != last[k] || (k == 1 && last[2] >= 0))
				note(info, MTDPARTS_NOTE_OVERRIDDEN, s + w.start, w.end - w.start, 0, 0);
			translate_word(s, &w, ids, scratch, &o, &copied, info);
		}
		widx++;
		i = next;
	}
	out_mem(&o, s + copied, strlen(s + copied));
	if (x && !inserted) {
		if (o.len && !lx_space(out_last(&o)))
			out_mem(&o, " ", 1);
		out_table(&o, x, xlen, quoted);
	}
	info->len = o.len;
	if (o.len >= size) {
		if (size)
			buf[size - 1] = '\0';
		return -ENOSPC;
	}
	buf[o.len] = '\0';
	return (int)o.len;
}

int mtdparts_cmdline_table(const char *mtdparts, const struct mtdids *ids,
			   struct mtdparts_cmdline_work *w, char *buf, size_t size, size_t *err_pos)
{
	size_t len = 0, pos = 0;
	int ret;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if (!mtdparts || !*mtdparts)
		return 0;
	ret = mtdparts_parse(mtdparts, strlen(mtdparts), &w->t, &pos);
	if (ret)
		goto out;
	for (int d = 0; d < w->t.ndevs; d++) {
		const struct mtdparts_dev *dev = &w->t.devs[d];
		const struct mtdids_entry *e;
		char name[MTDPARTS_NAME_MAX + 1];
		struct mtd_info *mtd;
		int n;

		pos = (size_t)(dev->id - mtdparts);
		if (mtdparts_find_dev(&w->t, dev->id, dev->id_len) != d)
			continue; /* Linux uses the last mtddef of a repeated id */
		e = mtdids_find_by_id(ids, dev->id, dev->id_len);
		if (!e) {
			ret = -ENOENT;
			goto out;
		}
		snprintf(name, sizeof(name), "%.*s", (int)e->dev_len, e->dev);
		mtd = mtd_find(name);
		if (!mtd || mtd->parent) {
			ret = -ENODEV;
			goto out;
		}
		ret = mtdparts_resolve(&w->t, d, mtd, &w->r);
		if (ret)
			goto out;
		/* Linux forces the same ones read-only, and our extra rule is then its rule too */
		for (int i = 0; i < w->r.nparts; i++)
			if (w->r.parts[i].warn & MTDPARTS_W_FORCED_RO)
				w->r.parts[i].flags |= MTDPARTS_F_RO;
		memset(&w->one, 0, sizeof(w->one));
		ret = mtdparts_set_dev(&w->one, 0, &w->r);
		if (ret)
			goto out;
		if (!w->one.ndevs)
			continue; /* no partition left */
		n = mtdparts_format(&w->one, buf + len, size - len);
		if (n < 0) {
			ret = n;
			goto out;
		}
		if (len) {
			/* "...;<id>:..." : the next mtddef without its own prefix */
			buf[len] = ';';
			memmove(buf + len + 1, buf + len + PREFIX_LEN, (size_t)n - PREFIX_LEN + 1);
			n -= PREFIX_LEN - 1;
		}
		len += (size_t)n;
	}
	return (int)len;
out:
	buf[0] = '\0';
	if (err_pos)
		*err_pos = pos;
	return ret;
}
