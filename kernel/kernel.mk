# Kernel modules outside nano_core (kernel/*.c) and the in-kernel tests (tests/kernel/*.c).
MODULE_SRCS += $(wildcard kernel/*.c) $(wildcard tests/kernel/*.c)
