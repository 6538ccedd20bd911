# Host unit tests of nano_core's plain-C parts (ASan + UBSan), the compile-fail check of the
# typed addresses, and the boot-information fuzz target.
CORE_PLAIN_SRCS := kernel/core/bootinfo_common.c kernel/core/bootinfo_mb1.c kernel/core/bootinfo_mb2.c kernel/core/bootinfo_pvh.c \
	kernel/core/frame_alloc.c kernel/core/cmdline.c kernel/lib/format.c

HOST_TESTS += build/host/test_bootinfo build/host/test_mm build/host/test_format build/host/test_cmdline

build/host/test_bootinfo: $(call host_objs,tests/unit/test_bootinfo.c tests/unit/mb_builder.c $(CORE_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)
build/host/test_mm: $(call host_objs,tests/unit/test_mm.c $(CORE_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)
build/host/test_format: $(call host_objs,tests/unit/test_format.c $(CORE_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)
build/host/test_cmdline: $(call host_objs,tests/unit/test_cmdline.c $(CORE_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)

FUZZ_TARGETS += build/fuzz/fuzz_bootinfo
build/fuzz/fuzz_bootinfo: $(call fuzz_objs,tests/fuzz/fuzz_bootinfo.c $(CORE_PLAIN_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(fuzz_link)

HOST_TESTS += build/host/test_crc32
build/host/test_crc32: $(call host_objs,tests/unit/test_crc32.c kernel/lib/crc32.c $(CHECK_SRCS))
	$(host_link)

HOST_TESTS += build/host/test_acpi_s5
build/host/test_acpi_s5: $(call host_objs,tests/unit/test_acpi_s5.c kernel/acpi_s5.c $(CHECK_SRCS))
	$(host_link)

HOST_TESTS += build/host/test_md5
build/host/test_md5: $(call host_objs,tests/unit/test_md5.c kernel/lib/md5.c $(CHECK_SRCS))
	$(host_link)

# ACPI tables (nano_core's plain-C parser): host tests and a fuzz target.
ACPI_PLAIN_SRCS := kernel/core/acpi_tables.c kernel/core/acpi_parse_tables.c kernel/core/mptable.c kernel/lib/format.c
HOST_TESTS += build/host/test_acpi_tables
build/host/test_acpi_tables: $(call host_objs,tests/unit/test_acpi_tables.c $(ACPI_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)
FUZZ_TARGETS += build/fuzz/fuzz_acpi
build/fuzz/fuzz_acpi: $(call fuzz_objs,tests/fuzz/fuzz_acpi.c $(ACPI_PLAIN_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(fuzz_link)

HOST_TESTS += build/host/test_bootinfo_pvh
build/host/test_bootinfo_pvh: $(call host_objs,tests/unit/test_bootinfo_pvh.c $(CORE_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)
HOST_TESTS += build/host/test_mptable
build/host/test_mptable: $(call host_objs,tests/unit/test_mptable.c $(ACPI_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)

# The RTC calibration's fit of edge stamps (plain C).
HOST_TESTS += build/host/test_time_fit
build/host/test_time_fit: $(call host_objs,tests/unit/test_time_fit.c kernel/core/time_fit.c $(CHECK_SRCS))
	$(host_link)
