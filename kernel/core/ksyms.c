/*
 * Symbol lookup for backtraces. The build links the kernel twice: tools/mksyms.py turns the
 * first link's text symbols into a sorted table (.ksyms section) that the second link embeds;
 * code addresses are identical in both links (the table comes after all code). Binary search.
 */
#include <keel/panic.h>

#include <stdint.h>

struct ksym {
	uint64_t addr;
	uint32_t name; /* offset into ksyms_names */
	uint32_t size;
};

extern const struct ksym ksyms_table[];
extern const uint64_t ksyms_count;
extern const char ksyms_names[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (hi == 0 || addr < ksyms_table[0].addr)
		return 0;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksyms_table[lo].size && addr - ksyms_table[lo].addr >= ksyms_table[lo].size)
		return 0;
	*offset = addr - ksyms_table[lo].addr;
	return &ksyms_names[ksyms_table[lo].name];
}
