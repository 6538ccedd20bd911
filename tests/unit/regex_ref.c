/*
 * The reference matcher (regex_ref.h): recursive descent over the pattern, trying every length
 * for a starred atom, shortest first.
 */
#include "regex_ref.h"

struct ref {
	const unsigned char *p;
	size_t n;
	const unsigned char *t;
	size_t tn;
	bool icase;
};

static unsigned char ref_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static unsigned char ref_upper(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* End of the atom at i (index after it), or 0 if it is malformed. */
static size_t ref_atom_end(const struct ref *r, size_t i)
{
	size_t j;
	bool first = true;

	if (r->p[i] == '\\')
		return i + 1 < r->n ? i + 2 : 0;
	if (r->p[i] != '[')
		return i + 1;
	j = i + 1;
	if (j < r->n && r->p[j] == '^')
		j++;
	for (;;) {
		if (j >= r->n)
			return 0;
		if (r->p[j] == ']' && !first)
			return j + 1;
		if (j + 2 < r->n && r->p[j + 1] == '-' && r->p[j + 2] != ']') {
			if (r->p[j + 2] < r->p[j])
				return 0;
			j += 3;
		} else {
			j++;
		}
		first = false;
	}
}

/* Is c among the bytes the bracket at i lists (before any negation)? */
static bool ref_in_set(const struct ref *r, size_t i, unsigned char c)
{
	size_t j = i + 1;
	bool first = true;

	if (r->p[j] == '^')
		j++;
	for (;; first = false) {
		unsigned char lo, hi;

		if (r->p[j] == ']' && !first)
			return false;
		lo = hi = r->p[j];
		if (j + 2 < r->n && r->p[j + 1] == '-' && r->p[j + 2] != ']') {
			hi = r->p[j + 2];
			j += 3;
		} else {
			j++;
		}
		if (c >= lo && c <= hi)
			return true;
	}
}

static bool ref_atom_has(const struct ref *r, size_t i, unsigned char c)
{
	unsigned char a = r->p[i];

	if (a == '.')
		return true;
	if (a == '[') {
		bool in = ref_in_set(r, i, c) ||
			  (r->icase && (ref_in_set(r, i, ref_lower(c)) || ref_in_set(r, i, ref_upper(c))));

		return r->p[i + 1] == '^' ? !in : in;
	}
	if (a == '\\')
		a = r->p[i + 1];
	return r->icase ? ref_lower(a) == ref_lower(c) : a == c;
}

/* Does the pattern from atom i match the text from j (to the end if anchored there)? */
static bool ref_here(const struct ref *r, size_t i, size_t j)
{
	size_t e, k;

	if (i == r->n)
		return true;
	if (i == r->n - 1 && r->p[i] == '$')
		return j == r->tn;
	e = ref_atom_end(r, i);
	if (e < r->n && r->p[e] == '*') {
		size_t after = e;

		while (after < r->n && r->p[after] == '*')
			after++;
		for (k = j;; k++) {
			if (ref_here(r, after, k))
				return true;
			if (k == r->tn || !ref_atom_has(r, i, r->t[k]))
				return false;
		}
	}
	return j < r->tn && ref_atom_has(r, i, r->t[j]) && ref_here(r, e, j + 1);
}

int regex_ref_match(const char *pat, size_t plen, const char *text, size_t tlen, bool icase, bool fixed)
{
	struct ref r = { (const unsigned char *)pat, plen, (const unsigned char *)text, tlen, icase };
	size_t start = 0;

	if (fixed) {
		for (size_t j = 0; j + plen <= tlen; j++) {
			size_t k = 0;

			while (k < plen && (icase ? ref_lower(r.p[k]) == ref_lower(r.t[j + k]) : r.p[k] == r.t[j + k]))
				k++;
			if (k == plen)
				return 1;
		}
		return 0;
	}
	if (plen && pat[0] == '^')
		start = 1;
	for (size_t i = start; i < plen;) { /* validate */
		size_t e = ref_atom_end(&r, i);

		if (!e)
			return -1;
		i = e;
		while (i < plen && r.p[i] == '*')
			i++;
	}
	/* A '*' right at the start (after any '^') is a literal: make it an atom by skipping the star
	 * rule there. ref_here treats p[start] as an atom already; only stars after it repeat. */
	for (size_t j = 0; j <= tlen; j++) {
		if (ref_here(&r, start, j))
			return 1;
		if (start == 1)
			break;
	}
	return 0;
}
