; 32-bit Multiboot entry and the switch to long mode. Checks the loader magic (Multiboot1 or 2)
; and that the CPU has long mode (otherwise a clear message on COM1 and a halt), zeroes .bss,
; builds early page tables (identity and direct map of the first 4 GiB, kernel at -2 GiB),
; enables PAE, long mode, NX (when the CPU has it) and write protection, and jumps to the
; higher-half 64-bit entry, which calls kmain(magic, info_phys, entry_tsc). kernel/core/paging.c replaces
; these tables with the final W^X ones.

bits 32

extern __bss_start_phys
extern __bss_end_phys
extern __boot_stack_top
extern kmain

KERNEL_VMA      equ 0xFFFFFFFF80000000
MB1_BOOT_MAGIC  equ 0x2BADB002
MB2_BOOT_MAGIC  equ 0x36D76289
PVH_START_MAGIC equ 0x336EC578
COM1            equ 0x3F8

PTE_P    equ 1 << 0
PTE_W    equ 1 << 1
PTE_PS   equ 1 << 7

global _start32
global _start_pvh
global boot_pml4

section .boot.text progbits alloc exec nowrite align=16

; PVH entry (the XEN_ELFNOTE_PHYS32_ENTRY note in boot/header.asm): 32-bit protected mode, paging
; off, flat segments, no stack, EBX = physical address of struct hvm_start_info. The start info's
; magic is checked here and passed to kmain as the boot magic.
_start_pvh:
	cli
	cld
	mov esi, ebx
	rdtsc
	mov [boot_tsc], eax
	mov [boot_tsc + 4], edx
	mov edi, PVH_START_MAGIC
	cmp dword [esi], PVH_START_MAGIC
	je _start32.common
	mov ebp, msg_bad_pvh
	jmp fail32

_start32:
	cli
	cld
	mov edi, eax                    ; loader magic
	mov esi, ebx                    ; boot information (physical)
	rdtsc                           ; time zero: kernel entry (keel/time.h)
	mov [boot_tsc], eax
	mov [boot_tsc + 4], edx

.common:
	cmp edi, MB2_BOOT_MAGIC
	je .magic_ok
	cmp edi, PVH_START_MAGIC
	je .magic_ok
	cmp edi, MB1_BOOT_MAGIC
	je .magic_ok
	mov ebp, msg_bad_magic
	jmp fail32
.magic_ok:
	; Zero .bss (the stack, page tables and every zero-initialised variable live there).
	; 64 bytes per iteration (both ends are page aligned): an emulator runs this far faster than
	; rep stosd, which it steps one element at a time.
	mov edx, __bss_start_phys
	mov ecx, __bss_end_phys
	xor eax, eax
.zero_bss:
	cmp edx, ecx
	jae .bss_done
%assign i 0
%rep 16
	mov [edx + i], eax
%assign i i + 4
%endrep
	add edx, 64
	jmp .zero_bss
.bss_done:
	mov esp, __boot_stack_top - KERNEL_VMA

	; CPUID present? (EFLAGS.ID can be toggled)
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	cmp eax, ecx
	je .no_long_mode
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29               ; LM
	jz .no_long_mode
	xor ebx, ebx
	test edx, 1 << 20               ; NX
	jz .no_nx
	mov ebx, 1
.no_nx:
	mov [boot_cpu_has_nx], ebx

	; Early page tables. pd_low[0..3] map 0..4 GiB with 2 MiB pages; the PDPT that points at
	; them serves both the identity map (PML4[0]) and the direct map (PML4[256]); PML4[511]
	; -> pdpt_high[510] -> pd_low[0] maps the kernel at KERNEL_VMA.
	mov edx, pd_low - KERNEL_VMA
	xor ecx, ecx
.fill_pd:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P | PTE_W | PTE_PS
	mov [edx + ecx * 8], eax
	mov eax, ecx
	shr eax, 11                     ; high dword: (ecx * 2 MiB) >> 32
	mov [edx + ecx * 8 + 4], eax
	inc ecx
	cmp ecx, 2048
	jne .fill_pd

	mov edx, pdpt_low - KERNEL_VMA
	mov eax, pd_low - KERNEL_VMA + (PTE_P | PTE_W)
	mov [edx + 0], eax
	add eax, 4096
	mov [edx + 8], eax
	add eax, 4096
	mov [edx + 16], eax
	add eax, 4096
	mov [edx + 24], eax

	mov edx, pdpt_high - KERNEL_VMA
	mov eax, pd_low - KERNEL_VMA + (PTE_P | PTE_W)
	mov [edx + 510 * 8], eax

	mov edx, boot_pml4 - KERNEL_VMA
	mov eax, pdpt_low - KERNEL_VMA + (PTE_P | PTE_W)
	mov [edx + 0], eax
	mov [edx + 256 * 8], eax
	mov eax, pdpt_high - KERNEL_VMA + (PTE_P | PTE_W)
	mov [edx + 511 * 8], eax

	mov cr3, edx
	mov eax, cr4
	or eax, 1 << 5                  ; PAE
	mov cr4, eax
	mov ecx, 0xC0000080             ; EFER
	rdmsr
	or eax, 1 << 8                  ; LME
	cmp dword [boot_cpu_has_nx], 0
	je .no_nxe
	or eax, 1 << 11                 ; NXE
.no_nxe:
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16)   ; PG, WP
	mov cr0, eax

	lgdt [gdt64_ptr]
	jmp 0x08:long_mode_entry

.no_long_mode:
	mov ebp, msg_no_long_mode
	; fall through

; Print the NUL-terminated message at ebp on COM1 (bounded waits; an absent port is skipped)
; and halt forever.
fail32:
	mov dx, COM1 + 5
	in al, dx
	cmp al, 0xFF
	je .halt
.next_char:
	mov al, [ebp]
	test al, al
	jz .halt
	mov ecx, 100000
.wait:
	mov dx, COM1 + 5
	in al, dx
	test al, 0x20
	jnz .send
	dec ecx
	jnz .wait
.send:
	mov al, [ebp]
	mov dx, COM1
	out dx, al
	inc ebp
	jmp .next_char
.halt:
	cli
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rax, higher_half_entry
	jmp rax

section .boot.data progbits alloc noexec write align=16

msg_no_long_mode:
	db "keel: this CPU does not support x86-64 long mode; Keel needs a 64-bit CPU. Halting.", 13, 10, 0
msg_bad_magic:
	db "keel: not started by a Multiboot loader (bad magic in EAX). Halting.", 13, 10, 0
msg_bad_pvh:
	db "keel: PVH entry without a valid hvm_start_info (bad magic). Halting.", 13, 10, 0

align 8
gdt64:
	dq 0
	dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code
	dq 0x00CF92000000FFFF           ; 0x10: data
gdt64_end:
gdt64_ptr:
	dw gdt64_end - gdt64 - 1
	dd gdt64

section .text
bits 64
higher_half_entry:
	mov rsp, __boot_stack_top
	xor ebp, ebp
	mov edi, edi                    ; zero-extend the 32-bit arguments
	mov esi, esi
	mov rdx, [boot_tsc]             ; identity map still active
	call kmain
.hang:
	cli
	hlt
	jmp .hang

section .bss.pagetables nobits alloc noexec write align=4096
boot_pml4:  resb 4096
pdpt_low:   resb 4096
pdpt_high:  resb 4096
pd_low:     resb 4096 * 4

section .boot.data
align 8
boot_tsc: dq 0
boot_cpu_has_nx: dd 0
