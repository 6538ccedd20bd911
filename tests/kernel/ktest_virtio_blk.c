/*
 * Explicit ktest virtio_blk_rw (run by tests/qemu/test_virtio.py with a scratch image as vda, a
 * read-only one as vdb and, optionally, an image behind QEMU's blkdebug that fails every read
 * as vdc): writes through the io/ block interface — 1 MiB in one call (four device requests), 8
 * blocks from a buffer at an odd address (segments that split mid-sector at page boundaries),
 * then flush — and reads them back into other buffers, also into a stack buffer; a range past the
 * end is -ENXIO with nothing sent; vdb refuses writes (-EROFS); vdc's device error is -EIO and a
 * logged line per request (the disk is not taken offline: the host test counts the lines). The host then checks the written bytes in the image.
 * Pattern: byte i of block b is (b * 31 + i) ^ 0x5a.
 */
#include <keel/blockdev.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/ktest.h>
#include <string.h>

#define VB_BIG_LBA 1024
#define VB_BIG_BLOCKS 2048 /* 1 MiB */
#define VB_ODD_LBA 100
#define VB_ODD_BLOCKS 8

static void vb_fill(uint8_t *p, uint64_t lba, uint64_t blocks)
{
	for (uint64_t b = 0; b < blocks; b++)
		for (unsigned i = 0; i < 512; i++)
			p[b * 512 + i] = (uint8_t)(((lba + b) * 31 + i) ^ 0x5a);
}

KTEST_EXPLICIT(virtio_blk_rw)
{
	const struct blockdev *a = blockdev_find("vda"), *ro = blockdev_find("vdb"), *bad = blockdev_find("vdc");
	uint8_t *w = kmalloc(VB_BIG_BLOCKS * 512 + 64), *r = kmalloc(VB_BIG_BLOCKS * 512 + 64);
	uint8_t stack[3 * 512];
	uint64_t count = 0;

	KT_ASSERT(a && w && r);
	KT_ASSERT(io_block_count(a->dev, &count) == 0 && count >= VB_BIG_LBA + VB_BIG_BLOCKS);
	KT_EXPECT_EQ(io_block_size(a->dev), 512);

	vb_fill(w, VB_BIG_LBA, VB_BIG_BLOCKS);
	KT_EXPECT_EQ(io_block_write(a->dev, VB_BIG_LBA, VB_BIG_BLOCKS, w), 0);
	vb_fill(w + 3, VB_ODD_LBA, VB_ODD_BLOCKS);
	KT_EXPECT_EQ(io_block_write(a->dev, VB_ODD_LBA, VB_ODD_BLOCKS, w + 3), 0);
	KT_EXPECT_EQ(io_block_flush(a->dev), 0);

	memset(r, 0, VB_BIG_BLOCKS * 512 + 64);
	KT_EXPECT_EQ(io_block_read(a->dev, VB_BIG_LBA, VB_BIG_BLOCKS, r), 0);
	vb_fill(w, VB_BIG_LBA, VB_BIG_BLOCKS);
	KT_EXPECT(memcmp(r, w, VB_BIG_BLOCKS * 512) == 0);
	KT_EXPECT_EQ(io_block_read(a->dev, VB_ODD_LBA, VB_ODD_BLOCKS, r + 5), 0);
	vb_fill(w, VB_ODD_LBA, VB_ODD_BLOCKS);
	KT_EXPECT(memcmp(r + 5, w, VB_ODD_BLOCKS * 512) == 0);
	KT_EXPECT_EQ(io_block_read(a->dev, VB_BIG_LBA + 7, 3, stack), 0);
	vb_fill(w, VB_BIG_LBA + 7, 3);
	KT_EXPECT(memcmp(stack, w, sizeof(stack)) == 0);

	KT_EXPECT_EQ(io_block_read(a->dev, count - 1, 2, r), -ENXIO);
	KT_EXPECT_EQ(io_block_write(a->dev, count, 1, r), -ENXIO);
	KT_EXPECT_EQ(io_block_read(a->dev, count - 1, 1, r), 0); /* the last block is fine */

	if (ro) {
		KT_EXPECT_EQ(io_block_write(ro->dev, 0, 1, w), -EROFS);
		KT_EXPECT_EQ(io_block_read(ro->dev, 0, 1, r), 0);
	}
	if (bad) {
		KT_EXPECT_EQ(io_block_read(bad->dev, 8, 1, r), -EIO);
		KT_EXPECT_EQ(io_block_read(bad->dev, 9, 1, r), -EIO); /* answered again: each logs its line */
	}
	kfree(w);
	kfree(r);
}
