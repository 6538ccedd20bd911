/*
 * The in-kernel benchmark's parts outside kbench.c: the emulator's translation cost
 * (kbench_tcg.c). Test image only.
 */
#ifndef KEEL_KBENCH_H
#define KEEL_KBENCH_H

/* Prints "kbench: tcg_fresh_block n=8 median=<ns> min=<ns> max=<ns>": what one block of fresh guest
 * code costs the emulator (first run less second run, per block). Context: task. */
void kbench_tcg(void);

#endif /* KEEL_KBENCH_H */
