# Keel top-level Makefile.
#
# The kernel is built with $(CC) (gcc by default, `make CC=clang` for clang) into $(KBUILD);
# host tools, tests, fuzzers and benchmarks are built with $(HOST_CC) into build/host, build/fuzz
# and build/bench. Each subsystem contributes through a fragment (<dir>/*.mk) that appends to:
#   NANO_SRCS            nano_core sources (boot, paging, basic UART): `make nano` links only these
#   MODULE_SRCS          statically-registered modules linked with nano_core into keel.elf
#   HOST_TESTS           host test binaries; each prints "<suite>: N passed, N failed"
#   HOST_TOOLS           host tools built by `make` (termdump, termhost, ...)
#   FUZZ_TARGETS         libFuzzer binaries, each run for FUZZ_SECONDS by `make check`
#   BENCH_TARGETS        host benchmark binaries run by `make bench`
#   ISO_MODULES          files GRUB loads as Multiboot2 modules (ramdisks)

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
HOST_CC ?= clang
NASM ?= nasm
LD := ld
PYTHON ?= python3

ifneq ($(findstring clang,$(CC)),)
KBUILD := build/clang
else
KBUILD := build
endif

FUZZ_SECONDS ?= 10
QEMU ?= qemu-system-x86_64

.DEFAULT_GOAL := all

# ---------------------------------------------------------------- flags
KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-stack-protector \
	-fno-pic -fno-pie -mno-red-zone -mcmodel=kernel -mno-sse -mno-mmx -mno-80387 \
	-fno-omit-frame-pointer -fno-strict-aliasing -fno-asynchronous-unwind-tables -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-Ikernel/include -Ikernel/include/libc -I. -Ibuild/gen -MMD -MP
ifneq ($(findstring clang,$(CC)),)
KERNEL_CFLAGS += -mno-implicit-float
else
KERNEL_CFLAGS += -mgeneral-regs-only
endif
KERNEL_ASFLAGS := -f elf64 -g -F dwarf -w+all -w+error
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments -T linker.ld

HOST_WARN := -Wall -Wextra -Werror
HOST_INC := -Ikernel/include -I. -Itests/unit -Ibuild/gen
HOST_CFLAGS := -std=gnu11 -O1 -g $(HOST_WARN) $(HOST_INC) -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -MMD -MP
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(HOST_WARN) $(HOST_INC) -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -MMD -MP -DKEEL_ROOT='"$(CURDIR)"'
BENCH_CFLAGS := -std=gnu11 -O2 -g $(HOST_WARN) $(HOST_INC) -DNDEBUG -MMD -MP

host_objs = $(patsubst %.c,build/host/obj/%.o,$(1))
fuzz_objs = $(patsubst %.c,build/fuzz/obj/%.o,$(1))
bench_objs = $(patsubst %.c,build/bench/obj/%.o,$(1))
host_link = @echo "  LINK    $@"; $(HOST_CC) $(HOST_CFLAGS) -o $@ $(filter %.o,$^) $(HOST_LDLIBS_$(notdir $@))
fuzz_link = @echo "  LINK    $@"; $(HOST_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(HOST_LDLIBS_$(notdir $@))
bench_link = @echo "  LINK    $@"; $(HOST_CC) $(BENCH_CFLAGS) -o $@ $(filter %.o,$^) $(HOST_LDLIBS_$(notdir $@))

# The harness every host test links (check.c) and the plain-C kernel library it may test.
CHECK_SRCS := tests/unit/check.c kernel/lib/strerror.c

NANO_SRCS :=
MODULE_SRCS :=
TEST_SRCS :=
HOST_TESTS :=
HOST_TOOLS :=
FUZZ_TARGETS :=
BENCH_TARGETS :=
ISO_MODULES :=
KTEST_SUITES :=

include $(sort $(wildcard boot/*.mk kernel/*.mk kernel/*/*.mk drivers/*.mk io/*.mk io/*/*.mk term/*.mk tests/*/*.mk))

# ---------------------------------------------------------------- kernel
kobj = $(patsubst %,$(KBUILD)/obj/%.o,$(1))
NANO_OBJS := $(call kobj,$(NANO_SRCS))
MODULE_OBJS := $(call kobj,$(MODULE_SRCS))
TEST_OBJS := $(call kobj,$(TEST_SRCS))

.PHONY: all kernel nano iso run check bench deps clean debug check-unit check-fuzz check-kernel check-qemu \
	check-build tools

all: kernel tools

kernel: $(KBUILD)/keel.elf $(KBUILD)/keel-test.elf $(KBUILD)/keel-pvh.elf
nano: $(KBUILD)/keel-nano.elf
	@size=$$($(PYTHON) tools/loadsize.py $<); echo "nano_core loadable size: $$size bytes ($<)"
iso: $(KBUILD)/keel.iso
tools: $(HOST_TOOLS)

$(KBUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(KBUILD)/obj/%.asm.o: %.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(KERNEL_ASFLAGS) -MD $(@:.o=.d) -o $@ $<

# Two-pass link: the first pass gives the text symbols, which become a sorted table (.ksyms,
# placed after all code so code addresses do not move) used to symbolize panic backtraces.
define link_kernel
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(LD) $(KERNEL_LDFLAGS) -o $@.pass1 $(1) $(KBUILD)/obj/ksyms_empty.o
	@$(PYTHON) tools/mksyms.py $@.pass1 > $@.ksyms.S
	@$(CC) $(filter-out -MMD -MP,$(KERNEL_CFLAGS)) -c -o $@.ksyms.o $@.ksyms.S
	@$(LD) $(KERNEL_LDFLAGS) -o $@ $(1) $@.ksyms.o
	@$(PYTHON) tools/mksyms.py --verify $@.pass1 $@
endef

$(KBUILD)/obj/ksyms_empty.o: tools/ksyms_empty.S
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(KERNEL_CFLAGS)) -c -o $@ $<

$(KBUILD)/keel.elf: $(NANO_OBJS) $(MODULE_OBJS) $(KBUILD)/obj/ksyms_empty.o linker.ld tools/mksyms.py
	$(call link_kernel,$(NANO_OBJS) $(MODULE_OBJS))

# The test image: the same kernel plus the in-kernel tests, the ktest command and the in-kernel
# benchmark. The ktest and kbench suites boot it; the production keel.elf carries none of them.
$(KBUILD)/keel-test.elf: $(NANO_OBJS) $(MODULE_OBJS) $(TEST_OBJS) $(KBUILD)/obj/ksyms_empty.o linker.ld tools/mksyms.py
	$(call link_kernel,$(NANO_OBJS) $(MODULE_OBJS) $(TEST_OBJS))

# The same kernel without the Multiboot1 header: QEMU's -kernel then takes the PVH ELF note.
PVH_OBJS := $(filter-out $(KBUILD)/obj/boot/header.asm.o,$(NANO_OBJS)) $(KBUILD)/obj/boot/header_pvh.asm.o
$(KBUILD)/obj/boot/header_pvh.asm.o: boot/header.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $< (no Multiboot1 header)"
	@$(NASM) $(KERNEL_ASFLAGS) -DKEEL_NO_MB1 -MD $(@:.o=.d) -MT $@ -o $@ $<

$(KBUILD)/keel-pvh.elf: $(PVH_OBJS) $(MODULE_OBJS) $(KBUILD)/obj/ksyms_empty.o linker.ld tools/mksyms.py
	$(call link_kernel,$(PVH_OBJS) $(MODULE_OBJS))

$(KBUILD)/keel-nano.elf: $(NANO_OBJS) $(KBUILD)/obj/ksyms_empty.o linker.ld tools/mksyms.py
	$(call link_kernel,$(NANO_OBJS))

$(KBUILD)/keel.iso: $(KBUILD)/keel.elf boot/grub.cfg $(ISO_MODULES) tools/mkiso.sh
	sh tools/mkiso.sh $@ $(KBUILD)/keel.elf boot/grub.cfg $(ISO_MODULES)

$(KBUILD)/keel-nano.iso: $(KBUILD)/keel-nano.elf boot/grub.cfg tools/mkiso.sh
	sh tools/mkiso.sh $@ $(KBUILD)/keel-nano.elf boot/grub.cfg

# ---------------------------------------------------------------- host builds
build/host/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(HOST_CFLAGS) -c -o $@ $<

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(HOST_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/bench/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  BENCHCC $<"
	@$(HOST_CC) $(BENCH_CFLAGS) -c -o $@ $<

# ---------------------------------------------------------------- user commands
deps:
	@sh tools/deps.sh

# `make run UEFI=1` boots the ISO with OVMF (a fresh copy of its variables each run).
ifeq ($(UEFI),1)
RUN_FIRMWARE = -M q35 -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
	-drive if=pflash,format=raw,file=$(KBUILD)/ovmf-vars.fd
else
RUN_FIRMWARE = -M pc
endif

run: deps
	@$(MAKE) --no-print-directory iso
	@if [ "$(UEFI)" = 1 ]; then cp /usr/share/OVMF/OVMF_VARS_4M.fd $(KBUILD)/ovmf-vars.fd; fi
	$(QEMU) $(RUN_FIRMWARE) -m 256M -nographic -cdrom $(KBUILD)/keel.iso \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 $(QEMU_EXTRA)

debug: deps
	@$(MAKE) --no-print-directory iso
	$(QEMU) -M pc -m 256M -nographic -no-reboot -cdrom $(KBUILD)/keel.iso -s -S \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 & \
	gdb -q $(KBUILD)/keel.elf -ex 'target remote :1234'

# `make check`: everything, each suite ending with "N passed, N failed"; non-zero on any failure.
check: deps
	@$(PYTHON) tools/check.py

check-build:
	$(MAKE) --no-print-directory all iso nano $(KBUILD)/keel-nano.iso
	$(MAKE) --no-print-directory CC=clang kernel nano

check-unit: $(HOST_TESTS)
	@sh tools/run-suites.sh $(HOST_TESTS)

check-fuzz: $(FUZZ_TARGETS)
	@sh tools/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-kernel: $(KBUILD)/keel-test.elf
	@$(PYTHON) tests/qemu/ktest.py $(KBUILD)/keel-test.elf

check-qemu: $(KBUILD)/keel.iso $(KBUILD)/keel-nano.elf $(KBUILD)/keel-nano.iso $(KBUILD)/keel-pvh.elf $(KBUILD)/keel-test.elf
	@$(PYTHON) tests/qemu/boot_test.py --build $(KBUILD)

bench: deps $(BENCH_TARGETS) $(KBUILD)/keel.elf $(KBUILD)/keel-test.elf $(KBUILD)/keel-pvh.elf
	@for b in $(BENCH_TARGETS); do echo "== $$b"; $$b || exit 1; done

clean:
	rm -rf build

-include $(shell find build -path '*/obj/*' -name '*.d' 2>/dev/null)
