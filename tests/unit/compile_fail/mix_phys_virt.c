/* Must NOT compile: a physical address where a virtual one is expected. */
#include <keel/mm_types.h>

vaddr_t compile_fail(void);
vaddr_t compile_fail(void)
{
	return paddr(0x1000);
}
