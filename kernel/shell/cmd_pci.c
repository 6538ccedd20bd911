/*
 * lspci: the PCI functions found at boot, one line each (address, vendor:device, class in words
 * and code, revision, interrupt pin and line, the interrupt mode in use, the driver), then one
 * line per BAR (kind, address, size, prefetchable). -v adds subsystem ids, command and status
 * registers and the capability list (with the walker's verdict when the list is malformed).
 * An operand (BB:DD.F, or BB:DD for every function) shows only those functions.
 */
#include <keel/errno.h>
#include <keel/format.h>
#include <string.h>

#include "drivers/pci.h"
#include "drivers/pci_parse.h"
#include "kernel/shell/shell.h"
#include "kernel/shell/shell_parse.h"

static const char *lspci_size(uint64_t size, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	unsigned u = 0;

	if (size < 1024 || size % 1024) {
		keel_snprintf(buf, len, "%llu", (unsigned long long)size);
		return buf;
	}
	size /= 1024;
	while (size >= 1024 && !(size % 1024) && u < 3) {
		size /= 1024;
		u++;
	}
	keel_snprintf(buf, len, "%llu%c", (unsigned long long)size, units[u]);
	return buf;
}

static void lspci_bars(struct shell_ctx *sh, const struct pci_dev *d)
{
	static const char *const kinds[] = { "none", "I/O", "mem32", "mem64" };

	for (unsigned i = 0; i < PCI_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];
		char size[24];

		if (b->kind == PCI_BAR_NONE)
			continue;
		shell_printf(sh, "        BAR%u %-5s 0x%llx [size=%s]%s%s\n", i, kinds[b->kind],
			     (unsigned long long)b->base, lspci_size(b->size, size, sizeof(size)),
			     b->prefetchable ? " prefetchable" : "", b->base ? "" : " (unassigned)");
	}
}

static uint8_t lspci_read8(void *ctx, uint16_t off)
{
	return pci_read8(ctx, off);
}

struct lspci_caps {
	struct shell_ctx *sh;
	const struct pci_dev *d;
};

static void lspci_cap(void *user, uint8_t id, uint8_t off)
{
	struct lspci_caps *c = user;
	const char *name = pci_cap_name(id);

	if (name)
		shell_printf(c->sh, " %02x:%s", off, name);
	else
		shell_printf(c->sh, " %02x:id 0x%02x", off, id);
	if (id == PCI_CAP_MSIX)
		shell_printf(c->sh, "(%u)", c->d->msix_table_size);
	else if (id == PCI_CAP_VENDOR)
		shell_printf(c->sh, "(len %u)", pci_read8(c->d, (uint16_t)(off + 2)));
}

static void lspci_verbose(struct shell_ctx *sh, const struct pci_dev *d)
{
	struct pci_caps_src src = { lspci_read8, (void *)d };
	struct lspci_caps c = { sh, d };
	int n;

	if (d->header_type == PCI_HEADER_BRIDGE)
		shell_printf(sh, "        buses %02x-%02x", d->secondary_bus, d->subordinate_bus);
	else
		shell_printf(sh, "        subsystem %04x:%04x", d->subsys_vendor, d->subsys_device);
	shell_printf(sh, ", header type %u%s, command 0x%04x, status 0x%04x\n        capabilities:", d->header_type,
		     d->multifunction ? " (multifunction)" : "", pci_read16(d, PCI_COMMAND), pci_read16(d, PCI_STATUS));
	n = pci_caps_walk(&src, lspci_cap, &c);
	if (n == 0)
		shell_printf(sh, " none");
	else if (n < 0)
		shell_printf(sh, " (list ends early: %s)", keel_strerror(n));
	shell_printf(sh, "\n");
}

static void lspci_one(struct shell_ctx *sh, const struct pci_dev *d, bool verbose)
{
	char a[16];

	shell_printf(sh, "%s %04x:%04x %s [%02x%02x", pci_addr_str(d->addr, a, sizeof(a)), d->vendor, d->device,
		     pci_class_name(d->class_code, d->subclass), d->class_code, d->subclass);
	if (d->progif)
		shell_printf(sh, " progif %02x", d->progif);
	shell_printf(sh, "] rev %02x", d->revision);
	if (d->irq_pin)
		shell_printf(sh, ", INT%c line %u", 'A' + d->irq_pin - 1, d->irq_line);
	if (d->msix_cap)
		shell_printf(sh, ", MSI-X");
	else if (d->msi_cap)
		shell_printf(sh, ", MSI");
	if (d->irq_mode != PCI_IRQ_NONE)
		shell_printf(sh, ", using %s IRQ %u", pci_irq_mode_name(d->irq_mode), d->irq);
	if (d->driver)
		shell_printf(sh, ", driver %s", d->driver->name);
	shell_printf(sh, "\n");
	lspci_bars(sh, d);
	if (verbose)
		lspci_verbose(sh, d);
}

static int cmd_lspci(struct shell_ctx *sh, int argc, char **argv)
{
	struct shell_getopt g;
	struct pci_addr want = { 0, 0, 0, 0 };
	bool verbose = false, filter = false, all_fns = false;
	unsigned shown = 0;
	int opt;

	shell_getopt_init(&g);
	while ((opt = shell_getopt(&g, argc, argv, "v")) != -1) {
		if (opt != 'v')
			return shell_error(sh, -EINVAL, "%s (see 'help lspci')", g.err);
		verbose = true;
	}
	if (argc - g.ind > 1)
		return shell_usage(sh, "lspci");
	if (g.ind < argc) {
		if (pci_addr_parse(argv[g.ind], &want, &all_fns))
			return shell_error(sh, -EINVAL, "'%.40s%s' is not an address (BB:DD.F or BB:DD, hex)",
					   argv[g.ind], strlen(argv[g.ind]) > 40 ? "..." : "");
		filter = true;
	}
	for (unsigned i = 0; i < pci_count(); i++) {
		const struct pci_dev *d = pci_get(i);

		if (filter && (d->addr.segment != want.segment || d->addr.bus != want.bus || d->addr.dev != want.dev ||
			       (!all_fns && d->addr.fn != want.fn)))
			continue;
		lspci_one(sh, d, verbose);
		shown++;
	}
	if (filter && !shown)
		return shell_error(sh, -ENOENT, "no PCI function at %s", argv[g.ind]);
	if (!filter && !shown)
		shell_printf(sh, "no PCI functions\n");
	return 0;
}
SHELL_COMMAND(lspci, "lspci [-v] [BB:DD[.F]] -- PCI functions: ids, class, BARs, interrupts (-v: capabilities)", cmd_lspci);
