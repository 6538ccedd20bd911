# Tasks and the scheduler (with the context switch in assembly).
MODULE_SRCS += $(wildcard kernel/sched/*.c) kernel/sched/switch.asm
