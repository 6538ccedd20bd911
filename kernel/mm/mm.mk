# Memory services above nano_core's frames and paging: the kernel heap.
MODULE_SRCS += $(wildcard kernel/mm/*.c)
