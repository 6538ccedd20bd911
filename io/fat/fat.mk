# io/fat/: the FAT12/16/32 reader (plain freestanding C, kernel and host), its host tests over
# images built by mkfs.fat and mtools, fuzz target, benchmark and the ISO's demo image.

FAT_SRCS := io/fat/fat_mount.c io/fat/fat_part.c io/fat/fat_table.c io/fat/fat_name.c \
	io/fat/fat_dir.c io/fat/fat_path.c io/fat/fat_file.c
MODULE_SRCS += $(FAT_SRCS)

# Test images: built by mkfs.fat and mtools at test time, with mtools' own view of them.
FAT_IMAGES := build/fat/index
$(FAT_IMAGES): tests/fat/mkimages.py tools/mkfatdemo.sh
	@mkdir -p $(dir $@)
	@echo "  FATIMG  $(dir $@)"
	@$(PYTHON) tests/fat/mkimages.py $(dir $@)

# io/io.mk sorts after this fragment (IO_SRCS is not set yet): name the io sources we link.
FAT_IO_SRCS := io/blocks.c io/mem_dev.c io/byte_view.c io/lockable.c io/stream.c
FAT_TEST_SRCS := tests/unit/fat_testutil.c tests/unit/io_testdev.c $(FAT_SRCS) $(FAT_IO_SRCS) \
	$(CHECK_SRCS)

HOST_TESTS += build/host/test_fat_images
build/host/test_fat_images: $(call host_objs,tests/unit/test_fat_images.c $(FAT_TEST_SRCS)) | $(FAT_IMAGES)
	$(host_link)

HOST_TESTS += build/host/test_fat_corrupt
build/host/test_fat_corrupt: $(call host_objs,tests/unit/test_fat_corrupt.c $(FAT_TEST_SRCS)) | $(FAT_IMAGES)
	$(host_link)

HOST_TESTS += build/host/test_fat_names
build/host/test_fat_names: $(call host_objs,tests/unit/test_fat_names.c $(FAT_SRCS) $(FAT_IO_SRCS) $(CHECK_SRCS))
	$(host_link)

# Fuzz target; its seed corpus (small mkfs.fat/mtools images) is generated next to it. A runner
# that passes build/fuzz/corpus/<target>/ when it exists uses it directly; the target also loads
# it itself as base images for its patch-mode inputs.
FAT_CORPUS := build/fuzz/corpus/fuzz_fat/seed_fat12.img
$(FAT_CORPUS): tests/fat/mkcorpus.py
	@mkdir -p $(dir $@)
	@echo "  FATSEED $(dir $@)"
	@$(PYTHON) tests/fat/mkcorpus.py $(dir $@)

FUZZ_TARGETS += build/fuzz/fuzz_fat
build/fuzz/fuzz_fat: $(call fuzz_objs,tests/fuzz/fuzz_fat.c tools/keel_assert_host.c $(FAT_SRCS) $(FAT_IO_SRCS) \
		kernel/lib/strerror.c) | $(FAT_CORPUS)
	@mkdir -p $(dir $@)
	$(fuzz_link)

# Benchmark: sequential file reads through the whole stack vs copying from the image.
FAT_BENCH_IMG := build/bench/fat_bench.img
$(FAT_BENCH_IMG): tests/fat/mkbenchimg.py
	@mkdir -p $(dir $@)
	@echo "  FATIMG  $@"
	@$(PYTHON) tests/fat/mkbenchimg.py $@

BENCH_TARGETS += build/bench/bench_fat
build/bench/bench_fat: $(call bench_objs,tests/bench/bench_fat.c tools/keel_assert_host.c $(FAT_SRCS) $(FAT_IO_SRCS)) | $(FAT_BENCH_IMG)
	@mkdir -p $(dir $@)
	$(bench_link)

# The demo volume the ISO ships (GRUB loads every ISO_MODULES file as a Multiboot2 module).
FAT_DEMO_IMG := build/fatdemo.img
$(FAT_DEMO_IMG): tools/mkfatdemo.sh
	@mkdir -p $(dir $@)
	@sh tools/mkfatdemo.sh $@
ISO_MODULES += $(FAT_DEMO_IMG)

# fatdump: the reader on image files from the host (probe, ls, tree, cat, stat).
HOST_TOOLS += build/host/fatdump
build/host/fatdump: $(call host_objs,tools/fatdump.c tools/keel_assert_host.c $(FAT_SRCS) $(FAT_IO_SRCS) kernel/lib/strerror.c)
	$(host_link)
