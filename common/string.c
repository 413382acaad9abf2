/*
 * Byte-at-a-time string functions for the target. newlib-nano's are unrolled word-at-a-time ARM code
 * (strcmp 548 bytes, strchr 316, strcpy 240, strncmp 236) or reentrant wrappers (strdup, strndup: 264
 * bytes with their _r forms); ours are a few Thumb instructions each, on names and lines of a few
 * dozen bytes where the difference in speed does not show. memcpy is arch/arm/memcpy.S; memset,
 * memchr and memcmp stay newlib's (word-at-a-time: the environment import scans with memchr).
 */
#include <stdlib.h>
#include <string.h>

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *p == *q)
		p++, q++;
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	for (; n; n--, p++, q++)
		if (*p != *q || !*p)
			return *p - *q;
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strpbrk(const char *s, const char *accept)
{
	for (; *s; s++)
		if (strchr(accept, *s))
			return (char *)s;
	return NULL;
}

char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/* C's strncpy: at most n bytes, the rest of them zero */
char *strncpy(char *dst, const char *src, size_t n)
{
	char *d = dst;

	for (; n && *src; n--)
		*d++ = *src++;
	for (; n; n--)
		*d++ = '\0';
	return dst;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

char *strdup(const char *s)
{
	return strndup(s, (size_t)-1);
}
