; Context switch and the first entry of a new task. switch_context saves the callee-saved
; registers on the current stack, stores the stack pointer through rdi and resumes the other
; task from rsi, which was saved the same way (or built by task_spawn for a new task: six zeroed
; registers with the task pointer in r12, then task_entry_trampoline as the return address).
; Interrupts are off across every switch; each side restores its own interrupt flag.

bits 64
global switch_context
global task_entry_trampoline
extern task_start

section .text

; void switch_context(uint64_t *save_rsp, uint64_t load_rsp)
switch_context:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

task_entry_trampoline:
	mov rdi, r12
	and rsp, -16
	call task_start
	ud2
