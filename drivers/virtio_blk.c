/*
 * virtio-blk driver: each device becomes a 512-byte-block device in the registry (vda, vdb, ...)
 * behind the io/ block interface, so the volume table probes and mounts FAT on it like on ATA
 * and RAM disks. One request at a time per disk (a mutex): header, data, status byte in one
 * descriptor chain. Caller buffers are used in place: split into physically contiguous
 * segments through the paging API (within the device's seg_max / size_max), large transfers
 * into requests of at most VBLK_MAX_BYTES. Every request has a deadline; a device that does not
 * answer is reset and taken offline with a message (later requests fail at once with -EIO),
 * and a device error is reported with the sector and the device's status.
 * Context: task (or boot, before the scheduler: then completions are polled).
 */
#include <keel/blockdev.h>
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/mutex.h>
#include <string.h>

#include "drivers/virtio.h"

#define VIRTIO_BLK_F_SIZE_MAX (1ull << 1)
#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)

#define VBLK_CFG_CAPACITY 0
#define VBLK_CFG_SIZE_MAX 8
#define VBLK_CFG_SEG_MAX 12
#define VBLK_CFG_BLK_SIZE 20

#define VIRTIO_BLK_T_IN 0u
#define VIRTIO_BLK_T_OUT 1u
#define VIRTIO_BLK_T_FLUSH 4u
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u

#define VBLK_SECTOR 512u
#define VBLK_MAX_BYTES (256u * 1024u)
#define VBLK_MAX_SEGS 66u /* 256 KiB of pages, plus one for an unaligned start and end */
#define VBLK_TIMEOUT_MS 5000u
#define VBLK_FLUSH_TIMEOUT_MS 30000u
#define VBLK_QUEUE_SIZE 128u

struct vblk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(sizeof(struct vblk_hdr) == 16, "virtio-blk request header is 16 bytes");

struct vblk {
	struct io_block_dev blk;
	struct virtio_dev *dev;
	struct mutex lock;              /* one request at a time; guards hdr, status, segs */
	char name[BLOCKDEV_NAME_MAX];
	uint64_t sectors;
	uint32_t seg_max, size_max;
	bool ro, flush;
	frame_t dma;                    /* header at 0, status at 64 */
	volatile struct vblk_hdr *hdr;
	volatile uint8_t *status;
	uint64_t hdr_addr, status_addr;
	struct virtq_buf segs[VBLK_MAX_SEGS + 2];
};

static unsigned vblk_count;

/* Describe [p, p + want) as at most vb->seg_max segments; returns the bytes covered (a multiple
 * of the sector size, > 0) and the segment count in *nseg, or a negative error. */
static int64_t vblk_map(struct vblk *vb, uint8_t *p, uint64_t want, unsigned *nseg)
{
	uint64_t got = 0, keep;
	unsigned n = 0;

	while (got < want && n < vb->seg_max) {
		uint64_t a, c;

		if (virtio_dma_addr(p + got, want - got, &a, &c))
			return -EFAULT;
		if (vb->size_max && c > vb->size_max)
			c = vb->size_max;
		vb->segs[1 + n++] = (struct virtq_buf){ a, (uint32_t)c };
		got += c;
	}
	keep = got & ~(uint64_t)(VBLK_SECTOR - 1);
	if (keep == 0)
		return -EINVAL;
	while (got > keep) { /* out of segments mid-sector: end at the last whole sector */
		struct virtq_buf *last = &vb->segs[n];

		if (last->len <= got - keep) {
			got -= last->len;
			n--;
		} else {
			last->len -= (uint32_t)(got - keep);
			got = keep;
		}
	}
	*nseg = n;
	return (int64_t)got;
}

/* One request of nseg data segments (already in segs[1..]). Called with vb->lock held. */
static int vblk_request(struct vblk *vb, uint32_t type, uint64_t sector, unsigned nseg, uint64_t timeout_ms)
{
	const char *what = type == VIRTIO_BLK_T_IN ? "read" : type == VIRTIO_BLK_T_OUT ? "write" : "flush";
	char desc[64];
	uint32_t len;
	uint8_t st;
	int ret;

	mutex_assert_held(&vb->lock);
	vb->hdr->type = type;
	vb->hdr->reserved = 0;
	vb->hdr->sector = sector;
	*vb->status = 0xFF;
	vb->segs[0] = (struct virtq_buf){ vb->hdr_addr, sizeof(struct vblk_hdr) };
	vb->segs[nseg + 1] = (struct virtq_buf){ vb->status_addr, 1 };
	/* the device reads the header and a write's data, and writes a read's data and the status */
	ret = type == VIRTIO_BLK_T_IN ? virtio_submit(vb->dev, 0, vb->segs, 1, nseg + 1, vb)
				      : virtio_submit(vb->dev, 0, vb->segs, 1 + nseg, 1, vb);
	if (ret < 0)
		return ret == -ENOSPC ? -EIO : ret; /* one request at a time: the queue is never full */
	keel_snprintf(desc, sizeof(desc), "%s %s at sector %llu", vb->name, what, (unsigned long long)sector);
	ret = virtio_wait(vb->dev, 0, vb, &len, timeout_ms, desc);
	if (ret)
		return ret;
	st = *vb->status;
	if (st == VIRTIO_BLK_S_OK)
		return 0;
	pr_err("virtio-blk", "%s: device %s (status %u)", desc,
	       st == VIRTIO_BLK_S_IOERR ? "I/O error" : st == VIRTIO_BLK_S_UNSUPP ? "does not support it" : "gave no status",
	       st);
	return st == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
}

static int vblk_xfer(struct vblk *vb, uint64_t lba, uint64_t count, uint8_t *p, bool write)
{
	uint64_t bytes;
	int ret = 0;

	if (lba >= vb->sectors || count > vb->sectors - lba)
		return -ENXIO;
	if (count > UINT64_MAX / VBLK_SECTOR)
		return -ENXIO;
	bytes = count * VBLK_SECTOR;
	mutex_lock(&vb->lock);
	while (bytes) {
		unsigned nseg;
		int64_t n = vblk_map(vb, p, bytes < VBLK_MAX_BYTES ? bytes : VBLK_MAX_BYTES, &nseg);

		if (n < 0) {
			ret = (int)n;
			break;
		}
		ret = vblk_request(vb, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, lba, nseg, VBLK_TIMEOUT_MS);
		if (ret)
			break;
		lba += (uint64_t)n / VBLK_SECTOR;
		p += n;
		bytes -= (uint64_t)n;
	}
	mutex_unlock(&vb->lock);
	return ret;
}

static int vblk_read_blocks(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return vblk_xfer(ctx, lba, count, buf, false);
}

static int vblk_write_blocks(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return vblk_xfer(ctx, lba, count, (void *)buf, true);
}

static int vblk_flush(void *ctx)
{
	struct vblk *vb = ctx;
	int ret;

	if (!vb->flush)
		return 0; /* without VIRTIO_BLK_F_FLUSH the device writes through */
	mutex_lock(&vb->lock);
	ret = vblk_request(vb, VIRTIO_BLK_T_FLUSH, 0, 0, VBLK_FLUSH_TIMEOUT_MS);
	mutex_unlock(&vb->lock);
	return ret;
}

static uint32_t vblk_block_size(void *ctx)
{
	(void)ctx;
	return VBLK_SECTOR;
}

static int vblk_block_count(void *ctx, uint64_t *count)
{
	*count = ((struct vblk *)ctx)->sectors;
	return 0;
}

static const struct io_block_ops vblk_ops = {
	.read_blocks = vblk_read_blocks,
	.write_blocks = vblk_write_blocks,
	.flush = vblk_flush,
	.block_size = vblk_block_size,
	.block_count = vblk_block_count,
};

static const struct io_block_ops vblk_ro_ops = {
	.read_blocks = vblk_read_blocks,
	.block_size = vblk_block_size,
	.block_count = vblk_block_count,
};

static int vblk_probe(struct virtio_dev *d)
{
	struct vblk *vb;
	uint64_t features;
	frame_range_t fr;
	char desc[BLOCKDEV_DESC_MAX];
	uint32_t qmax;
	int ret;

	ret = virtio_negotiate(d, VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO |
				      VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH, &features);
	if (ret)
		return ret;
	vb = kzalloc(sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	ret = frames_alloc(1, &fr);
	if (ret)
		goto free_vb;
	vb->dma = fr.start;
	vb->hdr = phys_ptr(frame_start(fr.start));
	vb->status = (volatile uint8_t *)vb->hdr + 64;
	vb->hdr_addr = frame_start(fr.start).value;
	vb->status_addr = vb->hdr_addr + 64;
	vb->dev = d;
	d->driver = vb;
	mutex_init(&vb->lock, "virtio-blk");
	virtio_read_config(d, VBLK_CFG_CAPACITY, &vb->sectors, sizeof(vb->sectors));
	vb->ro = (features & VIRTIO_BLK_F_RO) != 0;
	vb->flush = (features & VIRTIO_BLK_F_FLUSH) != 0;
	ret = virtio_queue_setup(d, 0, VBLK_QUEUE_SIZE, NULL);
	if (ret)
		goto free_frame;
	qmax = d->queues[0].vq.size;
	vb->seg_max = VBLK_MAX_SEGS;
	if (qmax - 2 < vb->seg_max)
		vb->seg_max = qmax - 2;
	if (features & VIRTIO_BLK_F_SEG_MAX) {
		uint32_t sm;

		virtio_read_config(d, VBLK_CFG_SEG_MAX, &sm, sizeof(sm));
		if (sm && sm < vb->seg_max)
			vb->seg_max = sm;
	}
	if (features & VIRTIO_BLK_F_SIZE_MAX) {
		virtio_read_config(d, VBLK_CFG_SIZE_MAX, &vb->size_max, sizeof(vb->size_max));
		if (vb->size_max && vb->size_max < VBLK_SECTOR)
			vb->size_max = VBLK_SECTOR;
	}
	if (vb->seg_max < 2) {
		pr_err("virtio-blk", "%s: %u descriptors per request is too few", d->name, vb->seg_max);
		ret = -ENODEV;
		goto free_frame;
	}
	if (vb->sectors == 0) {
		pr_warn("virtio-blk", "%s: empty disk (capacity 0); skipped", d->name);
		ret = -ENODEV;
		goto free_frame;
	}
	virtio_setup_irq(d);
	ret = virtio_driver_ok(d);
	if (ret)
		goto free_frame;
	keel_snprintf(vb->name, sizeof(vb->name), "vd%c", (char)('a' + (vblk_count < 26 ? vblk_count : 25)));
	virtio_apply_mute(d, vb->name);
	vb->blk = (struct io_block_dev){ vb->ro ? &vblk_ro_ops : &vblk_ops, vb };
	keel_snprintf(desc, sizeof(desc), "virtio-blk %s%s%s, IRQ %s", d->name, vb->ro ? ", read-only" : "",
		      vb->flush ? ", flush" : "", d->irq >= 0 ? "yes" : "none (polled)");
	ret = blockdev_register_named(vb->name, &vb->blk, desc);
	if (ret < 0)
		goto free_frame; /* the device keeps running with nobody to submit to it */
	vblk_count++;
	return 0;

free_frame:
	virtio_fail(d, "set-up failed");
	frames_free((frame_range_t){ vb->dma, 1 });
free_vb:
	kfree(vb);
	return ret;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.probe = vblk_probe,
};
