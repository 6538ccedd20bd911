/*
 * virtio-mmio transport (virtio 1.x section 4.2, version 2 registers): devices at fixed MMIO
 * windows, as QEMU microvm and Firecracker place them. They are found from the
 * `virtio_mmio.device=<size>@<base>:<irq>[:<id>]` words a VMM appends to the kernel command line
 * (parsed here in plain C, host-tested) and from the ACPI DSDT's LNRO0005 devices.
 */
#ifndef KEEL_DRIVERS_VIRTIO_MMIO_H
#define KEEL_DRIVERS_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_MMIO_MAX 32
#define VIRTIO_MMIO_MIN_SIZE 0x100 /* registers up to the config space */

/* One device window. */
struct virtio_mmio_loc {
	uint64_t base, size;
	uint32_t irq;    /* GSI */
	bool level;      /* level-triggered (the DSDT says; the command line: edge) */
	bool active_low;
};

/* Called for each malformed virtio_mmio.device word: the word (not NUL-terminated) and why. */
typedef void (*virtio_mmio_bad_fn)(void *ctx, const char *word, size_t len, const char *why);

/* Every virtio_mmio.device= word of `line`, in order, into out[0..max): returns how many were
 * stored. Malformed words (bad numbers or suffixes, size too small, zero or overflowing window,
 * a window overlapping an earlier one, more than max) are reported through bad (may be NULL)
 * and skipped. Sizes and bases take K/M/G suffixes; numbers are decimal or 0x hex. */
unsigned virtio_mmio_parse_cmdline(const char *line, struct virtio_mmio_loc *out, unsigned max,
				   virtio_mmio_bad_fn bad, void *ctx);

/* The LNRO0005 (virtio-mmio) devices of an AML byte stream (a DSDT or SSDT without its
 * header): windows with a Memory32Fixed and an extended interrupt, overlaps dropped. Returns how
 * many were stored in out[0..max). Plain C, bounded by len. */
unsigned virtio_mmio_scan_aml(const uint8_t *aml, size_t len, struct virtio_mmio_loc *out, unsigned max);

/* The LNRO0005 (virtio-mmio) devices of the ACPI DSDT found at boot: windows into out[0..max),
 * returns how many (0 without ACPI or DSDT). */
unsigned virtio_mmio_from_dsdt(struct virtio_mmio_loc *out, unsigned max);

#endif /* KEEL_DRIVERS_VIRTIO_MMIO_H */
