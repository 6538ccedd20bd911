/* An empty symbol table for the first link pass (see tools/mksyms.py). */
	.section .ksyms, "a"
	.balign 8
	.globl ksyms_count
ksyms_count:
	.quad 0
	.globl ksyms_table
ksyms_table:
	.globl ksyms_names
ksyms_names:
	.byte 0
