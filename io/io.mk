# io/: the stateless and stateful I/O layers (plain freestanding C, kernel and host), their
# host tests, fuzz target and benchmark.

IO_SRCS := io/blocks.c io/mem_dev.c io/byte_view.c io/lockable.c io/stream.c
MODULE_SRCS += $(IO_SRCS)

# Test support shared by the io/ tests, the fuzzer and the benchmark.
IO_TEST_SRCS := tests/unit/io_testdev.c
IO_MODEL_SRCS := $(IO_TEST_SRCS) tests/unit/io_model.c

HOST_TESTS += build/host/test_io_blocks build/host/test_io_dev build/host/test_io_stream \
	build/host/test_io_model

build/host/test_io_blocks: $(call host_objs,tests/unit/test_io_blocks.c $(IO_SRCS) $(CHECK_SRCS))
	$(host_link)

build/host/test_io_dev: $(call host_objs,tests/unit/test_io_dev.c $(IO_SRCS) $(IO_TEST_SRCS) \
		$(CHECK_SRCS))
	$(host_link)

build/host/test_io_stream: $(call host_objs,tests/unit/test_io_stream.c $(IO_SRCS) $(IO_TEST_SRCS) \
		$(CHECK_SRCS))
	$(host_link)
HOST_LDLIBS_test_io_dev := -lpthread

build/host/test_io_model: $(call host_objs,tests/unit/test_io_model.c $(IO_SRCS) $(IO_MODEL_SRCS) \
		$(CHECK_SRCS))
	$(host_link)

FUZZ_TARGETS += build/fuzz/fuzz_io
build/fuzz/fuzz_io: $(call fuzz_objs,tests/fuzz/fuzz_io.c $(IO_SRCS) $(IO_MODEL_SRCS) \
		tests/unit/check.c kernel/lib/strerror.c)
	@mkdir -p $(dir $@)
	$(fuzz_link)

BENCH_TARGETS += build/bench/bench_io
build/bench/bench_io: $(call bench_objs,tests/bench/bench_io.c $(IO_SRCS) tools/keel_assert_host.c)
	@mkdir -p $(dir $@)
	$(bench_link)
