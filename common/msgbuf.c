/* Messages a library collects for its caller to print. */
#include <stdarg.h>
#include <stdio.h>
#include "common.h"
#include "msgbuf.h"

void msgbuf_vadd(struct msgbuf *mb, const char *fmt, va_list ap)
{
	int n;

	if (mb->len >= sizeof(mb->text) - 1)
		return;
	n = vsnprintf(mb->text + mb->len, sizeof(mb->text) - mb->len, fmt, ap);
	if (n > 0)
		mb->len = MIN(mb->len + (size_t)n, sizeof(mb->text) - 1);
}

void msgbuf_add(struct msgbuf *mb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msgbuf_vadd(mb, fmt, ap);
	va_end(ap);
}

const char *msgbuf_str(struct msgbuf *mb)
{
	mb->text[mb->len] = '\0';
	return mb->text;
}
