# Consoles and the input event manager (kernel modules).
MODULE_SRCS += $(wildcard kernel/console/*.c)
