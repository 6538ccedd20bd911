/*
 * ATA PIO driver: both legacy channels, master and slave, IDENTIFY, LBA28 and LBA48 transfers
 * with bounded waits. Each disk found is registered as a block device (ata0, ata1, ...).
 */
#ifndef KEEL_DRIVERS_ATA_H
#define KEEL_DRIVERS_ATA_H

#include <stdbool.h>
#include <stdint.h>

#include "io/io.h"

struct ata_channel;

struct ata_drive {
	struct io_block_dev blk;
	struct ata_channel *ch;
	bool slave;
	bool lba48;
	uint64_t sectors;
	char model[41];
	char serial[21];
};

/* Timeouts, in milliseconds: waiting for a command to complete, and for a drive that may not
 * exist to answer at all. */
#define ATA_TIMEOUT_MS 5000
#define ATA_PROBE_TIMEOUT_MS 200

unsigned ata_drive_count(void);
struct ata_drive *ata_drive_get(unsigned i);

#endif /* KEEL_DRIVERS_ATA_H */
