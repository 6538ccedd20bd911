/*
 * Keel's printf-style formatting, used by the log, panic and shell, and by the shared
 * freestanding subsystems. Supports %d %i %u %x %X %o %p %s %c %% with flags '-', '0', '+', ' ',
 * '#', width and precision (also '*'), and length modifiers hh h l ll z t j. No floating point.
 * Output goes to a sink function, so nothing allocates and the panic path can use it.
 */
#ifndef KEEL_FORMAT_H
#define KEEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#include <keel/compiler.h>

/* Receives n bytes of output. */
typedef void (*keel_format_sink)(void *ctx, const char *s, size_t n);

/* Format to a sink; returns the number of bytes produced. */
size_t keel_vformat(keel_format_sink sink, void *ctx, const char *fmt, va_list ap);
size_t keel_format(keel_format_sink sink, void *ctx, const char *fmt, ...) KEEL_PRINTF(3, 4);

/* snprintf semantics: always NUL-terminates when size > 0; returns the length it wanted. */
size_t keel_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t keel_snprintf(char *buf, size_t size, const char *fmt, ...) KEEL_PRINTF(3, 4);

/* Format a message (at most KEEL_MSG_MAX - 1 bytes, clipped) and hand it to fn(ctx, msg): the
 * warning callbacks of the boot-information and ACPI parsers. Nothing happens when fn is NULL. */
#define KEEL_MSG_MAX 160
void keel_vmessage(void (*fn)(void *ctx, const char *msg), void *ctx, const char *fmt, va_list ap);

#endif /* KEEL_FORMAT_H */
