/* Shell parser in the spirit of U-Boot's hush: ; && || quotes, backslash escapes, $var and ${var}. */
#include <stdlib.h>
#include "shell.h"

struct sbuf {
	char *p;
	size_t len, cap;
	int err;
};

static void sb_put(struct sbuf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		char *n = realloc(b->p, ncap);
		if (!n) {
			b->err = -ENOMEM;
			return;
		}
		b->p = n;
		b->cap = ncap;
	}
	b->p[b->len++] = c;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct parser {
	const struct shell_ops *ops;
	struct sbuf words;        /* arguments, each NUL-terminated */
	size_t starts[SHELL_MAXARGS + 1];
	int argc;
	bool in_word;
	char status_str[12];
	int last;                 /* status of the last command run */
};

static int word_begin(struct parser *ps)
{
	if (ps->in_word)
		return 0;
	if (ps->argc >= SHELL_MAXARGS)
		return -E2BIG;
	ps->starts[ps->argc++] = ps->words.len;
	ps->in_word = true;
	return 0;
}

static void word_end(struct parser *ps)
{
	if (ps->in_word) {
		sb_put(&ps->words, '\0');
		ps->in_word = false;
	}
}

/* Expand a variable value; unquoted values split into words on blanks. */
static int put_value(struct parser *ps, const char *v, bool quoted)
{
	int ret;

	for (; v && *v; v++) {
		if (!quoted && (*v == ' ' || *v == '\t' || *v == '\n')) {
			word_end(ps);
			continue;
		}
		ret = word_begin(ps);
		if (ret)
			return ret;
		sb_put(&ps->words, *v);
	}
	return 0;
}

/* Parse "$..." at s; returns characters consumed (0 if a literal '$'). */
static size_t expand_var(struct parser *ps, const char *s, const char *end, bool quoted, int *err)
{
	char buf[64], *name = buf;
	const char *from, *c;
	size_t n, used;
	const char *v;

	if (s + 1 < end && s[1] == '?') {
		snprintf(ps->status_str, sizeof(ps->status_str), "%d", ps->last);
		*err = put_value(ps, ps->status_str, quoted);
		return 2;
	}
	if (s + 1 < end && s[1] == '{') {
		from = c = s + 2;
		while (c < end && *c != '}')
			c++;
		if (c == end) {
			*err = -EINVAL;
			return 0;
		}
		used = (size_t)(c - s) + 1;
	} else {
		from = c = s + 1;
		while (c < end && is_name_char(*c))
			c++;
		if (c == from)
			return 0;
		used = (size_t)(c - s);
	}
	/* variable names have no length limit (setenv takes any): no cut, no bogus error */
	n = (size_t)(c - from);
	if (n >= sizeof(buf) && !(name = malloc(n + 1))) {
		*err = -ENOMEM;
		return 0;
	}
	memcpy(name, from, n);
	name[n] = '\0';
	v = ps->ops->getvar ? ps->ops->getvar(name, ps->ops->ctx) : NULL;
	if (name != buf)
		free(name);
	*err = put_value(ps, v, quoted);
	if (!*err && quoted)
		*err = word_begin(ps); /* "" still makes an argument */
	return used;
}

static int run_one(struct parser *ps)
{
	char *argv[SHELL_MAXARGS + 1];

	word_end(ps);
	if (ps->words.err)
		return ps->words.err;
	if (!ps->argc)
		return ps->last;
	for (int i = 0; i < ps->argc; i++)
		argv[i] = ps->words.p + ps->starts[i];
	argv[ps->argc] = NULL;
	return ps->ops->exec(ps->argc, argv, ps->ops->ctx) ? 1 : 0;
}

int shell_run(const struct shell_ops *ops, const char *text, size_t len)
{
	struct parser ps = { .ops = ops };
	const char *s = text, *end = text + len;
	enum { Q_NONE, Q_SINGLE, Q_DOUBLE } q = Q_NONE;
	enum { RUN, SKIP_AND, SKIP_OR } pending = RUN; /* operator before the current command */
	int err = 0;

	if (ops->last_status)
		ps.last = *ops->last_status;
	while (s <= end) {
		char c = s < end ? *s : '\0';
		bool sep = false;
		int op = 0; /* 0 ';' 1 '&&' 2 '||' */

		if (c == '\0' && s < end) {
			s = end; /* embedded NUL ends the text */
			continue;
		}
		if (q == Q_SINGLE) {
			if (c == '\0') {
				err = -EINVAL;
				break;
			}
			if (c == '\'')
				q = Q_NONE;
			else if (!(err = word_begin(&ps)))
				sb_put(&ps.words, c);
			s++;
		} else if (c == '\\' && s + 1 < end && (q == Q_NONE || strchr("\"\\$", s[1]))) {
			if (s[1] == '\n') {
				s += 2; /* line continuation */
				continue;
			}
			if (!(err = word_begin(&ps)))
				sb_put(&ps.words, s[1]);
			s += 2;
		} else if (c == '$') {
			size_t used = expand_var(&ps, s, end, q == Q_DOUBLE, &err);
			if (!used && !err) {
				if (!(err = word_begin(&ps)))
					sb_put(&ps.words, c);
				used = 1;
			}
			s += used;
		} else if (q == Q_DOUBLE) {
			if (c == '\0') {
				err = -EINVAL;
				break;
			}
			if (c == '"')
				q = Q_NONE;
			else if (!(err = word_begin(&ps)))
				sb_put(&ps.words, c);
			s++;
		} else if (c == '\'' || c == '"') {
			q = c == '\'' ? Q_SINGLE : Q_DOUBLE;
			err = word_begin(&ps);
			s++;
		} else if (c == ' ' || c == '\t') {
			word_end(&ps);
			s++;
		} else if (c == '#' && !ps.in_word) {
			while (s < end && *s != '\n')
				s++;
		} else if (c == ';' || c == '\n' || c == '\0') {
			sep = true;
			s++;
		} else if ((c == '&' || c == '|') && s + 1 < end && s[1] == c) {
			sep = true;
			op = c == '&' ? 1 : 2;
			s += 2;
		} else {
			if (!(err = word_begin(&ps)))
				sb_put(&ps.words, c);
			s++;
		}
		if (err)
			break;
		if (!sep)
			continue;

		if (pending == RUN || (pending == SKIP_AND && ps.last == 0) ||
		    (pending == SKIP_OR && ps.last != 0)) {
			if (ps.argc && ops->interrupted && ops->interrupted(ops->ctx)) {
				err = -EINTR;
				break;
			}
			ps.last = run_one(&ps);
			if (ps.last < 0) {
				err = ps.last;
				break;
			}
		}
		ps.argc = 0;
		ps.in_word = false;
		ps.words.len = 0;
		pending = op == 1 ? SKIP_AND : op == 2 ? SKIP_OR : RUN;
	}
	free(ps.words.p);
	if (ops->last_status)
		*ops->last_status = err ? 1 : ps.last;
	return err ? err : ps.last;
}
