/* Shell parser: words and operators, then if/for/while/until lists into a tree (words stay unexpanded). */
#include <stdlib.h>
#include <stdarg.h>
#include "shell_ast.h"

enum { SH_T_EOF, SH_T_WORD, SH_T_SEMI, SH_T_NL, SH_T_AND, SH_T_OR, SH_T_ERR };

/* keywords, as bits of a set */
enum {
	KW_IF = 1 << 0,
	KW_THEN = 1 << 1,
	KW_ELIF = 1 << 2,
	KW_ELSE = 1 << 3,
	KW_FI = 1 << 4,
	KW_FOR = 1 << 5,
	KW_IN = 1 << 6,
	KW_WHILE = 1 << 7,
	KW_UNTIL = 1 << 8,
	KW_DO = 1 << 9,
	KW_DONE = 1 << 10,
	KW_NOT = 1 << 11,
};
// clang-format off
static const char *const keywords[] = { "if", "then", "elif", "else", "fi", "for", "in",
					"while", "until", "do", "done", "!" };
// clang-format on
/* what a keyword found out of place lacks */
// clang-format off
static const char *const openers[] = { NULL, "if", "if", "if", "if", NULL, "for",
				       NULL, NULL, "for/while/until", "do", NULL };
// clang-format on

static void fail(struct sh_parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err)
		return;
	p->err = -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
	p->lx.tok = SH_T_ERR;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Skip a quoted part or ${...} starting at s; NULL when it never ends. */
static const char *skip_quoted(const char *s, const char *end)
{
	char q = *s;

	if (q == '$') { /* ${name}: up to the first '}', as hush */
		const char *c = memchr(s, '}', (size_t)(end - s));
		return c ? c + 1 : NULL;
	}
	for (s++; s < end;) {
		if (*s == q)
			return s + 1;
		if (q == '"' && *s == '\\' && s + 1 < end)
			s += 2;
		else if (q == '"' && *s == '$' && s + 1 < end && s[1] == '{')
			s = skip_quoted(s, end);
		else
			s++;
		if (!s)
			return NULL;
	}
	return NULL;
}

static void lex_word(struct sh_parser *p)
{
	struct sh_lexer *lx = &p->lx;
	const char *s = lx->s;

	lx->word.s = s;
	lx->plain = true;
	while (s < lx->end && !is_blank(*s) && !strchr(";\n&|", *s)) {
		if (*s == '\\') {
			if (s + 1 >= lx->end)
				return fail(p, "backslash at the end");
			s += 2;
			lx->plain = false;
		} else if (*s == '\'' || *s == '"' || (*s == '$' && s + 1 < lx->end && s[1] == '{')) {
			const char *e = skip_quoted(s, lx->end);
			if (!e)
				return fail(p, *s == '$' ? "unterminated ${" : "unterminated quote");
			s = e;
			lx->plain = false;
		} else {
			lx->plain &= *s != '$';
			s++;
		}
	}
	lx->word.len = (size_t)(s - lx->word.s);
	lx->s = s;
	lx->tok = SH_T_WORD;
}

static void next(struct sh_parser *p)
{
	struct sh_lexer *lx = &p->lx;

	if (p->err)
		return;
	for (;;) {
		while (lx->s < lx->end && is_blank(*lx->s))
			lx->s++;
		if (lx->s < lx->end && *lx->s == '#') { /* a comment runs to the end of the line */
			while (lx->s < lx->end && *lx->s != '\n')
				lx->s++;
		} else if (lx->s + 1 < lx->end && lx->s[0] == '\\' && lx->s[1] == '\n') {
			lx->s += 2; /* line continuation between words */
		} else {
			break;
		}
	}
	if (lx->s >= lx->end) {
		lx->tok = SH_T_EOF;
	} else if (*lx->s == ';' || *lx->s == '\n') {
		lx->tok = *lx->s++ == ';' ? SH_T_SEMI : SH_T_NL;
	} else if (*lx->s == '&' || *lx->s == '|') {
		if (lx->s + 1 >= lx->end || lx->s[1] != lx->s[0])
			return fail(p, "'%c' alone (only && and || are operators)", *lx->s);
		lx->tok = *lx->s == '&' ? SH_T_AND : SH_T_OR;
		lx->s += 2;
	} else {
		lex_word(p);
	}
}

/* The keyword the current token is (0 if none: keywords are plain words). */
static int keyword(const struct sh_parser *p)
{
	if (p->lx.tok != SH_T_WORD || !p->lx.plain)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (strlen(keywords[i]) == p->lx.word.len &&
		    !memcmp(keywords[i], p->lx.word.s, p->lx.word.len))
			return 1 << i;
	return 0;
}

static const char *tok_name(const struct sh_parser *p)
{
	static const char *const names[] = { "end of script", "", "';'", "newline", "'&&'", "'||'", "" };
	return names[p->lx.tok];
}

static void unexpected(struct sh_parser *p, const char *wanted)
{
	if (p->lx.tok == SH_T_WORD)
		fail(p, "'%.*s' where %s was expected", (int)MIN(p->lx.word.len, 20u), p->lx.word.s,
		     wanted);
	else
		fail(p, "%s where %s was expected", tok_name(p), wanted);
}

static struct sh_node *new_node(struct sh_parser *p, enum sh_kind kind)
{
	struct sh_node *n = calloc(1, sizeof(*n));

	if (!n && !p->err) {
		p->err = -ENOMEM;
		p->lx.tok = SH_T_ERR;
	}
	if (n)
		n->kind = kind;
	return n;
}

static int add_word(struct sh_parser *p, struct sh_node *n)
{
	struct sh_word *w;

	if (n->nwords >= SHELL_MAXARGS) /* more would not fit in argv anyway */
		return p->err = -E2BIG;
	w = realloc(n->words, (size_t)(n->nwords + 1) * sizeof(*w));
	if (!w)
		return p->err = -ENOMEM;
	n->words = w;
	w[n->nwords++] = p->lx.word;
	next(p);
	return 0;
}

void sh_free(struct sh_node *n)
{
	while (n) {
		struct sh_node *nx = n->next;
		sh_free(n->a);
		sh_free(n->b);
		sh_free(n->c);
		free(n->words);
		free(n);
		n = nx;
	}
}

static struct sh_node *parse_list(struct sh_parser *p, int stop, bool top);

/* Expect keyword kw (the end of a construct) and step over it. */
static void expect(struct sh_parser *p, int kw, const char *opener)
{
	if (keyword(p) == kw) {
		next(p);
		return;
	}
	if (p->lx.tok == SH_T_EOF)
		fail(p, "'%s' without '%s'", opener, keywords[__builtin_ctz((unsigned)kw)]);
	else
		unexpected(p, keywords[__builtin_ctz((unsigned)kw)]);
}

/* At "if" or "elif": the condition, the then-part, then elif (recursively), else, fi. */
static struct sh_node *parse_if(struct sh_parser *p, const char *opener)
{
	struct sh_node *n = new_node(p, SH_IF);

	if (!n)
		return NULL;
	next(p);
	n->a = parse_list(p, KW_THEN, false);
	expect(p, KW_THEN, opener);
	n->b = parse_list(p, KW_ELIF | KW_ELSE | KW_FI, false);
	if (keyword(p) == KW_ELIF) {
		n->c = parse_if(p, "elif");
	} else if (keyword(p) == KW_ELSE) {
		next(p);
		n->c = parse_list(p, KW_FI, false);
		expect(p, KW_FI, "else");
	} else {
		expect(p, KW_FI, opener);
	}
	return n;
}

/* for NAME in WORDS ; do LIST done */
static struct sh_node *parse_for(struct sh_parser *p)
{
	struct sh_node *n = new_node(p, SH_FOR);

	if (!n)
		return NULL;
	next(p);
	if (p->lx.tok != SH_T_WORD || !p->lx.plain || !shell_is_name(p->lx.word.s, p->lx.word.len)) {
		if (!p->err)
			fail(p, "'for' needs a variable name");
		return n;
	}
	add_word(p, n);
	if (keyword(p) != KW_IN) {
		unexpected(p, "'in'");
		return n;
	}
	next(p);
	while (p->lx.tok == SH_T_WORD && !p->err)
		add_word(p, n);
	while (p->lx.tok == SH_T_SEMI || p->lx.tok == SH_T_NL)
		next(p);
	expect(p, KW_DO, "for");
	n->b = parse_list(p, KW_DONE, false);
	expect(p, KW_DONE, "do");
	return n;
}

static struct sh_node *parse_loop(struct sh_parser *p, enum sh_kind kind)
{
	struct sh_node *n = new_node(p, kind);

	if (!n)
		return NULL;
	next(p);
	n->a = parse_list(p, KW_DO, false);
	expect(p, KW_DO, kind == SH_WHILE ? "while" : "until");
	n->b = parse_list(p, KW_DONE, false);
	expect(p, KW_DONE, "do");
	return n;
}

static struct sh_node *parse_command(struct sh_parser *p)
{
	int kw = keyword(p);
	struct sh_node *n;
	bool negate = false;

	if (kw == KW_NOT) {
		negate = true;
		next(p);
		kw = keyword(p);
	}
	if (p->lx.tok != SH_T_WORD) {
		unexpected(p, "a command");
		return NULL;
	}
	if (kw & (KW_IF | KW_FOR | KW_WHILE | KW_UNTIL) && ++p->depth > SHELL_MAXDEPTH) {
		fail(p, "if/for/while nested more than %d deep", SHELL_MAXDEPTH);
		return NULL;
	}
	if (kw == KW_IF) {
		n = parse_if(p, "if");
	} else if (kw == KW_FOR) {
		n = parse_for(p);
	} else if (kw == KW_WHILE || kw == KW_UNTIL) {
		n = parse_loop(p, kw == KW_WHILE ? SH_WHILE : SH_UNTIL);
	} else if (kw) {
		fail(p, "'%s' without '%s'", keywords[__builtin_ctz((unsigned)kw)],
		     openers[__builtin_ctz((unsigned)kw)]);
		return NULL;
	} else {
		n = new_node(p, SH_CMD);
		while (n && p->lx.tok == SH_T_WORD && !add_word(p, n))
			;
	}
	if (kw)
		p->depth--;
	if (n)
		n->negate = negate;
	return n;
}

/*
 * Commands joined by ; newline && || up to a keyword in `stop` or the end;
 * at the top level only up to the end of the line (hush runs a script line
 * by line).
 */
static struct sh_node *parse_list(struct sh_parser *p, int stop, bool top)
{
	struct sh_node *head = NULL, **tail = &head;

	for (;;) {
		while ((p->lx.tok == SH_T_SEMI || p->lx.tok == SH_T_NL) && !(top && head))
			next(p);
		if (p->lx.tok == SH_T_EOF || p->err || (keyword(p) & stop))
			break;
		if (top && head && p->lx.tok == SH_T_NL) {
			next(p);
			break;
		}
		if (p->lx.tok != SH_T_WORD) {
			if (p->lx.tok != SH_T_SEMI)
				unexpected(p, "a command");
			next(p);
			continue;
		}
		*tail = parse_command(p);
		if (!*tail)
			break;
		if (p->lx.tok == SH_T_AND || p->lx.tok == SH_T_OR) {
			(*tail)->op = p->lx.tok == SH_T_AND ? SH_AND : SH_OR;
			next(p);
		} else if (p->lx.tok == SH_T_WORD && !(keyword(p) & stop)) {
			unexpected(p, "';' or a newline"); /* words after fi/done */
		}
		tail = &(*tail)->next;
	}
	if (p->err) {
		sh_free(head);
		return NULL;
	}
	return head;
}

void sh_parse_init(struct sh_parser *p, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);

	memset(p, 0, sizeof(*p));
	p->lx.s = text;
	p->lx.end = nul ? nul : text + len; /* an embedded NUL ends the text */
	next(p);
}

struct sh_node *sh_parse_line(struct sh_parser *p)
{
	return parse_list(p, 0, true);
}
