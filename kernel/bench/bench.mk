# The in-kernel benchmark (keel.bench) and its QEMU driver, run by `make bench`.
TEST_SRCS += $(wildcard kernel/bench/*.c)
BENCH_TARGETS += tests/qemu/kbench.py
