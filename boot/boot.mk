# nano_core: boot code, kernel/core, the kernel library and the basic UART driver.
NANO_SRCS += boot/header.asm boot/entry.asm boot/isr.asm
NANO_SRCS += $(wildcard kernel/core/*.c) kernel/lib/string.c kernel/lib/format.c kernel/lib/strerror.c
MODULE_SRCS += kernel/lib/crc32.c kernel/lib/md5.c kernel/lib/msort.c
NANO_SRCS += drivers/uart16550.c
BENCH_TARGETS += tests/qemu/bench_boot.py
