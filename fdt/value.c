/* Property values in U-Boot's `fdt set` syntax (<cells>, [bytes], "strings") and as `fdt print`/`fdt get` show them. */
#include <stdio.h>
#include <stdlib.h>
#include "fdt_util.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int put(uint8_t *buf, size_t size, size_t *len, const void *data, size_t n)
{
	if (buf) {
		if (*len + n > size)
			return -ENOSPC;
		memcpy(buf + *len, data, n);
	}
	*len += n;
	return 0;
}

/* One token of a <cells> list: a C number (0x hex, 0 octal, decimal). */
static int parse_cell(const char *s, size_t n, uint32_t *v)
{
	char tmp[24];
	char *end;
	unsigned long long x;

	if (!n || n >= sizeof(tmp) || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	x = strtoull(tmp, &end, 0);
	if (*end || errno)
		return -EINVAL;
	if (x > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)x;
	return 0;
}

/* Bytes token: "0a" or an even run "00112233". */
static int parse_bytes(uint8_t *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (n != 1 && n % 2)
		return -EINVAL;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = n == 1 ? 0 : hexval(s[i + 1]);
		uint8_t b;
		if (hi < 0 || lo < 0)
			return -EINVAL;
		b = (uint8_t)(n == 1 ? hi : hi << 4 | lo);
		if (put(buf, size, len, &b, 1))
			return -ENOSPC;
	}
	return 0;
}

/* <...> or [...] spread over several arguments (the shell split them at spaces). */
static int parse_list(int argc, char *const argv[], uint8_t *buf, size_t size, const char **bad)
{
	const char close = argv[0][0] == '<' ? '>' : ']';
	bool closed = false;
	size_t len = 0;

	for (int a = 0; a < argc; a++) {
		const char *s = argv[a] + (a == 0);

		while (*s) {
			const char *t;
			int ret;

			if (closed) {
				*bad = s;
				return -EINVAL;
			}
			if (is_space(*s)) {
				s++;
				continue;
			}
			if (*s == close) {
				closed = true;
				s++;
				continue;
			}
			for (t = s; *t && !is_space(*t) && *t != close; t++)
				;
			if (close == '>') {
				uint32_t v = 0;
				fdt32_t be;
				ret = parse_cell(s, (size_t)(t - s), &v);
				be = cpu_to_fdt32(v);
				if (!ret)
					ret = put(buf, size, &len, &be, 4);
			} else {
				ret = parse_bytes(buf, size, &len, s, (size_t)(t - s));
			}
			if (ret) {
				*bad = s;
				return ret == -ENOSPC ? ret : -EINVAL;
			}
			s = t;
		}
	}
	if (!closed) {
		*bad = argv[argc - 1] + strlen(argv[argc - 1]);
		return -EINVAL;
	}
	return (int)len;
}

int fdt_value_parse(int argc, char *const argv[], void *buf, size_t size, const char **bad)
{
	const char *dummy;
	size_t len = 0;

	if (!bad)
		bad = &dummy;
	*bad = NULL;
	if (argc <= 0)
		return 0;
	if (argv[0][0] == '<' || argv[0][0] == '[')
		return parse_list(argc, argv, buf, size, bad);
	for (int a = 0; a < argc; a++) {
		if (put(buf, size, &len, argv[a], strlen(argv[a]) + 1))
			return -ENOSPC;
		if (len > INT32_MAX)
			return -ENOSPC;
	}
	return (int)len;
}

static bool printable(char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

enum fdt_value_kind fdt_value_kind(const void *data, int len)
{
	const char *s = data;

	if (len <= 0)
		return FDT_VAL_EMPTY;
	/* a string list: printable strings, each non-empty, NUL-terminated */
	if (s[len - 1] == '\0' && (len == 1 || s[len - 2] != '\0')) {
		bool ok = true;
		for (int i = 0; i < len - 1 && ok; i++)
			ok = s[i] ? printable(s[i]) : (i > 0 && s[i - 1] != '\0');
		if (ok && s[0])
			return FDT_VAL_STRINGS;
	}
	return len % 4 ? FDT_VAL_BYTES : FDT_VAL_CELLS;
}

static int append(char *out, size_t size, size_t *pos, const char *fmt, unsigned long v)
{
	int n = snprintf(out + *pos, size - *pos, fmt, v);

	if (n < 0 || (size_t)n >= size - *pos)
		return -ENOSPC;
	*pos += (size_t)n;
	return 0;
}

int fdt_value_format(const void *data, int len, int index, char *out, size_t size)
{
	const uint8_t *b = data;
	size_t pos = 0;
	int ret = 0;

	if (!size)
		return -ENOSPC;
	out[0] = '\0';
	switch (fdt_value_kind(data, len)) {
	case FDT_VAL_EMPTY:
		return index > 0 ? -ENOENT : 0;
	case FDT_VAL_STRINGS: {
		const char *s = data;
		int i = 0, n = index < 0 ? 0 : index;
		while (n--) {
			i += (int)strlen(s + i) + 1;
			if (i >= len)
				return -ENOENT;
		}
		if (strlen(s + i) >= size)
			return -ENOSPC;
		strcpy(out, s + i);
		return 0;
	}
	case FDT_VAL_CELLS:
		if (index >= len / 4)
			return -ENOENT;
		for (int i = 0; i < len / 4 && !ret; i++) {
			fdt32_t be;
			if (index >= 0 && i != index)
				continue;
			memcpy(&be, b + 4 * i, 4);
			ret = append(out, size, &pos, pos ? " 0x%lx" : "0x%lx",
				     (unsigned long)fdt32_to_cpu(be));
		}
		return ret;
	case FDT_VAL_BYTES:
		if (index >= len)
			return -ENOENT;
		if (index >= 0)
			return append(out, size, &pos, "0x%02lx", b[index]);
		for (int i = 0; i < len && !ret; i++)
			ret = append(out, size, &pos, i ? " %02lx" : "%02lx", b[i]);
		return ret;
	}
	return -EINVAL;
}
