/* A small backtracking regular-expression matcher: the subset U-Boot's slre reads (for setexpr sub/gsub). */
#ifndef FB_REGEX_H
#define FB_REGEX_H
#include "common.h"

#define RX_MAXGROUPS 10

struct rx_match {
	const char *start, *end;                         /* the whole match */
	const char *gs[RX_MAXGROUPS], *ge[RX_MAXGROUPS]; /* \1..\9; NULL when a group took no part */
};

/*
 * Find the first match of pattern in str[0..len). ^ $ . [set] [^set] (with
 * ranges and \d \s \w classes) ( ) | * + ? and lazy *? +? ??; \d \D \s \S \w
 * \W and \ before any other character. Returns 1 when it matched, 0 when not,
 * -EINVAL for a bad pattern (*why says what), -E2BIG when matching takes too
 * many steps.
 */
int rx_search(const char *pattern, const char *str, size_t len, struct rx_match *m, const char **why);

#endif
