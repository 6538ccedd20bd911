/* Control case: correct use of the typed addresses MUST compile (so the failures above are
 * failures for the right reason). */
#include <keel/mm_types.h>

vaddr_t compile_ok(void);
vaddr_t compile_ok(void)
{
	return page_start(page_containing(phys_to_virt(frame_start(frame_containing(paddr(0x1000))))));
}
