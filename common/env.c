/* The environment in RAM: a sorted array of "name=value" strings, imported and exported in U-Boot's formats. */
#include <stdlib.h>
#include "env.h"
#include "msgbuf.h"

static char **vars; /* each "name=value", sorted by name */
static int nvars, capvars;

#ifdef HOST_SIM
/* weak: a host program without any ENV_CALLBACK() has no such section */
extern const struct env_callback __start_env_cb[] __attribute__((weak));
extern const struct env_callback __stop_env_cb[] __attribute__((weak));
#define env_cb_start __start_env_cb
#define env_cb_end __stop_env_cb
#else
extern const struct env_callback __env_cb_start[], __env_cb_end[];
#define env_cb_start __env_cb_start
#define env_cb_end __env_cb_end
#endif

static int batch_depth;
static char **batch_old;   /* per callback: the value when the batch began (NULL: unset) */
static bool *batch_had;    /* per callback: set when the batch began */
static struct msgbuf msgs; /* env_report() lines of the change in progress */

/*
 * Order by name alone, a prefix first ("ne" < "ne!" < "nea"): comparing the
 * entry's '=' with the name's characters would put "ne" after "ne!" for one
 * lookup and before it for another, and the binary search would lose entries.
 */
static int name_cmp(const char *entry, const char *name, size_t nlen)
{
	size_t elen = (size_t)(strchr(entry, '=') - entry);
	int r = memcmp(entry, name, MIN(elen, nlen));

	if (r)
		return r;
	return elen == nlen ? 0 : elen < nlen ? -1 : 1;
}

/* Index of name, or -(insertion point) - 1 */
static int env_find(const char *name, size_t nlen)
{
	int lo = 0, hi = nvars - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int r = name_cmp(vars[mid], name, nlen);
		if (!r)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

/*
 * A name env_set() takes: not empty, no '=' and nothing that would not come
 * back the same from a saved environment (U-Boot's importer drops leading
 * blanks and takes a leading '#' for a comment) or from a text export (no
 * control characters). Bytes 0x80-0xff are fine: UTF-8 names such as "€".
 */
static bool env_name_ok(const char *name, size_t nlen)
{
	if (!nlen || name[0] == ' ' || name[0] == '\t' || name[0] == '#')
		return false;
	for (size_t i = 0; i < nlen; i++)
		if (name[i] == '=' || (unsigned char)name[i] < ' ' || name[i] == 0x7f)
			return false;
	return true;
}

const char *env_get(const char *name)
{
	size_t nlen = strlen(name);
	int i = env_find(name, nlen);

	return i >= 0 ? vars[i] + nlen + 1 : NULL;
}

/* Set or (empty value) delete; the name is taken as it is (the callers check it). */
static int env_store(const char *name, size_t nlen, const char *value, size_t vlen)
{
	int i;
	char *e;

	/* values are C strings: a NUL inside an imported line ends it (an empty one deletes) */
	vlen = strnlen(value, vlen);
	i = env_find(name, nlen);
	if (!vlen) {
		if (i >= 0) {
			free(vars[i]);
			memmove(&vars[i], &vars[i + 1], (size_t)(nvars - i - 1) * sizeof(*vars));
			nvars--;
		}
		return 0;
	}
	e = malloc(nlen + vlen + 2);
	if (!e)
		return -ENOMEM;
	memcpy(e, name, nlen);
	e[nlen] = '=';
	memcpy(e + nlen + 1, value, vlen);
	e[nlen + 1 + vlen] = '\0';
	if (i >= 0) {
		free(vars[i]);
		vars[i] = e;
		return 0;
	}
	if (nvars == capvars) {
		int ncap = capvars ? capvars * 2 : 32;
		char **n = realloc(vars, (size_t)ncap * sizeof(*vars));
		if (!n) {
			free(e);
			return -ENOMEM;
		}
		vars = n;
		capvars = ncap;
	}
	i = -i - 1;
	memmove(&vars[i + 1], &vars[i], (size_t)(nvars - i) * sizeof(*vars));
	vars[i] = e;
	nvars++;
	return 0;
}

void env_report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msgbuf_vadd(&msgs, fmt, ap);
	va_end(ap);
}

const char *env_messages(void)
{
	return msgbuf_str(&msgs);
}

static const struct env_callback *env_cb_find(const char *name)
{
	for (const struct env_callback *c = env_cb_start; c < env_cb_end; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static bool same_value(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

int env_set(const char *name, const char *value)
{
	const struct env_callback *cb;

	if (value && !*value)
		value = NULL;
	if (!env_name_ok(name, strlen(name)))
		return -EINVAL;
	if (!batch_depth) {
		msgbuf_clear(&msgs);
		cb = env_cb_find(name);
		if (cb && !same_value(env_get(name), value)) {
			int ret = cb->fn(name, value, value ? ENV_OP_SET : ENV_OP_DELETE);
			if (ret < 0)
				return ret;
		}
	}
	return env_store(name, strlen(name), value ? value : "", value ? strlen(value) : 0);
}

void env_batch_begin(void)
{
	size_t n = (size_t)(env_cb_end - env_cb_start);

	if (batch_depth++)
		return;
	msgbuf_clear(&msgs);
	batch_old = calloc(n + 1, sizeof(*batch_old));
	batch_had = calloc(n + 1, sizeof(*batch_had));
	for (size_t i = 0; batch_old && batch_had && i < n; i++) {
		const char *v = env_get(env_cb_start[i].name);
		batch_had[i] = v != NULL;
		batch_old[i] = v ? strdup(v) : NULL;
	}
}

/* Did callback i's variable change during the batch? Without a snapshot (no memory): yes. */
static bool cb_changed(size_t i)
{
	if (!batch_old || !batch_had || batch_had[i] != (batch_old[i] != NULL))
		return true;
	return !same_value(batch_old[i], env_get(env_cb_start[i].name));
}

void env_batch_end(void)
{
	size_t n = (size_t)(env_cb_end - env_cb_start);

	if (!batch_depth || --batch_depth)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct env_callback *c = &env_cb_start[i];
		bool called = false;

		if (!cb_changed(i))
			continue;
		/* once per function: mtdids and mtdparts both rebuild the same table */
		for (size_t j = 0; j < i && !called; j++)
			called = env_cb_start[j].fn == c->fn && cb_changed(j);
		if (!called)
			c->fn(c->name, env_get(c->name), ENV_OP_IMPORT);
	}
	for (size_t i = 0; batch_old && i < n; i++)
		free(batch_old[i]);
	free(batch_old);
	free(batch_had);
	batch_old = NULL;
	batch_had = NULL;
}

int env_set_hex(const char *name, unsigned long value)
{
	char buf[20];

	snprintf(buf, sizeof(buf), "%lx", value);
	return env_set(name, buf);
}

unsigned long env_get_hex(const char *name, unsigned long def)
{
	const char *v = env_get(name);
	char *end;
	unsigned long r;

	if (!v || !*v)
		return def;
	r = strtoul(v, &end, 16);
	return *end ? def : r;
}

long env_get_long(const char *name, long def)
{
	const char *v = env_get(name);
	char *end;
	long r;

	if (!v || !*v)
		return def;
	r = strtol(v, &end, 0);
	return *end ? def : r;
}

void env_clear(void)
{
	for (int i = 0; i < nvars; i++)
		free(vars[i]);
	nvars = 0;
}

int env_for_each(int (*fn)(const char *name, const char *value, void *arg), void *arg)
{
	char buf[128];

	for (int i = 0; i < nvars; i++) {
		const char *eq = strchr(vars[i], '=');
		size_t n = (size_t)(eq - vars[i]);
		/* names have no length limit: a long one gets its own copy, not a cut */
		char *name = n < sizeof(buf) ? buf : malloc(n + 1);
		int r;

		if (!name)
			return -ENOMEM;
		memcpy(name, vars[i], n);
		name[n] = '\0';
		r = fn(name, eq + 1, arg);
		if (name != buf)
			free(name);
		if (r)
			return r;
	}
	return 0;
}

/*
 * U-Boot's himport_r() rules, for the binary and the text format alike:
 * blanks before a name are skipped, an entry starting with '#' is a comment,
 * "name" and "name=" delete the variable, and a name is every byte up to
 * '=' (blanks and non-ASCII bytes included: fw_setenv and mkenvimage write
 * such names). Only an empty name with a value ("=x") is refused.
 */
int env_import(const char *data, size_t len, char sep, bool replace)
{
	const char *p = data, *end = data + len;
	int count = 0;

	env_batch_begin();
	if (replace)
		env_clear();
	while (p < end && *p) {
		const char *e, *eq, *nul;
		int ret;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		e = memchr(p, sep, (size_t)(end - p));
		if (!e)
			e = end;
		/* comments, and blank lines of a text import */
		if (e == p || *p == '#') {
			p = e + 1;
			continue;
		}
		eq = memchr(p, '=', (size_t)(e - p));
		/* a NUL inside a text line ends the name (or the value, in env_store) */
		nul = memchr(p, '\0', (size_t)((eq ? eq : e) - p));
		if (nul == p) {
			p = e + 1;
			continue;
		}
		if (nul)
			eq = NULL;
		if (eq == p) {
			count = -EINVAL;
			break;
		}
		if (!eq)
			ret = env_store(p, (size_t)((nul ? nul : e) - p), "", 0);
		else
			ret = env_store(p, (size_t)(eq - p), eq + 1, (size_t)(e - eq - 1));
		if (ret) {
			count = ret;
			break;
		}
		count++;
		p = e + 1;
	}
	env_batch_end();
	return count;
}

int env_export(char *buf, size_t size, char sep)
{
	size_t pos = 0;

	for (int i = 0; i < nvars; i++) {
		size_t l = strlen(vars[i]);
		if (pos + l + 1 > size)
			return -ENOSPC;
		memcpy(buf + pos, vars[i], l);
		pos += l;
		buf[pos++] = sep;
	}
	if (sep == '\0') {
		if (pos + 1 > size)
			return -ENOSPC;
		buf[pos++] = '\0';
		if (pos == 1 && size > 1) /* an empty environment is "\0\0" */
			buf[pos++] = '\0';
	}
	return (int)pos;
}

/* ---------------------------------------------------------------- backend */

static const struct env_backend *backend;

void env_set_backend(const struct env_backend *b)
{
	backend = b;
}

int env_save(void)
{
	return backend && backend->save ? backend->save() : -ENODEV;
}

int env_print_info(void)
{
	if (!backend || !backend->print_info)
		return -ENODEV;
	backend->print_info();
	return 0;
}

/* the board's default environment, set at start-up (main.c); none until then */
static const char *default_text = "";

void env_set_default_text(const char *text)
{
	default_text = text ? text : "";
}

void env_set_default(void)
{
	const char *p = default_text;

	env_batch_begin(); /* mtdparts & co. follow once, after the whole set */
	env_clear();
	while (*p) {
		size_t l = strlen(p);
		env_import(p, l, '\n', false);
		p += l + 1;
	}
	env_batch_end();
}

void env_set_default_vars(int n, char *const names[])
{
	env_batch_begin(); /* `env default mtdids mtdparts`: one new table, with both */
	for (const char *p = default_text; *p; p += strlen(p) + 1) {
		const char *eq = strchr(p, '=');

		for (int i = 0; eq && i < n; i++) {
			size_t l = strlen(names[i]);

			if (l == (size_t)(eq - p) && !strncmp(p, names[i], l))
				env_set(names[i], eq + 1);
		}
	}
	env_batch_end();
}
