/* Messages a library collects for its caller to print (libraries never print). */
#ifndef FB_MSGBUF_H
#define FB_MSGBUF_H
#include <stdarg.h>
#include <stddef.h>

struct msgbuf {
	char text[1024];
	size_t len;
};

/* Append printf-style; text past the buffer is dropped (the start is what matters). */
__attribute__((format(printf, 2, 3))) void msgbuf_add(struct msgbuf *mb, const char *fmt, ...);
void msgbuf_vadd(struct msgbuf *mb, const char *fmt, va_list ap);
const char *msgbuf_str(struct msgbuf *mb);
static inline void msgbuf_clear(struct msgbuf *mb)
{
	mb->len = 0;
}

#endif
