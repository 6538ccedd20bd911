# Device drivers outside nano_core (drivers/uart16550.c is nano_core's, in boot/boot.mk).
MODULE_SRCS += $(filter-out drivers/uart16550.c,$(wildcard drivers/*.c))
