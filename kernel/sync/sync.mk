# Synchronisation: wait queues, mutexes, channels.
MODULE_SRCS += $(wildcard kernel/sync/*.c)
