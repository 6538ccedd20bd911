/*
 * Typed address arithmetic and the frame allocator core. The allocator is checked against a
 * plain model (one byte per frame) through thousands of random allocations, frees, reservations
 * and double frees; its free count and every frame's state must match the model throughout.
 */
#include "check.h"

#include <keel/errno.h>
#include <keel/frame_alloc.h>
#include <keel/mm_types.h>
#include <stdlib.h>

TEST(typed_addresses)
{
	paddr_t p = paddr(0x12345678);
	vaddr_t v = vaddr(0xFFFFFFFF80201234ull);

	CHECK_EQ_U64(frame_containing(p).number, 0x12345);
	CHECK_EQ_U64(frame_start(frame_containing(p)).value, 0x12345000);
	CHECK_EQ_U64(paddr_page_offset(p), 0x678);
	CHECK_EQ_U64(page_start(page_containing(v)).value, 0xFFFFFFFF80201000ull);
	CHECK_EQ_U64(vaddr_page_offset(v), 0x234);
	CHECK(vaddr_canonical(v));
	CHECK(vaddr_canonical(vaddr(0x00007FFFFFFFFFFFull)));
	CHECK(!vaddr_canonical(vaddr(0x0000800000000000ull)));
	CHECK(!vaddr_canonical(vaddr(0xFFFF7FFFFFFFFFFFull)));
	CHECK(paddr_valid(paddr((1ull << 52) - 1)));
	CHECK(!paddr_valid(paddr(1ull << 52)));
	CHECK_EQ_U64(phys_to_virt(paddr(0x1000)).value, 0xFFFF800000001000ull);
	CHECK_EQ_U64(page_start(page_containing(vaddr(0x7FFFFFFFF000ull))).value, 0x7FFFFFFFF000ull);
	CHECK_EQ_U64(align_up(0x1001, 0x1000), 0x2000);
	CHECK_EQ_U64(align_up(0x1000, 0x1000), 0x1000);
	CHECK_EQ_U64(align_up(~0ull, 0x1000), ~0xFFFull); /* saturates instead of wrapping */
	CHECK_EQ_U64(align_down(0x1FFF, 0x1000), 0x1000);
}

TEST(frame_ranges)
{
	frame_range_t c = frame_range_covering(paddr(0x1800), 0x1000);
	frame_range_t i = frame_range_inside(paddr(0x1800), 0x2000);
	frame_range_t none = frame_range_inside(paddr(0x1800), 0x100);
	frame_range_t z = frame_range_covering(paddr(0x5000), 0);
	frame_range_t top = frame_range_inside(paddr(0xFFFFFFFFFFFFF000ull), 0x10000);

	CHECK_EQ_U64(c.start.number, 1);
	CHECK_EQ_U64(c.count, 2);
	CHECK_EQ_U64(i.start.number, 2);
	CHECK_EQ_U64(i.count, 1);
	CHECK_EQ_U64(none.count, 0);
	CHECK_EQ_U64(z.count, 0);
	CHECK(top.count <= 1);
	CHECK(frame_range_overlaps(c, i));
	CHECK(!frame_range_overlaps(c, (frame_range_t){ { 3 }, 5 }));
	CHECK(!frame_range_overlaps(c, z));
	CHECK(frame_range_contains(c, (frame_t){ 2 }));
	CHECK(!frame_range_contains(c, (frame_t){ 3 }));
	CHECK_EQ_U64(frame_range_intersect(c, (frame_range_t){ { 2 }, 10 }).count, 1);
	CHECK_EQ_U64(frame_range_intersect(c, (frame_range_t){ { 9 }, 10 }).count, 0);
	CHECK_EQ_U64(page_range_covering(vaddr(0xFFF), 2).count, 2);
	CHECK(page_range_contains(page_range_covering(vaddr(0x1000), 0x3000), (page_t){ 3 }));
}

#define NFRAMES 3000

static uint64_t bitmap[(NFRAMES + 63) / 64];
static uint8_t model[NFRAMES]; /* 0 free, 1 allocated, 2 reserved */

static uint64_t model_free(void)
{
	uint64_t n = 0;

	for (int i = 0; i < NFRAMES; i++)
		n += model[i] == 0;
	return n;
}

TEST(frame_alloc_basics)
{
	struct frame_alloc fa;
	frame_range_t r;

	frame_alloc_init(&fa, bitmap, NFRAMES);
	CHECK_EQ_U64(fa.free_frames, 0);
	CHECK_EQ_INT(frame_alloc_alloc(&fa, 1, 1, &r), -ENOMEM);
	frame_alloc_add_free(&fa, (frame_range_t){ { 100 }, 50 });
	frame_alloc_add_free(&fa, (frame_range_t){ { 120 }, 50 }); /* overlapping: counted once */
	CHECK_EQ_U64(fa.free_frames, 70);
	frame_alloc_reserve(&fa, (frame_range_t){ { 140 }, 5 });
	CHECK_EQ_U64(fa.free_frames, 65);
	frame_alloc_add_free(&fa, (frame_range_t){ { NFRAMES - 2 }, 100 }); /* clipped at the end */
	CHECK_EQ_U64(fa.free_frames, 67);
	CHECK_EQ_INT(frame_alloc_alloc(&fa, 0, 1, &r), -EINVAL);
	CHECK_EQ_INT(frame_alloc_alloc(&fa, 1, 3, &r), -EINVAL);
	CHECK_EQ_INT(frame_alloc_alloc(&fa, 41, 1, &r), -ENOMEM); /* 40 contiguous at most (100..139) */
	CHECK_EQ_INT(frame_alloc_alloc(&fa, 40, 1, &r), 0);
	CHECK_EQ_U64(r.start.number, 100);
	CHECK_EQ_INT(frame_alloc_alloc(&fa, 8, 8, &r), 0);
	CHECK_EQ_U64(r.start.number, 152);
	CHECK_EQ_INT(frame_alloc_free(&fa, r), 0);
	CHECK_EQ_INT(frame_alloc_free(&fa, r), -EINVAL); /* double free */
	CHECK_EQ_INT(frame_alloc_free(&fa, (frame_range_t){ { NFRAMES - 1 }, 5 }), -EINVAL);
	CHECK(frame_alloc_is_free(&fa, (frame_t){ 152 }));
	CHECK(!frame_alloc_is_free(&fa, (frame_t){ 141 }));
	CHECK(!frame_alloc_is_free(&fa, (frame_t){ NFRAMES + 5 }));
}

TEST(frame_alloc_model)
{
	struct frame_alloc fa;
	frame_range_t held[256];
	int nheld = 0;

	srand((unsigned)check_seed());
	frame_alloc_init(&fa, bitmap, NFRAMES);
	memset(model, 2, sizeof(model));
	for (int i = 0; i < 20; i++) {
		uint64_t s = (uint64_t)(rand() % NFRAMES), n = (uint64_t)(rand() % 300);

		frame_alloc_add_free(&fa, (frame_range_t){ { s }, n });
		for (uint64_t k = s; k < s + n && k < NFRAMES; k++)
			model[k] = 0;
	}
	for (int i = 0; i < 3; i++) {
		uint64_t s = (uint64_t)(rand() % NFRAMES), n = (uint64_t)(rand() % 50);

		frame_alloc_reserve(&fa, (frame_range_t){ { s }, n });
		for (uint64_t k = s; k < s + n && k < NFRAMES; k++)
			model[k] = 2;
	}
	for (int step = 0; step < 20000; step++) {
		int op = rand() % 10;

		if (op < 5 && nheld < 256) {
			uint64_t count = 1 + (uint64_t)(rand() % 16), align = 1ull << (rand() % 4);
			frame_range_t r;
			int ret = frame_alloc_alloc(&fa, count, align, &r);

			if (ret == 0) {
				CHECK(r.count == count && r.start.number % align == 0);
				for (uint64_t k = r.start.number; k < frame_range_end(r); k++) {
					if (model[k] != 0)
						check_fail(__FILE__, __LINE__, "frame %llu handed out twice", (unsigned long long)k);
					model[k] = 1;
				}
				held[nheld++] = r;
			} else {
				CHECK_EQ_INT(ret, -ENOMEM);
				/* Really no such run in the model? */
				for (uint64_t s = 0; s + count <= NFRAMES; s += align) {
					uint64_t k = 0;

					while (k < count && model[s + k] == 0)
						k++;
					if (k == count) {
						check_fail(__FILE__, __LINE__, "ENOMEM but frames %llu.. are free",
							   (unsigned long long)s);
						break;
					}
				}
			}
		} else if (op < 9 && nheld > 0) {
			int idx = rand() % nheld;

			CHECK_EQ_INT(frame_alloc_free(&fa, held[idx]), 0);
			for (uint64_t k = held[idx].start.number; k < frame_range_end(held[idx]); k++)
				model[k] = 0;
			if (rand() % 4 == 0)
				CHECK_EQ_INT(frame_alloc_free(&fa, held[idx]), -EINVAL);
			held[idx] = held[--nheld];
		}
		if (step % 1000 == 0) {
			CHECK_EQ_U64(fa.free_frames, model_free());
			for (int k = 0; k < NFRAMES; k++)
				if (frame_alloc_is_free(&fa, (frame_t){ (uint64_t)k }) != (model[k] == 0)) {
					check_fail(__FILE__, __LINE__, "frame %d state differs from the model", k);
					break;
				}
		}
	}
	CHECK_EQ_U64(fa.free_frames, model_free());
}

CHECK_MAIN("mm")
