# virtio (drivers/virtq.c, drivers/virtio*.c are kernel modules through drivers.mk's wildcard):
# host tests of the plain-C parts (split virtqueue, virtio-mmio command line and DSDT scan,
# virtio-console control messages), the used-ring and parser fuzz targets, and the benchmark.
VIRTQ_SIM_SRCS := drivers/virtq.c tests/unit/virtq_sim.c

HOST_TESTS += build/host/test_virtq
build/host/test_virtq: $(call host_objs,tests/unit/test_virtq.c $(VIRTQ_SIM_SRCS) $(CHECK_SRCS))
	$(host_link)

FUZZ_TARGETS += build/fuzz/fuzz_virtq
build/fuzz/fuzz_virtq: $(call fuzz_objs,tests/fuzz/fuzz_virtq.c $(VIRTQ_SIM_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(fuzz_link)

HOST_TESTS += build/host/test_virtio_mmio
build/host/test_virtio_mmio: $(call host_objs,tests/unit/test_virtio_mmio.c drivers/virtio_mmio_cmdline.c drivers/virtio_mmio_acpi.c $(CHECK_SRCS))
	$(host_link)
FUZZ_TARGETS += build/fuzz/fuzz_virtio_parse
build/fuzz/fuzz_virtio_parse: $(call fuzz_objs,tests/fuzz/fuzz_virtio_parse.c drivers/virtio_mmio_cmdline.c drivers/virtio_mmio_acpi.c \
		drivers/virtio_console_ctrl.c tools/keel_assert_host.c)
	$(fuzz_link)

HOST_TESTS += build/host/test_virtio_console
build/host/test_virtio_console: $(call host_objs,tests/unit/test_virtio_console.c drivers/virtio_console_ctrl.c $(CHECK_SRCS))
	$(host_link)

# `make bench`: virtio-blk sequential reads vs the RAM disk over the same image (test image).
BENCH_TARGETS += tests/qemu/bench_virtio.py
