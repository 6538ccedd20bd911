# Kernel modules outside nano_core (kernel/*.c). The in-kernel tests (tests/kernel/*.c) and the
# in-kernel benchmark are linked only into the test image, build/keel-test.elf (TEST_SRCS).
MODULE_SRCS += $(wildcard kernel/*.c)
TEST_SRCS += $(wildcard tests/kernel/*.c)
