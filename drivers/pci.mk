# PCI's plain-C parts (drivers/pci_parse.c, in the kernel through drivers.mk): host tests and the
# capability-walker fuzz target.
PCI_PLAIN_SRCS := drivers/pci_parse.c
HOST_TESTS += build/host/test_pci_parse
build/host/test_pci_parse: $(call host_objs,tests/unit/test_pci_parse.c $(PCI_PLAIN_SRCS) $(CHECK_SRCS))
	$(host_link)
FUZZ_TARGETS += build/fuzz/fuzz_pci_caps
build/fuzz/fuzz_pci_caps: $(call fuzz_objs,tests/fuzz/fuzz_pci_caps.c $(PCI_PLAIN_SRCS) tools/keel_assert_host.c)
	$(fuzz_link)
