# The IRQ layer and deferred interrupt tasks.
MODULE_SRCS += $(wildcard kernel/irq/*.c)
