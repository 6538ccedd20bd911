/*
 * The ACPI tables the platform code needs, found from the RSDP and parsed defensively into one
 * fixed-size struct acpi_info: the list of tables (with each one's checksum and length verdict),
 * the MADT (CPUs, I/O APICs, interrupt source overrides, NMI sources), the FADT (reset register,
 * PM timer, IAPC_BOOT_ARCH flags, DSDT), the HPET, MCFG and SPCR. Plain C with no kernel
 * dependencies: memory is reached through a map callback that refuses what it cannot provide, so
 * host tests and the fuzzer feed it arbitrary bytes. A bad table is reported through the warning
 * callback and skipped; the others are still used.
 */
#ifndef KEEL_ACPI_TABLES_H
#define KEEL_ACPI_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keel/bootinfo.h>

#define ACPI_TABLES_MAX 32
#define ACPI_IOAPICS_MAX 8
#define ACPI_ISOS_MAX 24
#define ACPI_NMIS_MAX 8
#define ACPI_MCFG_MAX 4
#define ACPI_TABLE_LEN_MAX (4u << 20) /* bigger than any table Keel reads; DSDTs are not read here */

/* IAPC_BOOT_ARCH (FADT) */
#define ACPI_BOOT_LEGACY_DEVICES (1u << 0)
#define ACPI_BOOT_8042 (1u << 1)
#define ACPI_BOOT_NO_VGA (1u << 2)
#define ACPI_BOOT_NO_MSI (1u << 3)
#define ACPI_BOOT_NO_CMOS_RTC (1u << 5)

/* MADT flags and ISO/NMI flags (MPS INTI flags) */
#define ACPI_MADT_PCAT_COMPAT (1u << 0)
#define ACPI_INTI_POLARITY_MASK 0x3u
#define ACPI_INTI_POLARITY_HIGH 0x1u
#define ACPI_INTI_POLARITY_LOW 0x3u
#define ACPI_INTI_TRIGGER_MASK 0xCu
#define ACPI_INTI_TRIGGER_EDGE 0x4u
#define ACPI_INTI_TRIGGER_LEVEL 0xCu

/* Generic Address Structure address spaces */
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1

struct acpi_gas {
	uint8_t space, bit_width, bit_offset, access_size;
	uint64_t address;
};

struct acpi_table_ref {
	char sig[5];
	char oem[7];
	uint8_t revision;
	bool ok;           /* header, length and checksum all check out */
	uint32_t length;   /* as the header claims */
	uint64_t phys;
	const char *problem; /* why not ok (static string), else NULL */
};

struct acpi_ioapic {
	uint8_t id;
	uint32_t addr;
	uint32_t gsi_base;
};

struct acpi_iso {
	uint8_t source; /* ISA IRQ */
	uint32_t gsi;
	uint16_t flags; /* ACPI_INTI_* */
};

struct acpi_nmi_source {
	uint32_t gsi;
	uint16_t flags;
};

struct acpi_lapic_nmi {
	uint32_t uid; /* 0xFF (or 0xFFFFFFFF for x2APIC entries): every processor */
	uint8_t lint; /* 0 or 1 */
	uint16_t flags;
};

struct acpi_mcfg_entry {
	uint64_t base;
	uint16_t segment;
	uint8_t bus_start, bus_end;
};

struct acpi_info {
	bool present; /* an RSDP and a root table that checked out */
	uint8_t rsdp_revision;
	bool xsdt;
	uint64_t root_phys;
	char oem[7];

	struct acpi_table_ref tables[ACPI_TABLES_MAX];
	unsigned table_count;
	unsigned problems;

	bool has_madt;
	bool mp_table;       /* the MADT fields below came from the MP table instead */
	bool mp_gsi_assumed; /* ... with GSI bases assumed at 24 pins per I/O APIC */
	uint64_t lapic_addr; /* the MADT's (or its override's) local APIC address */
	uint32_t madt_flags;
	unsigned cpus_enabled, cpus_disabled;
	struct acpi_ioapic ioapics[ACPI_IOAPICS_MAX];
	unsigned ioapic_count;
	struct acpi_iso isos[ACPI_ISOS_MAX];
	unsigned iso_count;
	struct acpi_nmi_source nmi_sources[ACPI_NMIS_MAX];
	unsigned nmi_source_count;
	struct acpi_lapic_nmi lapic_nmis[ACPI_NMIS_MAX];
	unsigned lapic_nmi_count;

	bool has_fadt;
	uint8_t fadt_revision;
	uint16_t boot_arch; /* IAPC_BOOT_ARCH, 0 when the FADT predates it */
	bool boot_arch_valid;
	uint32_t fadt_flags;
	bool hw_reduced;
	uint64_t dsdt_phys;
	uint16_t sci_irq;
	uint32_t smi_cmd;          /* SMI command port, 0: none */
	uint8_t acpi_enable;       /* what to write there to hand ACPI to the OS */
	uint32_t pm1a_cnt, pm1b_cnt; /* PM1 control ports, 0: none */
	uint16_t pm_timer_port; /* 0: none */
	bool pm_timer_32bit;
	bool has_reset_reg;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	bool has_sleep_ctl; /* hardware-reduced ACPI's sleep control register (ACPI 5+) */
	struct acpi_gas sleep_ctl;

	bool has_hpet;
	uint64_t hpet_addr;

	struct acpi_mcfg_entry mcfg[ACPI_MCFG_MAX];
	unsigned mcfg_count;

	bool has_spcr;
	uint8_t spcr_interface; /* 0: full 16550 */
	struct acpi_gas spcr_addr;
	uint8_t spcr_baud_code; /* 0: as left, 3: 9600, 4: 19200, 6: 57600, 7: 115200 */
	uint8_t spcr_irq;
};

/* Problems are reported as complete fragments like "MADT: entry at offset 60 overruns the table". */
typedef void (*acpi_warn_fn)(void *ctx, const char *msg);

/* Usable length of an RSDP at `p` (`avail` readable bytes): 36 for a valid ACPI 2.0+ one, 20 for
 * a valid 1.0 one (or a 2.0 one whose extended checksum fails), 0 when it is not an RSDP. */
size_t acpi_rsdp_len(const uint8_t *p, size_t avail);

/* Search the BIOS areas (the first KiB of the EBDA, then 0xF0000-0xFFFFF, then 0xE0000-0xEFFFF)
 * for an RSDP; copy it to
 * out (36 bytes) and return its usable length, or 0 when there is none. */
size_t acpi_find_rsdp_bios(bootinfo_map_fn map, void *ctx, uint8_t out[36], uint64_t *phys);

/* Parse everything reachable from the RSDP copy `rsdp` (rsdp_len 20 or 36). Always fills `out`
 * (zeroed first); returns 0, -ENOENT without a usable RSDP or root table. Never trusts a byte. */
int acpi_parse(const uint8_t *rsdp, size_t rsdp_len, bootinfo_map_fn map, acpi_warn_fn warn, void *ctx,
	       struct acpi_info *out);

/* The MP specification's table (the fallback without a MADT): fills the MADT fields of `out`
 * (CPUs, I/O APICs, ISA routes as overrides, NMIs) and sets mp_table. 0, or -ENOENT without a
 * usable table. Does not clear `out`. */
int mptable_parse(bootinfo_map_fn map, void *ctx, acpi_warn_fn warn, struct acpi_info *out);

/* The GSI and flags of ISA IRQ `irq` after the MADT's overrides (identity, edge, high if none). */
void acpi_isa_irq(const struct acpi_info *ai, unsigned irq, uint32_t *gsi, uint16_t *flags);

/* A table's reference by signature (the first one that checked out), or NULL. */
const struct acpi_table_ref *acpi_table_find(const struct acpi_info *ai, const char *sig);

/* Kernel (nano_core): the tables found at boot (an empty acpi_info when there are none), and where
 * the RSDP came from ("the boot loader", "the BIOS area", "none"). */
const struct acpi_info *acpi_info_get(void);
const char *acpi_rsdp_source(void);

#endif /* KEEL_ACPI_TABLES_H */
