/*
 * ATA PIO driver (see ata.h). Probing selects each of the four drive positions, checks for a
 * floating bus, sends IDENTIFY and tells ATA disks from ATAPI/SATA signatures; every wait has a
 * deadline, so an absent or stuck drive yields a clear error instead of a hang. Transfers run
 * in commands of at most 256 (LBA28) or 65536 (LBA48) sectors, polling each sector's DRQ; drive
 * interrupts are disabled (nIEN). A channel lock serialises the two drives sharing registers.
 * Context: task; holds the channel spinlock (interrupts off) for one command at a time.
 */
#include <keel/blockdev.h>
#include <keel/cpu.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/spinlock.h>
#include <keel/time.h>
#include <string.h>

#include "drivers/ata.h"

#define ATA_DATA 0
#define ATA_ERROR 1
#define ATA_COUNT 2
#define ATA_LBA0 3
#define ATA_LBA1 4
#define ATA_LBA2 5
#define ATA_DRIVE 6
#define ATA_STATUS 7
#define ATA_COMMAND 7

#define ATA_SR_ERR 0x01
#define ATA_SR_DRQ 0x08
#define ATA_SR_DF 0x20
#define ATA_SR_DRDY 0x40
#define ATA_SR_BSY 0x80

#define ATA_CMD_READ 0x20
#define ATA_CMD_READ_EXT 0x24
#define ATA_CMD_WRITE 0x30
#define ATA_CMD_WRITE_EXT 0x34
#define ATA_CMD_FLUSH 0xE7
#define ATA_CMD_FLUSH_EXT 0xEA
#define ATA_CMD_IDENTIFY 0xEC

#define ATA_CTRL_NIEN 0x02
#define ATA_SECTOR 512

struct ata_channel {
	uint16_t base, ctrl;
	const char *name;
	struct spinlock lock;
};

static struct ata_channel ata_channels[2] = {
	{ 0x1F0, 0x3F6, "primary", SPINLOCK_INIT("ata0") },
	{ 0x170, 0x376, "secondary", SPINLOCK_INIT("ata1") },
};
static struct ata_drive ata_drives[4];
static unsigned ata_ndrives;

unsigned ata_drive_count(void)
{
	return ata_ndrives;
}

struct ata_drive *ata_drive_get(unsigned i)
{
	return i < ata_ndrives ? &ata_drives[i] : NULL;
}

/* The 400 ns settle time after selecting a drive: four reads of the alternate status. */
static void ata_delay400(const struct ata_channel *ch)
{
	for (int i = 0; i < 4; i++)
		(void)inb(ch->ctrl);
}

/* Wait until BSY clears; then, if want_drq, until DRQ sets. Returns the status, or -ETIMEDOUT,
 * or -EIO when the drive reports an error or a device fault. */
static int ata_wait(const struct ata_channel *ch, bool want_drq, unsigned timeout_ms)
{
	uint64_t deadline = time_ns() + (uint64_t)timeout_ms * 1000000u;
	uint8_t s;

	for (;;) {
		s = inb(ch->base + ATA_STATUS);
		if (s == 0xFF)
			return -ENODEV; /* floating bus: nothing there */
		if (!(s & ATA_SR_BSY)) {
			if (s & (ATA_SR_ERR | ATA_SR_DF))
				return -EIO;
			if (!want_drq || (s & ATA_SR_DRQ))
				return s;
		}
		if (time_ns() > deadline)
			return -ETIMEDOUT;
		cpu_pause();
	}
}

static void ata_string(char *dst, const uint16_t *words, unsigned nwords)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nwords; i++) {
		dst[n++] = (char)(words[i] >> 8);
		dst[n++] = (char)words[i];
	}
	dst[n] = '\0';
	while (n && (dst[n - 1] == ' ' || dst[n - 1] == '\0'))
		dst[--n] = '\0';
}

static void ata_insw(uint16_t port, uint16_t *dst)
{
	uint64_t n = ATA_SECTOR / 2;

	__asm__ volatile("rep insw" : "+D"(dst), "+c"(n) : "d"(port) : "memory");
}

static void ata_outsw(uint16_t port, const uint16_t *src)
{
	uint64_t n = ATA_SECTOR / 2;

	__asm__ volatile("rep outsw" : "+S"(src), "+c"(n) : "d"(port) : "memory");
}

/* Program the task file for a transfer of `count` sectors at `lba` and issue `cmd`. */
static void ata_issue(const struct ata_drive *d, uint64_t lba, uint32_t count, uint8_t cmd)
{
	const struct ata_channel *ch = d->ch;
	uint16_t b = ch->base;

	if (d->lba48 && (cmd == ATA_CMD_READ_EXT || cmd == ATA_CMD_WRITE_EXT)) {
		outb(b + ATA_DRIVE, (uint8_t)(0x40 | (d->slave << 4)));
		ata_delay400(ch);
		outb(b + ATA_COUNT, (uint8_t)(count >> 8));
		outb(b + ATA_LBA0, (uint8_t)(lba >> 24));
		outb(b + ATA_LBA1, (uint8_t)(lba >> 32));
		outb(b + ATA_LBA2, (uint8_t)(lba >> 40));
		outb(b + ATA_COUNT, (uint8_t)count);
		outb(b + ATA_LBA0, (uint8_t)lba);
		outb(b + ATA_LBA1, (uint8_t)(lba >> 8));
		outb(b + ATA_LBA2, (uint8_t)(lba >> 16));
	} else {
		outb(b + ATA_DRIVE, (uint8_t)(0xE0 | (d->slave << 4) | ((lba >> 24) & 0x0F)));
		ata_delay400(ch);
		outb(b + ATA_COUNT, (uint8_t)count); /* 256 is sent as 0 */
		outb(b + ATA_LBA0, (uint8_t)lba);
		outb(b + ATA_LBA1, (uint8_t)(lba >> 8));
		outb(b + ATA_LBA2, (uint8_t)(lba >> 16));
	}
	outb(b + ATA_COMMAND, cmd);
}

static int ata_report(const struct ata_drive *d, const char *what, uint64_t lba, int err)
{
	pr_err("ata", "%s %s: %s at LBA %llu failed: %s (status 0x%02x error 0x%02x)", d->ch->name,
	       d->slave ? "slave" : "master", what, (unsigned long long)lba, keel_strerror(err),
	       inb(d->ch->base + ATA_STATUS), inb(d->ch->base + ATA_ERROR));
	return err;
}

/* One command: count <= 256 (LBA28) or <= 65536 (LBA48) sectors. */
static int ata_xfer_one(struct ata_drive *d, uint64_t lba, uint32_t count, void *buf, bool write)
{
	bool ext = lba + count > (1ull << 28) || count > 256;
	uint8_t cmd = write ? (ext ? ATA_CMD_WRITE_EXT : ATA_CMD_WRITE) : (ext ? ATA_CMD_READ_EXT : ATA_CMD_READ);
	uint16_t *p = buf;
	uint64_t flags;
	int ret = 0;

	if (ext && !d->lba48)
		return -ENXIO;
	flags = spin_lock_irqsave(&d->ch->lock);
	ata_issue(d, lba, count, cmd);
	for (uint32_t s = 0; s < count; s++) {
		ret = ata_wait(d->ch, true, ATA_TIMEOUT_MS);
		if (ret < 0) {
			ata_report(d, write ? "write" : "read", lba + s, ret);
			break;
		}
		ret = 0;
		if (write)
			ata_outsw(d->ch->base + ATA_DATA, p);
		else
			ata_insw(d->ch->base + ATA_DATA, p);
		p += ATA_SECTOR / 2;
	}
	if (ret == 0 && write) {
		ret = ata_wait(d->ch, false, ATA_TIMEOUT_MS);
		ret = ret < 0 ? ata_report(d, "write completion", lba, ret) : 0;
	}
	spin_unlock_irqrestore(&d->ch->lock, flags);
	return ret;
}

static int ata_xfer(struct ata_drive *d, uint64_t lba, uint64_t count, void *buf, bool write)
{
	uint32_t max = d->lba48 ? 65536 : 256;
	uint8_t *p = buf;

	if (lba >= d->sectors || count > d->sectors - lba)
		return -ENXIO;
	while (count) {
		uint32_t n = count > max ? max : (uint32_t)count;
		int ret = ata_xfer_one(d, lba, n, p, write);

		if (ret)
			return ret;
		lba += n;
		count -= n;
		p += (uint64_t)n * ATA_SECTOR;
	}
	return 0;
}

static int ata_read_blocks(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return ata_xfer(ctx, lba, count, buf, false);
}

static int ata_write_blocks(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return ata_xfer(ctx, lba, count, (void *)buf, true);
}

static int ata_flush(void *ctx)
{
	struct ata_drive *d = ctx;
	uint64_t flags = spin_lock_irqsave(&d->ch->lock);
	int ret;

	outb(d->ch->base + ATA_DRIVE, (uint8_t)(0xE0 | (d->slave << 4)));
	ata_delay400(d->ch);
	outb(d->ch->base + ATA_COMMAND, d->lba48 ? ATA_CMD_FLUSH_EXT : ATA_CMD_FLUSH);
	ret = ata_wait(d->ch, false, ATA_TIMEOUT_MS * 6);
	spin_unlock_irqrestore(&d->ch->lock, flags);
	return ret < 0 ? ata_report(d, "flush", 0, ret) : 0;
}

static uint32_t ata_block_size(void *ctx)
{
	(void)ctx;
	return ATA_SECTOR;
}

static int ata_block_count(void *ctx, uint64_t *count)
{
	*count = ((struct ata_drive *)ctx)->sectors;
	return 0;
}

static const struct io_block_ops ata_ops = {
	.read_blocks = ata_read_blocks,
	.write_blocks = ata_write_blocks,
	.flush = ata_flush,
	.block_size = ata_block_size,
	.block_count = ata_block_count,
};

/* IDENTIFY one position. 0 and the drive filled in, -ENODEV (nothing, or not an ATA disk). */
static int ata_identify(struct ata_channel *ch, bool slave, struct ata_drive *d)
{
	uint16_t id[256];
	uint8_t mid, hi;
	int ret;

	outb(ch->base + ATA_DRIVE, (uint8_t)(0xA0 | (slave << 4)));
	ata_delay400(ch);
	outb(ch->base + ATA_COUNT, 0);
	outb(ch->base + ATA_LBA0, 0);
	outb(ch->base + ATA_LBA1, 0);
	outb(ch->base + ATA_LBA2, 0);
	outb(ch->base + ATA_COMMAND, ATA_CMD_IDENTIFY);
	if (inb(ch->base + ATA_STATUS) == 0)
		return -ENODEV;
	ret = ata_wait(ch, false, ATA_PROBE_TIMEOUT_MS);
	mid = inb(ch->base + ATA_LBA1);
	hi = inb(ch->base + ATA_LBA2);
	if (mid || hi) {
		pr_info("ata", "%s %s: %s device (not an ATA disk); skipped", ch->name, slave ? "slave" : "master",
			(mid == 0x14 && hi == 0xEB) ? "ATAPI" : (mid == 0x3C && hi == 0xC3) ? "SATA" : "unknown");
		return -ENODEV;
	}
	if (ret == -EIO || ret == -ENODEV)
		return -ENODEV;
	if (ret == -ETIMEDOUT) {
		pr_warn("ata", "%s %s: no answer to IDENTIFY within %d ms; skipped", ch->name,
			slave ? "slave" : "master", ATA_PROBE_TIMEOUT_MS);
		return -ENODEV;
	}
	ret = ata_wait(ch, true, ATA_PROBE_TIMEOUT_MS);
	if (ret < 0)
		return -ENODEV;
	for (int i = 0; i < 256; i++)
		id[i] = inw(ch->base + ATA_DATA);
	if (!(id[49] & (1u << 9))) {
		pr_warn("ata", "%s %s: drive has no LBA support; skipped", ch->name, slave ? "slave" : "master");
		return -ENODEV;
	}
	memset(d, 0, sizeof(*d));
	d->ch = ch;
	d->slave = slave;
	d->lba48 = (id[83] & (1u << 10)) != 0;
	d->sectors = d->lba48 ? ((uint64_t)id[100] | (uint64_t)id[101] << 16 | (uint64_t)id[102] << 32 |
				 (uint64_t)id[103] << 48)
			      : ((uint64_t)id[60] | (uint64_t)id[61] << 16);
	if (d->sectors == 0)
		return -ENODEV;
	ata_string(d->model, &id[27], 20);
	ata_string(d->serial, &id[10], 10);
	d->blk = (struct io_block_dev){ &ata_ops, d };
	return 0;
}

static int ata_init(void)
{
	for (int c = 0; c < 2; c++) {
		struct ata_channel *ch = &ata_channels[c];

		if (inb(ch->base + ATA_STATUS) == 0xFF) {
			pr_info("ata", "%s channel: floating bus, no drives", ch->name);
			continue;
		}
		outb(ch->ctrl, ATA_CTRL_NIEN);
		for (int s = 0; s < 2; s++) {
			struct ata_drive *d = &ata_drives[ata_ndrives];
			char desc[BLOCKDEV_DESC_MAX];

			if (ata_identify(ch, s, d) != 0)
				continue;
			keel_snprintf(desc, sizeof(desc), "ATA %s %s, %s, LBA%s", ch->name, s ? "slave" : "master",
				      d->model, d->lba48 ? "48" : "28");
			ata_ndrives++;
			blockdev_register("ata", &d->blk, desc);
		}
	}
	return ata_ndrives ? 0 : -ENODEV;
}

MODULE_INIT_DEFERRED(ata, DRIVER, ata_init); /* after boot complete, before the volumes */
