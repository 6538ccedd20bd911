/*
 * Task stacks. Each lives in its own slot of a dedicated kernel virtual region: one unmapped
 * guard page followed by TASK_STACK_PAGES mapped pages (frames from the frame allocator, not
 * necessarily contiguous). A task that overflows its stack touches its guard page; the page
 * fault cannot push its frame there either, so the CPU raises a double fault, which runs on its
 * own IST stack and asks kstack_guard_lookup() whose guard page the stack pointer is in.
 */
#include <keel/errno.h>
#include <keel/interrupt.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/spinlock.h>

#include "kernel/sched/sched_internal.h"

#define KSTACK_REGION_BASE 0xFFFFD00000000000ull
#define KSTACK_SLOT_PAGES (TASK_STACK_PAGES + 1)
#define KSTACK_SLOT_BYTES (KSTACK_SLOT_PAGES * PAGE_SIZE)
#define KSTACK_SLOTS 1024

static struct task *kstack_owner[KSTACK_SLOTS];
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static unsigned kstack_hint;

static uintptr_t kstack_slot_base(int slot)
{
	return KSTACK_REGION_BASE + (uint64_t)slot * KSTACK_SLOT_BYTES;
}

static void kstack_unmap(uintptr_t bottom, unsigned pages)
{
	for (unsigned i = 0; i < pages; i++) {
		page_t pg = page_containing(vaddr(bottom + i * PAGE_SIZE));
		paddr_t pa;

		if (paging_translate(page_start(pg), &pa, NULL) == 0) {
			paging_unmap(pg);
			frames_free((frame_range_t){ frame_containing(pa), 1 });
		}
	}
}

int kstack_alloc(struct task *owner)
{
	uint64_t flags = spin_lock_irqsave(&kstack_lock);
	int slot = -1;
	uintptr_t bottom;

	for (unsigned n = 0; n < KSTACK_SLOTS; n++) {
		unsigned i = (kstack_hint + n) % KSTACK_SLOTS;

		if (!kstack_owner[i]) {
			slot = (int)i;
			kstack_owner[i] = owner;
			kstack_hint = i + 1;
			break;
		}
	}
	spin_unlock_irqrestore(&kstack_lock, flags);
	if (slot < 0)
		return -ENOMEM;
	bottom = kstack_slot_base(slot) + PAGE_SIZE;
	for (unsigned i = 0; i < TASK_STACK_PAGES; i++) {
		frame_range_t f = { { 0 }, 0 };

		if (frames_alloc(1, &f) ||
		    paging_map(page_containing(vaddr(bottom + i * PAGE_SIZE)), f.start, PAGE_WRITE)) {
			if (f.count)
				frames_free(f);
			kstack_unmap(bottom, i);
			flags = spin_lock_irqsave(&kstack_lock);
			kstack_owner[slot] = NULL;
			spin_unlock_irqrestore(&kstack_lock, flags);
			return -ENOMEM;
		}
	}
	owner->stack_slot = slot;
	owner->stack_bottom = bottom;
	owner->stack_top = bottom + TASK_STACK_SIZE;
	return 0;
}

/* Context: may run with interrupts off (after the task's last switch-out). */
void kstack_free(struct task *t)
{
	uint64_t flags;

	if (t->stack_slot < 0)
		return;
	kstack_unmap(t->stack_bottom, TASK_STACK_PAGES);
	flags = spin_lock_irqsave(&kstack_lock);
	kstack_owner[t->stack_slot] = NULL;
	spin_unlock_irqrestore(&kstack_lock, flags);
	t->stack_slot = -1;
}

/* Context: double fault (IST stack); reads without locks, touches nothing. */
const char *kstack_guard_lookup(uint64_t rsp)
{
	uint64_t off, slot, in_slot;
	struct task *t;

	if (rsp < KSTACK_REGION_BASE || rsp >= KSTACK_REGION_BASE + (uint64_t)KSTACK_SLOTS * KSTACK_SLOT_BYTES)
		return NULL;
	off = rsp - KSTACK_REGION_BASE;
	slot = off / KSTACK_SLOT_BYTES;
	in_slot = off % KSTACK_SLOT_BYTES;
	/* In the guard page, or within 64 bytes above it (a fault while pushing a frame). */
	if (in_slot >= PAGE_SIZE + 64)
		return NULL;
	t = kstack_owner[slot];
	return t ? t->name : "(free stack slot)";
}
