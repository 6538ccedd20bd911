/*
 * The kernel's <string.h>: the few freestanding memory and string routines Keel provides
 * (kernel/lib/string.c). Shared subsystems include <string.h> and get this header in the kernel
 * build and the C library's in host builds, so their sources need no #ifdef.
 */
#ifndef KEEL_LIBC_STRING_H
#define KEEL_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif /* KEEL_LIBC_STRING_H */
