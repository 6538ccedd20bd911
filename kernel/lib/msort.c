/*
 * keel_msort() (keel/msort.h): bottom-up merge sort between the array and the scratch array,
 * runs of width 1, 2, 4, ... merged alternately into the other; a tie takes from the left run,
 * so the sort is stable. The result is copied back when it ends in the scratch array.
 */
#include <keel/msort.h>
#include <string.h>

void keel_msort(void *base, void *tmp, size_t n, size_t size, keel_cmp_fn cmp, void *ctx)
{
	char *src = base, *dst = tmp;

	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				/* the right run's element goes first only when strictly smaller */
				size_t from = cmp(src + j * size, src + i * size, ctx) < 0 ? j++ : i++;

				memcpy(dst + k++ * size, src + from * size, size);
			}
			memcpy(dst + k * size, src + i * size, (mid - i) * size);
			k += mid - i;
			memcpy(dst + k * size, src + j * size, (hi - j) * size);
		}
		char *t = src;

		src = dst;
		dst = t;
	}
	if (src != (char *)base)
		memcpy(base, src, n * size);
}
