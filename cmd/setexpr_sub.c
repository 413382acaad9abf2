/* setexpr sub/gsub: regular-expression substitution into an environment variable (CONFIG_REGEX). */
#include <stdlib.h>
#include "command.h"
#include "env.h"
#include "regex.h"
#include "setexpr.h"

#define SUB_MAX 4096 /* the longest result of sub/gsub */

/* Append the replacement for one match: \0..\9 are the match and its groups. */
static bool sx_put_repl(char *out, size_t *n, const char *repl, const struct rx_match *m)
{
	for (const char *r = repl; *r; r++) {
		const char *from = r, *to = r + 1;
		if (*r == '\\' && r[1] >= '0' && r[1] <= '9') {
			int g = r[1] - '0';
			from = g ? m->gs[g] : m->start;
			to = g ? m->ge[g] : m->end;
			r++;
			if (!from || !to)
				continue;
		}
		if (*n + (size_t)(to - from) >= SUB_MAX)
			return false;
		memcpy(out + *n, from, (size_t)(to - from));
		*n += (size_t)(to - from);
	}
	return true;
}

/* setexpr name sub|gsub regex replacement [string]: prints name=result, as U-Boot does */
int setexpr_sub(const char *name, bool global, int argc, char *const argv[])
{
	const char *old = argc > 3 ? argv[3] : env_get(name), *why, *s;
	struct rx_match m;
	size_t n = 0;
	char *out;
	int ret = 0, found = 0;
	bool overflow = false;

	if (!old) {
		cmd_err("\"%s\" not defined", name);
		return 1;
	}
	out = malloc(SUB_MAX);
	if (!out)
		return 1;
	/* each search starts on what is left, so ^ matches again there (as U-Boot's loop does) */
	for (s = old; (ret = rx_search(argv[1], s, strlen(s), &m, &why)) == 1;) {
		size_t lead = (size_t)(m.start - s);

		found = 1;
		if (n + lead >= SUB_MAX ||
		    (memcpy(out + n, s, lead), n += lead, !sx_put_repl(out, &n, argv[2], &m))) {
			overflow = true;
			break;
		}
		s = m.end;
		if (m.end == m.start && *s) { /* an empty match: step over one character */
			if (n + 1 >= SUB_MAX) {
				overflow = true;
				break;
			}
			out[n++] = *s++;
		}
		if (!global || !*s)
			break;
	}
	if (overflow || (found && n + strlen(s) >= SUB_MAX)) {
		printf("## error: substitution buffer overflow\n");
		ret = 1;
	} else if (ret == -EINVAL) {
		printf("Error compiling regex: %s\n", why);
	} else if (ret < 0) {
		cmd_err("regex takes too long on this string");
	} else if (!found) {
		printf("%s: No match\n", old);
		ret = 1;
	} else {
		memcpy(out + n, s, strlen(s) + 1);
		ret = env_set(name, out) ? 1 : 0;
		if (!ret)
			printf("%s=%s\n", name, out);
	}
	free(out);
	return ret ? 1 : 0;
}
