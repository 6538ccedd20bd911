/*
 * An independent reference for shell_regex: a small backtracking matcher that reads the pattern
 * text directly (no compilation, exponential in the worst case: short inputs only). The unit test
 * and the fuzzer check shell_re_match against it.
 */
#ifndef KEEL_TESTS_REGEX_REF_H
#define KEEL_TESTS_REGEX_REF_H

#include <stdbool.h>
#include <stddef.h>

/* 1 match, 0 no match, -1 the pattern is invalid (unterminated [, trailing backslash, bad range). */
int regex_ref_match(const char *pat, size_t plen, const char *text, size_t tlen, bool icase, bool fixed);

#endif /* KEEL_TESTS_REGEX_REF_H */
