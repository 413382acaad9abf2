/* The shell's parse tree, shared by its parser (shell_parse.c) and executor (shell.c). */
#ifndef FB_SHELL_AST_H
#define FB_SHELL_AST_H
#include "shell.h"

/* A word as written (quotes, $var and backslashes still in it): expanded when it runs. */
struct sh_word {
	const char *s;
	size_t len;
};

enum sh_kind { SH_CMD, SH_IF, SH_FOR, SH_WHILE, SH_UNTIL };
enum sh_op { SH_SEQ, SH_AND, SH_OR }; /* what follows a command in its list */

/*
 * One command of a list; `next` is the rest of the list. SH_CMD: words.
 * SH_IF: a = condition, b = then-part, c = elif/else part. SH_FOR: words[0]
 * is the variable, the rest the values, b = body. SH_WHILE/SH_UNTIL: a =
 * condition, b = body.
 */
struct sh_node {
	struct sh_node *next, *a, *b, *c;
	struct sh_word *words;
	int nwords;
	enum sh_kind kind;
	enum sh_op op;
	bool negate; /* `! command` */
};

struct sh_lexer {
	const char *s, *end;
	int tok;             /* SH_T_... */
	struct sh_word word; /* the current SH_T_WORD */
	bool plain;          /* the word has no quote, $ or backslash (a keyword can be) */
};

struct sh_parser {
	struct sh_lexer lx;
	int depth;
	int err; /* 0, -EINVAL (see msg) or -ENOMEM */
	char msg[SHELL_ERRLEN];
};

/* Start parsing text; sh_parse_line() then returns one top-level line at a time. */
void sh_parse_init(struct sh_parser *p, const char *text, size_t len);
/* The next top-level line as a list (NULL with p->err 0 at the end of the text). */
struct sh_node *sh_parse_line(struct sh_parser *p);
void sh_free(struct sh_node *n);

#endif
