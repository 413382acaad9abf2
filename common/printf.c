/* A small printf family for the firmware (newlib's is several times larger): d i u x X o p c s, flags, width, precision, h/l/ll/z. */
#include "common.h"
#include "console.h"

struct outbuf {
	char *buf;
	size_t size, pos;
	bool console;
};

static void out_char(struct outbuf *o, char c)
{
	if (o->console) {
		console_putc(c);
	} else if (o->pos + 1 < o->size) {
		o->buf[o->pos] = c;
	}
	o->pos++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static int fmt_vprintf(struct outbuf *o, const char *fmt, va_list ap)
{
	char tmp[24];

	for (; *fmt; fmt++) {
		bool left = false, zero = false, plus = false, space = false, alt = false;
		int width = 0, prec = -1, lng = 0, base = 10, len;
		unsigned long long uv;
		bool neg = false, is_signed = false, upper = false;
		const char *s;

		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		for (;;) {
			char f = *++fmt;
			if (f == '-')
				left = true;
			else if (f == '0')
				zero = true;
			else if (f == '+')
				plus = true;
			else if (f == ' ')
				space = true;
			else if (f == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			prec = 0;
			if (*++fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = (*fmt == 'j') ? 2 : 1;
			else if (*fmt != 'h')
				break;
		}
		switch (*fmt) {
		case 'c':
			out_pad(o, ' ', left ? 0 : width - 1);
			out_char(o, (char)va_arg(ap, int));
			out_pad(o, ' ', left ? width - 1 : 0);
			continue;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			len = (int)strnlen(s, prec < 0 ? (size_t)-1 : (size_t)prec);
			out_pad(o, ' ', left ? 0 : width - len);
			for (int i = 0; i < len; i++)
				out_char(o, s[i]);
			out_pad(o, ' ', left ? width - len : 0);
			continue;
		case '%':
			out_char(o, '%');
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'X':
			upper = true;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		case 'p':
			base = 16;
			lng = 1;
			alt = true;
			break;
		default:
			out_char(o, '%');
			if (*fmt)
				out_char(o, *fmt);
			else
				fmt--;
			continue;
		}
		if (is_signed) {
			long long v = lng >= 2 ? va_arg(ap, long long)
				      : lng    ? va_arg(ap, long)
					       : va_arg(ap, int);
			neg = v < 0;
			uv = neg ? -(unsigned long long)v : (unsigned long long)v;
		} else {
			uv = lng >= 2 ? va_arg(ap, unsigned long long)
			     : lng    ? va_arg(ap, unsigned long)
				      : va_arg(ap, unsigned int);
		}
		len = 0;
		if (base == 10 && uv <= 0xffffffffu) {
			uint32_t v32 = (uint32_t)uv; /* avoids 64-bit division helpers */
			do {
				tmp[len++] = (char)('0' + v32 % 10);
				v32 /= 10;
			} while (v32);
		} else {
			do {
				unsigned d;
				if (base == 10) {
					d = (unsigned)(uv % 10);
					uv /= 10;
				} else {
					d = (unsigned)(uv & (base - 1));
					uv >>= (base == 16 ? 4 : 3);
				}
				tmp[len++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
			} while (uv);
		}
		{
			const char *pfx = neg                  ? "-"
					  : plus && is_signed  ? "+"
					  : space && is_signed ? " "
							       : "";
			int plen, zeros = 0, total;
			if (alt && base == 16)
				pfx = upper ? "0X" : "0x";
			plen = (int)strlen(pfx);
			if (prec >= 0 && prec > len)
				zeros = prec - len;
			else if (zero && !left && prec < 0 && width > len + plen)
				zeros = width - len - plen;
			total = plen + zeros + len;
			out_pad(o, ' ', left ? 0 : width - total);
			while (*pfx)
				out_char(o, *pfx++);
			out_pad(o, '0', zeros);
			while (len)
				out_char(o, tmp[--len]);
			out_pad(o, ' ', left ? width - total : 0);
		}
	}
	return (int)o->pos;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0, false };
	int n = fmt_vprintf(&o, fmt, ap);

	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int console_vprintf(const char *fmt, va_list ap)
{
	struct outbuf o = { NULL, 0, 0, true };

	return fmt_vprintf(&o, fmt, ap);
}

int vprintf(const char *fmt, va_list ap)
{
	return console_vprintf(fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	console_puts(s);
	console_putc('\n');
	return 1;
}

int putchar(int c)
{
	console_putc((char)c);
	return c;
}
