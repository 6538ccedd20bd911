/* Must NOT compile: a page range passed as a frame range. */
#include <keel/mm_types.h>

uint64_t compile_fail(void);
uint64_t compile_fail(void)
{
	return frame_range_end(page_range_covering(vaddr(0), 4096));
}
