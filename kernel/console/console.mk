# Consoles and the input event manager (kernel modules).
MODULE_SRCS += $(wildcard kernel/console/*.c)

HOST_TESTS += build/host/test_console_policy
build/host/test_console_policy: $(call host_objs,tests/unit/test_console_policy.c kernel/console/console_policy.c $(CHECK_SRCS))
	$(host_link)

# `make bench`: console latencies end to end under QEMU (key to prompt, Ctrl-C under a flood).
BENCH_TARGETS += tests/qemu/bench_console.py
