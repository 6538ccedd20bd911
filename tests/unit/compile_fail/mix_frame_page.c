/* Must NOT compile: a frame where a page is expected. */
#include <keel/mm_types.h>

vaddr_t compile_fail(void);
vaddr_t compile_fail(void)
{
	return page_start(frame_containing(paddr(0x1000)));
}
