/* A small backtracking regular-expression matcher for setexpr sub/gsub (the subset U-Boot's slre reads). */
#include "regex.h"

#define RX_MAXSTEPS 200000L
enum { C_SEQ, C_REP, C_GEND };

/* What is left to match after the current point: a chain of frames on the C stack. */
struct rx_cont {
	int kind;
	const char *p, *end; /* C_SEQ: the rest of a sequence; C_REP: the repeated atom */
	int min, max, n, group;
	bool lazy;
	const char *last; /* C_REP: where the last turn started (an empty turn ends the loop) */
	const struct rx_cont *next;
};

struct rx_state {
	const char *pat, *str, *str_end, *end;
	const char *gs[RX_MAXGROUPS], *ge[RX_MAXGROUPS];
	long steps;
	int err;
};

static bool m_seq(struct rx_state *st, const char *p, const char *end, const char *s,
		  const struct rx_cont *k);

/* The end of the atom at p (a character, an escape, a [set] or a (group)); NULL if unclosed. */
static const char *atom_end(const char *p, const char *end)
{
	int depth = 0;

	if (*p == '\\')
		return p + 1 < end ? p + 2 : NULL;
	if (*p == '[') {
		for (p++, p += p < end && *p == '^', p += p < end && *p == ']'; p < end; p++) {
			if (*p == '\\')
				p++;
			else if (*p == ']')
				return p + 1;
		}
		return NULL;
	}
	if (*p != '(')
		return p + 1;
	for (; p < end; p++) {
		if (*p == '\\') {
			p++;
		} else if (*p == '[') {
			const char *e = atom_end(p, end);
			if (!e)
				return NULL;
			p = e - 1;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && !--depth) {
			return p + 1;
		}
	}
	return NULL;
}

static bool in_class(char cls, char c)
{
	bool r = cls == 'd' || cls == 'D'   ? (c >= '0' && c <= '9')
		 : cls == 's' || cls == 'S' ? (c == ' ' || (c >= '\t' && c <= '\r'))
					    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
						      (c >= 'A' && c <= 'Z') || c == '_';
	return cls >= 'a' ? r : !r;
}

static bool is_class(char c)
{
	return c && strchr("dDsSwW", c);
}

/* Does the single-character atom [p, end) match c? */
static bool match_char(const char *p, const char *end, char c)
{
	bool neg, hit = false;

	if (*p == '.')
		return true;
	if (*p == '\\')
		return is_class(p[1]) ? in_class(p[1], c) : c == p[1];
	if (*p != '[')
		return c == *p;
	neg = p[1] == '^';
	for (p += 1 + neg, end--; p < end; p++) {
		char lo = *p;
		if (*p == '\\' && is_class(p[1])) {
			hit |= in_class(p[1], c);
			p++;
			continue;
		}
		if (*p == '\\')
			lo = *++p;
		if (p + 2 < end && p[1] == '-') {
			hit |= c >= lo && c <= p[2];
			p += 2;
		} else {
			hit |= c == lo;
		}
	}
	return hit != neg;
}

/* '|' at the top level of [p, end), or NULL */
static const char *top_bar(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '|')
			return p;
		p = (*p == '(' || *p == '[' || *p == '\\') ? atom_end(p, end) : p + 1;
		if (!p)
			return NULL;
	}
	return NULL;
}

static int group_of(const struct rx_state *st, const char *paren)
{
	int g = 0;

	for (const char *p = st->pat; p <= paren; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '[')
			p = atom_end(p, paren + 1) - 1;
		else if (*p == '(')
			g++;
	}
	return g;
}

static bool resume(struct rx_state *st, const char *s, const struct rx_cont *k);

/* One more turn of a repeated group, then the repeat frame again */
static bool group_turn(struct rx_state *st, const char *s, const struct rx_cont *rep)
{
	struct rx_cont again = *rep, gend = { .kind = C_GEND, .group = rep->group, .next = &again };
	const char *old = rep->group < RX_MAXGROUPS ? st->gs[rep->group] : NULL;
	bool ok;

	again.n++;
	again.last = s;
	if (rep->group < RX_MAXGROUPS)
		st->gs[rep->group] = s;
	ok = m_seq(st, rep->p + 1, rep->end - 1, s, &gend);
	if (!ok && rep->group < RX_MAXGROUPS)
		st->gs[rep->group] = old;
	return ok;
}

static bool rep_step(struct rx_state *st, const char *s, const struct rx_cont *rep)
{
	bool more = rep->n < rep->max && !(rep->n > rep->min && s == rep->last);
	bool stop = rep->n >= rep->min;

	if (*rep->p != '(') { /* a single character: count how far it reaches, no recursion per char */
		int k = 0, lo = rep->min;
		while (k < rep->max && s + k < st->str_end && match_char(rep->p, rep->end, s[k]))
			k++;
		if (k < lo)
			return false;
		if (rep->lazy) {
			for (int i = lo; i <= k; i++)
				if (resume(st, s + i, rep->next))
					return true;
		} else {
			for (int i = k; i >= lo; i--)
				if (resume(st, s + i, rep->next))
					return true;
		}
		return false;
	}
	if (rep->lazy)
		return (stop && resume(st, s, rep->next)) || (more && group_turn(st, s, rep));
	return (more && group_turn(st, s, rep)) || (stop && resume(st, s, rep->next));
}

static bool resume(struct rx_state *st, const char *s, const struct rx_cont *k)
{
	const char *old;

	if (!k) {
		st->end = s;
		return true;
	}
	if (k->kind == C_SEQ)
		return m_seq(st, k->p, k->end, s, k->next);
	if (k->kind == C_REP)
		return rep_step(st, s, k);
	if (k->group >= RX_MAXGROUPS)
		return resume(st, s, k->next);
	old = st->ge[k->group];
	st->ge[k->group] = s;
	if (resume(st, s, k->next))
		return true;
	st->ge[k->group] = old;
	return false;
}

static bool m_seq(struct rx_state *st, const char *p, const char *end, const char *s,
		  const struct rx_cont *k)
{
	const char *bar, *ae, *q;
	struct rx_cont rest, rep = { .kind = C_REP, .min = 1, .max = 1 };

	if (st->err || ++st->steps > RX_MAXSTEPS) {
		st->err = st->err ? st->err : -E2BIG;
		return false;
	}
	if ((bar = top_bar(p, end)))
		return m_seq(st, p, bar, s, k) || m_seq(st, bar + 1, end, s, k);
	if (p == end)
		return resume(st, s, k);
	if (*p == '^')
		return s == st->str && m_seq(st, p + 1, end, s, k);
	if (*p == '$')
		return s == st->str_end && m_seq(st, p + 1, end, s, k);
	ae = atom_end(p, end);
	q = ae;
	if (q < end && (*q == '*' || *q == '+' || *q == '?')) {
		rep.min = *q != '+' ? 0 : 1;
		rep.max = *q == '?' ? 1 : 1 << 30;
		rep.lazy = ++q < end && *q == '?';
		q += rep.lazy;
	}
	rest = (struct rx_cont){ .kind = C_SEQ, .p = q, .end = end, .next = k };
	rep.p = p;
	rep.end = ae;
	rep.next = &rest;
	rep.group = *p == '(' ? group_of(st, p) : 0;
	return rep_step(st, s, &rep);
}

/* Check the pattern's shape once: closed groups and sets, a quantifier after something. */
static const char *rx_check(const char *p, const char *end)
{
	bool atom = false;

	while (p < end) {
		const char *e;
		if (*p == ')')
			return "unmatched ')'";
		if (*p == '*' || *p == '+' || (*p == '?' && !atom)) {
			if (!atom)
				return "quantifier without an atom";
			p++;
			p += p < end && *p == '?';
			atom = false;
			continue;
		}
		if (*p == '|' || *p == '^' || *p == '$') {
			atom = false;
			p++;
			continue;
		}
		e = atom_end(p, end);
		if (!e)
			return *p == '['   ? "no closing ']' bracket"
			       : *p == '(' ? "no closing ')'"
					   : "'\\' at the end";
		if (*p == '(' && (e = rx_check(p + 1, e - 1)))
			return e;
		p = atom_end(p, end);
		atom = true;
	}
	return NULL;
}

int rx_search(const char *pattern, const char *str, size_t len, struct rx_match *m, const char **why)
{
	struct rx_state st = { .pat = pattern, .str = str, .str_end = str + len };
	const char *pend = pattern + strlen(pattern);

	*why = rx_check(pattern, pend);
	if (*why)
		return -EINVAL;
	for (const char *s = str; s <= st.str_end; s++) {
		memset(st.gs, 0, sizeof(st.gs));
		memset(st.ge, 0, sizeof(st.ge));
		if (m_seq(&st, pattern, pend, s, NULL)) {
			m->start = s;
			m->end = st.end;
			memcpy(m->gs, st.gs, sizeof(m->gs));
			memcpy(m->ge, st.ge, sizeof(m->ge));
			return 1;
		}
		if (st.err)
			return st.err;
	}
	return 0;
}
