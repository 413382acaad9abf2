/*
 * strtoul, strtol and strtoull on one digit loop. newlib-nano's are three copies of a locale-aware
 * loop (1,940 bytes); these follow the C standard as glibc does (the host builds' libc, which the
 * unit test compares them with): leading white space, a sign, "0x" only before a hex digit
 * ("0xg" reads as 0 and ends at the x), out-of-range values saturate with errno = ERANGE; the base is
 * 0 or 2..36 (every caller passes a constant).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include "strtonum.h"

static unsigned int digit_of(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c |= 0x20;
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	return 36;
}

/* The magnitude, saturated at ULLONG_MAX (*over set); *neg for a leading '-'. */
static unsigned long long str_digits(const char *s, char **end, int base, bool *neg, bool *over)
{
	const char *p = s;
	unsigned long long v = 0, lim;
	bool any = false;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	*neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' && digit_of(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	*over = false;
	lim = ULLONG_MAX / (unsigned int)base;
	for (;; p++, any = true) {
		unsigned int d = digit_of(*p);

		if (d >= (unsigned int)base)
			break;
		if (v > lim || v * (unsigned int)base > ULLONG_MAX - d)
			*over = true;
		else
			v = v * (unsigned int)base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (*over)
		errno = ERANGE;
	return *over ? ULLONG_MAX : v;
}

unsigned long long fb_strtoull(const char *s, char **end, int base)
{
	bool neg, over;
	unsigned long long v = str_digits(s, end, base, &neg, &over);

	return neg && !over ? 0 - v : v;
}

unsigned long fb_strtoul(const char *s, char **end, int base)
{
	bool neg, over;
	unsigned long long v = str_digits(s, end, base, &neg, &over);

	if (over || v > ULONG_MAX) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? 0 - (unsigned long)v : (unsigned long)v;
}

long fb_strtol(const char *s, char **end, int base)
{
	bool neg, over;
	unsigned long long v = str_digits(s, end, base, &neg, &over);

	if (v > (neg ? 0 - (unsigned long long)LONG_MIN : (unsigned long long)LONG_MAX)) {
		errno = ERANGE;
		return neg ? LONG_MIN : LONG_MAX;
	}
	return neg ? (long)(0 - (unsigned long)v) : (long)v;
}

#ifndef HOST_SIM
/* the target's C library functions are these (the host keeps its libc's) */
unsigned long long strtoull(const char *s, char **end, int base) __attribute__((alias("fb_strtoull")));
unsigned long strtoul(const char *s, char **end, int base) __attribute__((alias("fb_strtoul")));
long strtol(const char *s, char **end, int base) __attribute__((alias("fb_strtol")));
#endif
