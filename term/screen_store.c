/*
 * Screen storage: creation and teardown of the primary and alternate buffers, the scrollback
 * ring (lines move in without copying; a line's buffer is trimmed to its length so scrollback
 * costs about 12 bytes per written cell; when the ring is full the oldest line's buffer is
 * recycled for the new bottom line), and the cluster table holding combining marks, which is
 * garbage-collected by marking the clusters still referenced from any line when it fills up.
 */
#include "term/screen.h"

#include <string.h>

#include <keel/assert.h>

/* Every allocation of the screen goes through here: counted, and kept under the budget. */
void *term_screen_alloc(struct term_screen *s, size_t size)
{
	void *p;

	if (size == 0)
		return NULL;
	if (s->mem_budget && s->mem_used + size > s->mem_budget && !term_screen_budget_fit(s, size))
		return NULL;
	p = s->alloc->alloc(s->alloc->ctx, size);
	if (p)
		s->mem_used += size;
	return p;
}

void term_screen_free(struct term_screen *s, void *p, size_t size)
{
	if (!p)
		return;
	s->alloc->free(s->alloc->ctx, p, size);
	s->mem_used -= size;
}

void term_line_free(struct term_screen *s, struct term_line *l)
{
	term_screen_free(s, l->cells, (size_t)l->cap * sizeof(struct term_cell));
	l->cells = NULL;
	l->cap = l->len = l->flags = 0;
}

static struct term_line *alloc_lines(struct term_screen *s, int rows)
{
	struct term_line *l = term_screen_alloc(s, (size_t)rows * sizeof(*l));

	if (l)
		memset(l, 0, (size_t)rows * sizeof(*l));
	return l;
}

static void free_lines(struct term_screen *s, struct term_line *l, int rows)
{
	if (!l)
		return;
	for (int r = 0; r < rows; r++)
		term_line_free(s, &l[r]);
	term_screen_free(s, l, (size_t)rows * sizeof(*l));
}

int term_screen_init(struct term_screen *s, const struct term_alloc *a, int rows, int cols,
		     uint32_t sb_limit)
{
	memset(s, 0, sizeof(*s));
	if (rows < 1 || cols < 1 || rows > TERM_MAX_DIM || cols > TERM_MAX_DIM)
		return -22;
	s->alloc = a;
	s->rows = rows;
	s->cols = cols;
	s->sb_limit = sb_limit;
	s->pri = alloc_lines(s, rows);
	s->alt = alloc_lines(s, rows);
	s->dmg_lo = term_screen_alloc(s, (size_t)rows * sizeof(uint16_t));
	s->dmg_hi = term_screen_alloc(s, (size_t)rows * sizeof(uint16_t));
	if (!s->pri || !s->alt || !s->dmg_lo || !s->dmg_hi) {
		term_screen_destroy(s);
		return -12;
	}
	s->lines = s->pri;
	term_screen_damage_clear(s);
	term_screen_damage_all(s);
	return 0;
}

void term_screen_clear_scrollback(struct term_screen *s)
{
	for (uint32_t i = 0; i < s->sb_count; i++)
		term_line_free(s, &s->sb[(s->sb_head + i) % s->sb_cap]);
	term_screen_free(s, s->sb, (size_t)s->sb_cap * sizeof(*s->sb));
	s->sb = NULL;
	s->sb_cap = s->sb_count = s->sb_head = 0;
}

void term_screen_destroy(struct term_screen *s)
{
	if (!s->alloc)
		return;
	term_screen_clear_scrollback(s);
	free_lines(s, s->pri, s->rows);
	free_lines(s, s->alt, s->rows);
	term_screen_free(s, s->dmg_lo, (size_t)s->rows * sizeof(uint16_t));
	term_screen_free(s, s->dmg_hi, (size_t)s->rows * sizeof(uint16_t));
	term_screen_free(s, s->clusters, (size_t)s->ncluster_cap * sizeof(*s->clusters));
	term_screen_free(s, s->free_clusters, ((size_t)s->ncluster_cap + 1) * sizeof(*s->free_clusters));
	memset(s, 0, sizeof(*s));
}

const struct term_line *term_screen_sb_line(const struct term_screen *s, uint32_t i)
{
	if (i >= s->sb_count)
		return NULL;
	return &s->sb[(s->sb_head + i) % s->sb_cap];
}

/* Shrink a line's buffer to its length (scrollback lines never grow again). */
void term_line_trim(struct term_screen *s, struct term_line *l)
{
	struct term_cell *n;

	if (l->cap <= l->len + 8)
		return;
	n = NULL;
	if (l->len) {
		n = term_screen_alloc(s, (size_t)l->len * sizeof(*n));
		if (!n)
			return;                 /* keep the larger buffer */
		memcpy(n, l->cells, (size_t)l->len * sizeof(*n));
	}
	term_screen_free(s, l->cells, (size_t)l->cap * sizeof(*n));
	l->cells = n;
	l->cap = l->len;
}

/* Free clusters are indices on a stack (not a list threaded through the table), so releasing
 * the clusters of an evicted line and taking a new one read no cold table entry.
 * A line leaving the screen for good: its clusters are unreferenced now (each has one owner).
 * Which cells hold one is random in mixed text, so the scan does not branch on it: every cell's
 * index is written to the top of the free stack (which has one spare slot for that), and the
 * stack grows only by the cluster bit. */
void term_line_release_clusters(struct term_screen *s, const struct term_line *l)
{
	uint32_t *stack = s->free_clusters, n = s->nfree_clusters, before = n;

	if (s->nclusters_used == 0)
		return;
	for (int c = 0; c < l->len; c++) {
		uint32_t ch = l->cells[c].ch;
		stack[n] = ch & TERM_CH_CP_MASK;
		n += (ch & TERM_CH_CLUSTER) != 0;
	}
	ASSERT(n <= s->ncluster_cap);
	s->nfree_clusters = n;
	s->nclusters_used -= n - before;
}

/* Move *l into the scrollback; *l becomes an empty line (possibly with a recycled buffer). */
void term_screen_sb_push(struct term_screen *s, struct term_line *l)
{
	struct term_line old;

	if (s->sb_limit == 0) {
		l->len = 0;
		l->flags = 0;
		return;
	}
	term_line_trim(s, l);
	if (s->sb_count == s->sb_limit) {
		old = s->sb[s->sb_head];
		term_line_release_clusters(s, &old);
		s->sb[s->sb_head] = *l;
		s->sb_head = (s->sb_head + 1) % s->sb_cap;
		/* the next line to go is cold (a whole ring ago): fetch its cells while the screen
		 * fills another line, for the cluster scan */
		const struct term_line *next = &s->sb[s->sb_head];
		for (size_t b = 0; b < (size_t)next->len * sizeof(struct term_cell); b += 64)
			__builtin_prefetch((const char *)next->cells + b);
		*l = old;
		l->len = 0;
		l->flags = 0;
		return;
	}
	if (s->sb_count == s->sb_cap) {
		uint32_t ncap = s->sb_cap ? s->sb_cap * 2 : 64;
		struct term_line *n;
		if (ncap > s->sb_limit)
			ncap = s->sb_limit;
		n = term_screen_alloc(s, (size_t)ncap * sizeof(*n));
		if (!n) {
			s->oom = true;
			l->len = 0;
			l->flags = 0;
			return;
		}
		for (uint32_t i = 0; i < s->sb_count; i++)
			n[i] = s->sb[(s->sb_head + i) % s->sb_cap];
		term_screen_free(s, s->sb, (size_t)s->sb_cap * sizeof(*n));
		s->sb = n;
		s->sb_cap = ncap;
		s->sb_head = 0;
	}
	s->sb[(s->sb_head + s->sb_count) % s->sb_cap] = *l;
	s->sb_count++;
	memset(l, 0, sizeof(*l));
}

int term_screen_set_alt(struct term_screen *s, bool alt)
{
	if (alt == s->alt_active)
		return 0;
	s->alt_active = alt;
	s->lines = alt ? s->alt : s->pri;
	term_screen_damage_all(s);
	return 0;
}

/* ---------------------------------------------------------------- clusters */

static void mark_lines(const struct term_line *l, uint32_t n, uint8_t *bits)
{
	for (uint32_t i = 0; i < n; i++)
		for (int c = 0; c < l[i].len; c++)
			if (l[i].cells[c].ch & TERM_CH_CLUSTER) {
				uint32_t k = l[i].cells[c].ch & TERM_CH_CP_MASK;
				bits[k >> 3] |= (uint8_t)(1u << (k & 7));
			}
}

size_t term_screen_cluster_bytes(const struct term_screen *s)
{
	if (!s->ncluster_cap)
		return 0;
	return (size_t)s->ncluster_cap * sizeof(*s->clusters) + ((size_t)s->ncluster_cap + 1) * sizeof(*s->free_clusters);
}

/* Free every cluster no line refers to; returns how many are free afterwards. */
static uint32_t cluster_gc(struct term_screen *s)
{
	size_t nbytes = (s->ncluster_cap + 7) / 8;
	uint8_t *bits = term_screen_alloc(s, nbytes);
	uint32_t nfree = 0;

	if (!bits)
		return 0;
	memset(bits, 0, nbytes);
	mark_lines(s->pri, (uint32_t)s->rows, bits);
	mark_lines(s->alt, (uint32_t)s->rows, bits);
	for (uint32_t i = 0; i < s->sb_count; i++)
		mark_lines(term_screen_sb_line(s, i), 1, bits);
	for (uint32_t k = s->ncluster_cap; k-- > 0;)
		if (!(bits[k >> 3] & (1u << (k & 7))))
			s->free_clusters[nfree++] = k;          /* the lowest index on top */
	s->nfree_clusters = nfree;
	s->nclusters_used = s->ncluster_cap - nfree;
	term_screen_free(s, bits, nbytes);
	return nfree;
}

static bool cluster_grow(struct term_screen *s)
{
	uint32_t ncap = s->ncluster_cap ? s->ncluster_cap * 2 : 64, nfree;
	struct term_cluster *n;
	uint32_t *stack;

	if (ncap > TERM_CH_CP_MASK + 1)
		return false;
	n = term_screen_alloc(s, (size_t)ncap * sizeof(*n));
	stack = term_screen_alloc(s, ((size_t)ncap + 1) * sizeof(*stack));     /* + 1: see release */
	if (!n || !stack) {
		term_screen_free(s, n, (size_t)ncap * sizeof(*n));
		term_screen_free(s, stack, ((size_t)ncap + 1) * sizeof(*stack));
		return false;
	}
	nfree = s->nfree_clusters;      /* the allocations may have evicted lines */
	if (s->ncluster_cap) {
		memcpy(n, s->clusters, (size_t)s->ncluster_cap * sizeof(*n));
		memcpy(stack, s->free_clusters, (size_t)nfree * sizeof(*stack));
	}
	for (uint32_t k = ncap; k-- > s->ncluster_cap;)
		stack[nfree++] = k;
	term_screen_free(s, s->clusters, (size_t)s->ncluster_cap * sizeof(*n));
	term_screen_free(s, s->free_clusters, s->free_clusters ? ((size_t)s->ncluster_cap + 1) * sizeof(*stack) : 0);
	s->clusters = n;
	s->free_clusters = stack;
	s->nfree_clusters = nfree;
	s->ncluster_cap = ncap;
	return true;
}

static int64_t cluster_new(struct term_screen *s)
{
	uint32_t k;

	if (s->nfree_clusters == 0) {
		uint32_t nfree = s->ncluster_cap ? cluster_gc(s) : 0;
		if ((nfree == 0 || nfree < s->ncluster_cap / 2) && !cluster_grow(s) && nfree == 0)
			return -1;
	}
	k = s->free_clusters[--s->nfree_clusters];
	memset(&s->clusters[k], 0, sizeof(s->clusters[k]));
	s->nclusters_used++;
	return k;
}

bool term_screen_combine_cell(struct term_screen *s, struct term_cell *c, uint32_t mark)
{
	struct term_cluster *cl;
	int i;

	if (!(c->ch & TERM_CH_CLUSTER)) {
		int64_t k = cluster_new(s);
		if (k < 0) {
			s->oom = true;
			return false;
		}
		s->clusters[k].cp[0] = c->ch & TERM_CH_CP_MASK;
		c->ch = (c->ch & ~TERM_CH_CP_MASK) | TERM_CH_CLUSTER | (uint32_t)k;
	}
	cl = &s->clusters[c->ch & TERM_CH_CP_MASK];
	for (i = 1; i < TERM_CLUSTER_CPS && cl->cp[i]; i++)
		;
	if (i < TERM_CLUSTER_CPS)
		cl->cp[i] = mark;
	return true;
}

void term_screen_combine(struct term_screen *s, int row, int col, uint32_t mark)
{
	struct term_line *l = &s->lines[row];
	struct term_cell *c;

	if (col >= l->len)
		return;
	c = &l->cells[col];
	if ((c->ch & TERM_CH_CONT) || (c->ch & (TERM_CH_CP_MASK | TERM_CH_CLUSTER)) == 0)
		return;                 /* nothing to combine with */
	if (term_screen_combine_cell(s, c, mark))
		term_screen_damage(s, row, col, col + ((c->ch & TERM_CH_WIDE) ? 2 : 1));
}

int term_screen_chars(const struct term_screen *s, const struct term_cell *c, uint32_t *out, int max)
{
	int n = 0;

	if (c->ch & TERM_CH_CONT)
		return 0;
	if (!(c->ch & TERM_CH_CLUSTER)) {
		uint32_t cp = c->ch & TERM_CH_CP_MASK;
		if (cp == 0 || max < 1)
			return 0;
		out[0] = cp;
		return 1;
	}
	const struct term_cluster *cl = &s->clusters[c->ch & TERM_CH_CP_MASK];
	while (n < max && n < TERM_CLUSTER_CPS && cl->cp[n])
		out[n] = cl->cp[n], n++;
	return n;
}
