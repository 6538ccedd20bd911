; Interrupt entry stubs: one per vector. Each pushes a dummy error code where the CPU does not
; push one, then the vector number, saves every general-purpose register and calls
; interrupt_dispatch(frame). The frame layout is struct interrupt_frame (keel/interrupt.h).
; The CPU aligns RSP to 16 bytes before pushing its frame, and 22 quadwords keep that alignment
; for the call.

bits 64
extern interrupt_dispatch
global isr_stub_table

section .text

isr_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	call interrupt_dispatch
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16
	iretq

%macro ISR 1
isr_%1:
%if %1 = 8 || (%1 >= 10 && %1 <= 14) || %1 = 17 || %1 = 21 || %1 = 29 || %1 = 30
%else
	push 0
%endif
	push %1
	jmp isr_common
%endmacro

%assign i 0
%rep 256
ISR %[i]
%assign i i + 1
%endrep

section .rodata
align 8
isr_stub_table:
%assign i 0
%rep 256
	dq isr_%[i]
%assign i i + 1
%endrep
