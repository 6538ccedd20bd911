/*
 * The emulator's translation cost, for reading the boot benchmark: under QEMU's TCG a block of
 * guest code costs far more the first time it runs (it is translated) than afterwards, and the
 * boot runs mostly fresh code. Eight chains of 256 one-jump blocks, each run twice; the first run
 * less the second, per block, is what one fresh block costs on this host. Printed as
 * "kbench: tcg_fresh_block n=8 median=<ns> min=<ns> max=<ns>" (nanoseconds) by kbench_tcg().
 * On real hardware the figure is a few nanoseconds: nothing is translated.
 */
#include <keel/cpu.h>
#include <keel/log.h>
#include <keel/time.h>

#include "kernel/bench/kbench.h"

#define KB_TCG_BLOCKS 256

#define KB_TCG_CHAIN(n)                                                                                  \
	__asm__(".pushsection .text\n.globl kb_tcg_chain" #n "\n.type kb_tcg_chain" #n ", @function\n"  \
		"kb_tcg_chain" #n ":\n.rept 256\n\tjmp 1f\n1:\n.endr\n\tret\n.popsection");             \
	void kb_tcg_chain##n(void)

KB_TCG_CHAIN(0);
KB_TCG_CHAIN(1);
KB_TCG_CHAIN(2);
KB_TCG_CHAIN(3);
KB_TCG_CHAIN(4);
KB_TCG_CHAIN(5);
KB_TCG_CHAIN(6);
KB_TCG_CHAIN(7);

static void (*const kb_tcg_chains[])(void) = {
	kb_tcg_chain0, kb_tcg_chain1, kb_tcg_chain2, kb_tcg_chain3,
	kb_tcg_chain4, kb_tcg_chain5, kb_tcg_chain6, kb_tcg_chain7,
};

#define KB_TCG_RUNS (sizeof(kb_tcg_chains) / sizeof(kb_tcg_chains[0]))
_Static_assert(KB_TCG_BLOCKS == 256, "the chains above hold 256 blocks (.rept 256)");

void kbench_tcg(void)
{
	uint64_t per[KB_TCG_RUNS];

	for (unsigned i = 0; i < KB_TCG_RUNS; i++) {
		uint64_t t0 = rdtsc(), t1, t2;

		kb_tcg_chains[i]();
		t1 = rdtsc();
		kb_tcg_chains[i]();
		t2 = rdtsc();
		per[i] = time_tsc_to_ns((t1 - t0) > (t2 - t1) ? (t1 - t0) - (t2 - t1) : 0) / KB_TCG_BLOCKS;
	}
	for (unsigned i = 1; i < KB_TCG_RUNS; i++) /* insertion sort: eight values */
		for (unsigned j = i; j > 0 && per[j - 1] > per[j]; j--) {
			uint64_t v = per[j];

			per[j] = per[j - 1];
			per[j - 1] = v;
		}
	pr_info("kbench", "tcg_fresh_block n=%u median=%llu min=%llu max=%llu", (unsigned)KB_TCG_RUNS,
		(unsigned long long)per[KB_TCG_RUNS / 2], (unsigned long long)per[0],
		(unsigned long long)per[KB_TCG_RUNS - 1]);
}
