# Drivers outside nano_core (modules): interrupt controller and timer.
MODULE_SRCS += drivers/pic8259.c drivers/pit.c
