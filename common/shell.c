/* Shell executor in the manner of U-Boot's hush: words expanded as they run, && || as hush skips, if/for/while/until, exit, Ctrl-C. */
#include <stdlib.h>
#include "shell_ast.h"

struct sbuf {
	char *p;
	size_t len, cap;
	int err;
};

static void sb_put(struct sbuf *b, char c)
{
	if (b->len + 1 >= SHELL_ARGS_MAX) {
		b->err = -E2BIG; /* a value doubled in a loop must not eat the heap */
		return;
	}
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

/* The arguments of one command as they are expanded, each NUL-terminated in b. */
struct args {
	struct sbuf b;
	size_t starts[SHELL_MAXARGS + 1];
	int argc;
	bool in_word;
	int err;
};

struct sh {
	const struct shell_ops *ops;
	struct shell_var **locals;
	struct shell_var *own_locals; /* when the caller keeps none */
	int last;                     /* $? */
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

bool shell_is_name(const char *s, size_t len)
{
	if (!len || !(is_alpha(*s) || *s == '_'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!is_name_char(s[i]))
			return false;
	return true;
}

/* ---- shell-local variables */

const char *shell_local_get(struct shell_var *const *locals, const char *name)
{
	for (const struct shell_var *v = locals ? *locals : NULL; v; v = v->next)
		if (!strcmp(v->name, name))
			return v->value;
	return NULL;
}

int shell_local_set(struct shell_var **locals, const char *name, const char *value)
{
	struct shell_var **pv, *v;
	char *nv = NULL;

	if (value && !(nv = strdup(value)))
		return -ENOMEM;
	for (pv = locals; (v = *pv); pv = &v->next) {
		if (strcmp(v->name, name))
			continue;
		free(v->value);
		if (nv) {
			v->value = nv;
		} else {
			*pv = v->next;
			free(v);
		}
		return 0;
	}
	if (!nv)
		return 0;
	v = malloc(sizeof(*v) + strlen(name) + 1);
	if (!v) {
		free(nv);
		return -ENOMEM;
	}
	strcpy(v->name, name);
	v->value = nv;
	v->next = *locals;
	*locals = v;
	return 0;
}

void shell_locals_free(struct shell_var **locals)
{
	while (*locals)
		shell_local_set(locals, (*locals)->name, NULL);
}

/* U-Boot looks in the environment first, then at the shell's own variables. */
static const char *lookup(struct sh *sh, const char *name)
{
	const char *v = sh->ops->getvar ? sh->ops->getvar(name, sh->ops->ctx) : NULL;

	return v ? v : shell_local_get(sh->locals, name);
}

/* ---- word expansion */

static void word_begin(struct args *a)
{
	if (a->in_word || a->err)
		return;
	if (a->argc >= SHELL_MAXARGS) {
		a->err = -E2BIG;
		return;
	}
	a->starts[a->argc++] = a->b.len;
	a->in_word = true;
}

static void word_end(struct args *a)
{
	if (a->in_word) {
		sb_put(&a->b, '\0');
		a->in_word = false;
	}
}

static void put_char(struct args *a, char c)
{
	word_begin(a);
	if (!a->err)
		sb_put(&a->b, c);
}

/* A value: unquoted it splits into words on blanks; newlines read as blanks (hush). */
static void put_value(struct args *a, const char *v, bool quoted)
{
	for (; v && *v && !a->err; v++) {
		char c = *v == '\n' ? ' ' : *v;
		if (!quoted && (c == ' ' || c == '\t'))
			word_end(a);
		else
			put_char(a, c);
	}
	if (quoted)
		word_begin(a); /* "" still makes an argument */
}

/* ${name:-default} (also := and :+, with hush's readings); returns the value to use. */
static const char *braced_value(struct sh *sh, char *name)
{
	char *sep = strchr(name, ':');
	const char *v, *def = NULL;
	char op = 0;

	if (sep) {
		*sep = '\0';
		op = sep[1];
		if (op == '-' || op == '=' || op == '+')
			def = sep + 2;
	}
	v = lookup(sh, name);
	if (!def)
		return v;
	if (!v || !*v) {
		/* hush's :+ gives the word when the variable is unset, nothing when set */
		if (op == '=')
			shell_local_set(sh->locals, name, def);
		return def;
	}
	return op == '+' ? "" : v;
}

/* Expand "$..." at s; returns the characters used, 0 when the '$' is literal. */
static size_t expand_var(struct sh *sh, struct args *a, const char *s, const char *end, bool quoted)
{
	char buf[64], *name = buf, status[12];
	const char *from = s + 1, *c = from;
	size_t n, used;

	if (c < end && *c == '?') {
		snprintf(status, sizeof(status), "%d", sh->last);
		put_value(a, status, quoted);
		return 2;
	}
	if (c < end && *c == '{') {
		from = ++c;
		c = memchr(c, '}', (size_t)(end - c)); /* the parser saw it */
		if (!c)
			return 0;
		used = (size_t)(c - s) + 1;
	} else {
		if (c >= end || !is_alpha(*c))
			return 0;
		while (c < end && is_name_char(*c))
			c++;
		used = (size_t)(c - s);
	}
	n = (size_t)(c - from);
	if (n >= sizeof(buf) && !(name = malloc(n + 1))) {
		a->err = -ENOMEM;
		return used;
	}
	memcpy(name, from, n);
	name[n] = '\0';
	put_value(a, from[-1] == '{' ? braced_value(sh, name) : lookup(sh, name), quoted);
	if (name != buf)
		free(name);
	return used;
}

/*
 * One word as hush reads it: outside quotes a backslash keeps the next
 * character literally; inside '' everything is literal but backslashes
 * still vanish; inside "" a backslash stays, with the character after it
 * ("\$" and "\"" do not expand or end the quote).
 */
static void expand_word(struct sh *sh, struct args *a, const struct sh_word *w)
{
	const char *s = w->s, *end = w->s + w->len;
	char q = 0;

	while (s < end && !a->err) {
		char c = *s;

		if (q != '\'' && c == '$') {
			size_t used = expand_var(sh, a, s, end, q == '"');
			if (used) {
				s += used;
				continue;
			}
		}
		if (c == '\\' && s + 1 < end) {
			if (q == '"') {
				put_char(a, c);
			} else if (q == '\'' && s[1] == '\'') {
				s++; /* the quote still ends */
				continue;
			} else if (!q && s[1] == '\n') {
				s += 2; /* line continuation */
				continue;
			}
			put_char(a, s[1]);
			s += 2;
		} else if ((c == '\'' || c == '"') && (!q || q == c)) {
			q = q ? 0 : c;
			word_begin(a);
			s++;
		} else {
			put_char(a, c);
			s++;
		}
	}
	word_end(a);
}

static int expand_words(struct sh *sh, struct args *a, const struct sh_word *w, int n, char *argv[])
{
	for (int i = 0; i < n && !a->err; i++)
		expand_word(sh, a, &w[i]);
	if (!a->err)
		a->err = a->b.err;
	for (int i = 0; i < a->argc && !a->err; i++)
		argv[i] = a->b.p + a->starts[i];
	argv[a->argc] = NULL;
	return a->err;
}

/* ---- running the tree */

static int run_list(struct sh *sh, const struct sh_node *n);

static bool interrupted(struct sh *sh)
{
	return sh->ops->interrupted && sh->ops->interrupted(sh->ops->ctx);
}

/* name=value: the name must be written plainly */
static size_t assignment_len(const struct sh_word *w)
{
	const char *eq = memchr(w->s, '=', w->len);

	return eq && shell_is_name(w->s, (size_t)(eq - w->s)) ? (size_t)(eq - w->s) : 0;
}

/* Leading name=value words set shell-local variables; returns how many there were. */
static int assign_locals(struct sh *sh, const struct sh_node *n, int *err)
{
	int i;

	for (i = 0; i < n->nwords && !*err; i++) {
		size_t nl = assignment_len(&n->words[i]);
		struct sh_word val = { n->words[i].s + nl + 1, n->words[i].len - nl - 1 };
		struct args a = { 0 };
		char *name;

		if (!nl)
			break;
		if (!(name = strndup(n->words[i].s, nl))) {
			*err = -ENOMEM;
			break;
		}
		expand_word(sh, &a, &val);
		word_end(&a);
		/* the value as one string: its words joined by blanks */
		for (size_t k = 0; k + 1 < a.b.len; k++)
			if (!a.b.p[k])
				a.b.p[k] = ' ';
		*err = a.err     ? a.err
		       : a.b.err ? a.b.err
				 : shell_local_set(sh->locals, name, a.b.p ? a.b.p : "");
		free(a.b.p);
		free(name);
	}
	return i;
}

static int run_cmd(struct sh *sh, const struct sh_node *n)
{
	char *argv[SHELL_MAXARGS + 1];
	struct args a = { 0 };
	int err = 0, first = assign_locals(sh, n, &err), ret;

	if (err)
		return err;
	if (first == n->nwords) {
		if (first)
			sh->last = 0;
		return 0;
	}
	ret = expand_words(sh, &a, n->words + first, n->nwords - first, argv);
	if (!ret && a.argc && !strcmp(argv[0], "exit")) {
		/* as U-Boot: a decimal number, 0 without one */
		sh->last = a.argc > 1 ? (int)strtoul(argv[1], NULL, 10) : 0;
		ret = SHELL_EXIT;
	} else if (!ret && a.argc) {
		if (interrupted(sh)) {
			ret = -EINTR;
		} else {
			ret = sh->ops->exec(a.argc, argv, sh->ops->ctx);
			sh->last = ret < 0 ? 1 : ret;
			ret = 0;
		}
	}
	free(a.b.p);
	return ret;
}

static int run_for(struct sh *sh, const struct sh_node *n)
{
	char *argv[SHELL_MAXARGS + 1], *var = strndup(n->words[0].s, n->words[0].len);
	struct args a = { 0 };
	int ret;

	if (!var)
		return -ENOMEM;
	ret = expand_words(sh, &a, n->words + 1, n->nwords - 1, argv);
	/* hush splits every value on blanks, quoted or not */
	for (size_t k = 0; k < a.b.len; k++)
		if (a.b.p[k] == ' ' || a.b.p[k] == '\t')
			a.b.p[k] = '\0';
	sh->last = 0;
	for (size_t k = 0; !ret && k < a.b.len; k += strlen(a.b.p + k) + 1) {
		if (!a.b.p[k])
			continue;
		if (interrupted(sh))
			ret = -EINTR;
		else if (!(ret = shell_local_set(sh->locals, var, a.b.p + k)))
			ret = run_list(sh, n->b);
	}
	free(a.b.p);
	free(var);
	return ret;
}

static int run_node(struct sh *sh, const struct sh_node *n)
{
	int ret = 0;

	switch (n->kind) {
	case SH_CMD:
		ret = run_cmd(sh, n);
		break;
	case SH_IF:
		if (!(ret = run_list(sh, n->a)))
			ret = run_list(sh, sh->last ? n->c : n->b);
		break;
	case SH_FOR:
		ret = run_for(sh, n);
		break;
	case SH_WHILE:
	case SH_UNTIL:
		/* $? afterwards: the condition that ended the loop (as hush) */
		while (!ret) {
			if (interrupted(sh))
				return -EINTR;
			if ((ret = run_list(sh, n->a)) || (!sh->last) != (n->kind == SH_WHILE))
				break;
			ret = run_list(sh, n->b);
		}
		break;
	}
	if (!ret && n->negate)
		sh->last = !sh->last;
	return ret;
}

/*
 * hush's && and ||: when a command's status settles the operator after it
 * (failure before &&, success before ||), everything up to the next ';' or
 * newline is skipped, so `false && a || b` runs neither a nor b.
 */
static int run_list(struct sh *sh, const struct sh_node *n)
{
	bool skip = false;
	int ret;

	for (; n; n = n->next) {
		if (skip) {
			skip = n->op != SH_SEQ;
			continue;
		}
		if ((ret = run_node(sh, n)))
			return ret;
		skip = (n->op == SH_AND && sh->last) || (n->op == SH_OR && !sh->last);
	}
	return 0;
}

int shell_run(const struct shell_ops *ops, const char *text, size_t len)
{
	struct sh sh = { .ops = ops, .last = ops->last_status ? *ops->last_status : 0 };
	struct sh_parser p;
	struct sh_node *n;
	int ret = 0;

	sh.locals = ops->locals ? ops->locals : &sh.own_locals;
	sh_parse_init(&p, text, len);
	while (!ret && (n = sh_parse_line(&p))) {
		ret = run_list(&sh, n);
		sh_free(n);
	}
	if (!ret)
		ret = p.err;
	if (ops->errmsg)
		snprintf(ops->errmsg, SHELL_ERRLEN, "%s", ret == -EINVAL ? p.msg : "");
	shell_locals_free(&sh.own_locals);
	if (ret && ret != SHELL_EXIT)
		sh.last = 1;
	if (ops->last_status)
		*ops->last_status = sh.last;
	return ret ? ret : sh.last;
}
