/*
 * printf-style formatting into a sink (see keel/format.h). One pass over the format string;
 * numbers are converted into a small stack buffer, then padded. Unknown conversions are copied
 * through literally so a typo shows up in the output instead of eating arguments. Few branches
 * and no inlined copies of the padding: under emulation the boot's first log line pays for every
 * distinct branch taken, once.
 */
#include <keel/format.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct fmt_spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision; /* -1: none */
};

static KEEL_NOINLINE void fmt_pad(keel_format_sink sink, void *ctx, char c, int n, size_t *count)
{
	static const char spaces[16] = "                ", zeros[16] = "0000000000000000";
	const char *run = c == '0' ? zeros : spaces;

	while (n > 0) {
		int k = n > (int)sizeof(spaces) ? (int)sizeof(spaces) : n;

		sink(ctx, run, (size_t)k);
		*count += (size_t)k;
		n -= k;
	}
}

static void fmt_emit(keel_format_sink sink, void *ctx, const char *s, size_t n, size_t *count)
{
	if (n) {
		sink(ctx, s, n);
		*count += n;
	}
}

static void fmt_string(keel_format_sink sink, void *ctx, const char *s, const struct fmt_spec *sp,
		       size_t *count)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = sp->precision >= 0 ? strnlen(s, (size_t)sp->precision) : strlen(s);
	if (!sp->left)
		fmt_pad(sink, ctx, ' ', sp->width - (int)len, count);
	fmt_emit(sink, ctx, s, len, count);
	if (sp->left)
		fmt_pad(sink, ctx, ' ', sp->width - (int)len, count);
}

static void fmt_number(keel_format_sink sink, void *ctx, uint64_t v, bool negative, unsigned base,
		       bool upper, const struct fmt_spec *sp, size_t *count)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0, zeros = 0, pad;
	const char *prefix = "";
	int prefix_len;

	while (v) {
		buf[sizeof(buf) - 1 - n++] = digits[v % base];
		v /= base;
	}
	if (sp->precision >= 0) {
		if (sp->precision > n)
			zeros = sp->precision - n;
	} else if (n == 0) {
		zeros = 1;
	}
	if (negative)
		prefix = "-";
	else if (sp->plus && base == 10)
		prefix = "+";
	else if (sp->space && base == 10)
		prefix = " ";
	else if (sp->alt && base == 16 && n)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && zeros == 0)
		prefix = "0";
	prefix_len = (int)strlen(prefix);
	pad = sp->width - n - zeros - prefix_len;
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		fmt_pad(sink, ctx, ' ', pad, count);
	fmt_emit(sink, ctx, prefix, (size_t)prefix_len, count);
	fmt_pad(sink, ctx, '0', zeros, count);
	fmt_emit(sink, ctx, buf + sizeof(buf) - n, (size_t)n, count);
	if (sp->left)
		fmt_pad(sink, ctx, ' ', pad, count);
}

enum { FMT_LEFT = 1, FMT_ZERO = 2, FMT_PLUS = 4, FMT_SPACE = 8, FMT_ALT = 16 };
static const unsigned char fmt_flags['0' + 1] = {
	['-'] = FMT_LEFT, ['0'] = FMT_ZERO, ['+'] = FMT_PLUS, [' '] = FMT_SPACE, ['#'] = FMT_ALT,
};

size_t keel_vformat(keel_format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	size_t count = 0;
	const char *p = fmt;

	while (*p) {
		struct fmt_spec sp = { .precision = -1 };
		unsigned flags = 0;
		const char *start;
		int len = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long/size */
		uint64_t uv;
		int64_t sv;

		if (*p != '%') {
			const char *q = p;

			while (*q && *q != '%')
				q++;
			fmt_emit(sink, ctx, p, (size_t)(q - p), &count);
			p = q;
			continue;
		}
		start = p++;
		for (unsigned f; (unsigned char)*p < sizeof(fmt_flags) && (f = fmt_flags[(unsigned char)*p]); p++)
			flags |= f;
		sp.left = flags & FMT_LEFT;
		sp.zero = flags & FMT_ZERO;
		sp.plus = flags & FMT_PLUS;
		sp.space = flags & FMT_SPACE;
		sp.alt = flags & FMT_ALT;
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				sp.width = sp.width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			sp.precision = 0;
			if (*p == '*') {
				sp.precision = va_arg(ap, int);
				if (sp.precision < 0)
					sp.precision = -1;
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					sp.precision = sp.precision * 10 + (*p++ - '0');
			}
		}
		for (;; p++) {
			if (*p == 'h')
				len--;
			else if (*p == 'l')
				len++;
			else if (*p == 'z' || *p == 't' || *p == 'j')
				len = 2;
			else
				break;
		}
		switch (*p) {
		case 'd':
		case 'i':
			if (len >= 1)
				sv = len == 1 ? va_arg(ap, long) : va_arg(ap, long long);
			else
				sv = va_arg(ap, int);
			if (len == -1)
				sv = (short)sv;
			else if (len <= -2)
				sv = (signed char)sv;
			uv = sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv;
			fmt_number(sink, ctx, uv, sv < 0, 10, false, &sp, &count);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (len >= 1)
				uv = len == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned long long);
			else
				uv = va_arg(ap, unsigned int);
			if (len == -1)
				uv = (unsigned short)uv;
			else if (len <= -2)
				uv = (unsigned char)uv;
			fmt_number(sink, ctx, uv, false, *p == 'u' ? 10 : *p == 'o' ? 8 : 16, *p == 'X', &sp,
				   &count);
			break;
		case 'p':
			sp.alt = true;
			fmt_number(sink, ctx, (uint64_t)(uintptr_t)va_arg(ap, void *), false, 16, false, &sp,
				   &count);
			break;
		case 's':
			fmt_string(sink, ctx, va_arg(ap, const char *), &sp, &count);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!sp.left)
				fmt_pad(sink, ctx, ' ', sp.width - 1, &count);
			fmt_emit(sink, ctx, &c, 1, &count);
			if (sp.left)
				fmt_pad(sink, ctx, ' ', sp.width - 1, &count);
			break;
		}
		case '%':
			fmt_emit(sink, ctx, "%", 1, &count);
			break;
		case '\0':
			fmt_emit(sink, ctx, start, (size_t)(p - start), &count);
			return count;
		default:
			fmt_emit(sink, ctx, start, (size_t)(p - start + 1), &count);
			break;
		}
		p++;
	}
	return count;
}

size_t keel_format(keel_format_sink sink, void *ctx, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = keel_vformat(sink, ctx, fmt, ap);
	va_end(ap);
	return n;
}

struct fmt_buf {
	char *buf;
	size_t size;
	size_t used;
};

static void fmt_buf_sink(void *ctx, const char *s, size_t n)
{
	struct fmt_buf *b = ctx;

	if (b->size && b->used < b->size - 1) {
		size_t room = b->size - 1 - b->used;
		size_t k = n < room ? n : room;

		memcpy(b->buf + b->used, s, k);
	}
	b->used += n;
}

size_t keel_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { buf, size, 0 };
	size_t n = keel_vformat(fmt_buf_sink, &b, fmt, ap);

	if (size)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}

size_t keel_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = keel_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void keel_vmessage(void (*fn)(void *ctx, const char *msg), void *ctx, const char *fmt, va_list ap)
{
	char msg[KEEL_MSG_MAX];

	if (!fn)
		return;
	keel_vsnprintf(msg, sizeof(msg), fmt, ap);
	fn(ctx, msg);
}
