/*
 * The block device registry (keel/blockdev.h): a fixed table filled by drivers at boot and read
 * by anyone. Registration takes a spinlock; readers see an entry only after it is complete
 * (the count is published with release ordering).
 */
#include <keel/blockdev.h>
#include <keel/errno.h>
#include <keel/format.h>
#include <keel/log.h>
#include <keel/spinlock.h>
#include <stdbool.h>
#include <string.h>

static struct blockdev blockdevs[BLOCKDEV_MAX];
static unsigned blockdev_n;
static struct spinlock blockdev_lock = SPINLOCK_INIT("blockdev");

/* Publish `name` as it is, or numbered "<name><n>" (n: the entries already under that prefix). */
static int blockdev_add(const char *name, bool numbered, struct io_block_dev *dev, const char *desc)
{
	uint64_t flags, blocks = 0;
	unsigned n = 0;
	size_t plen = strlen(name);
	struct blockdev *b;
	int idx;

	if (!dev || plen == 0 || plen > (numbered ? 8 : BLOCKDEV_NAME_MAX - 1))
		return -EINVAL;
	flags = spin_lock_irqsave(&blockdev_lock);
	if (blockdev_n >= BLOCKDEV_MAX) {
		spin_unlock_irqrestore(&blockdev_lock, flags);
		return -ENOSPC;
	}
	for (unsigned i = 0; i < blockdev_n; i++) {
		if (numbered && strncmp(blockdevs[i].name, name, plen) == 0)
			n++;
		if (!numbered && strcmp(blockdevs[i].name, name) == 0) {
			spin_unlock_irqrestore(&blockdev_lock, flags);
			return -EEXIST;
		}
	}
	idx = (int)blockdev_n;
	b = &blockdevs[idx];
	if (numbered)
		keel_snprintf(b->name, sizeof(b->name), "%s%u", name, n);
	else
		keel_snprintf(b->name, sizeof(b->name), "%s", name);
	keel_snprintf(b->desc, sizeof(b->desc), "%s", desc);
	b->dev = dev;
	__atomic_store_n(&blockdev_n, blockdev_n + 1, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&blockdev_lock, flags);
	io_block_count(dev, &blocks);
	pr_info("blk", "%s: %s, %llu blocks of %u bytes", b->name, b->desc, (unsigned long long)blocks,
		io_block_size(dev));
	return idx;
}

int blockdev_register(const char *prefix, struct io_block_dev *dev, const char *desc)
{
	return blockdev_add(prefix, true, dev, desc);
}

int blockdev_register_named(const char *name, struct io_block_dev *dev, const char *desc)
{
	return blockdev_add(name, false, dev, desc);
}

unsigned blockdev_count(void)
{
	return __atomic_load_n(&blockdev_n, __ATOMIC_ACQUIRE);
}

const struct blockdev *blockdev_get(unsigned i)
{
	return i < blockdev_count() ? &blockdevs[i] : NULL;
}

const struct blockdev *blockdev_find(const char *name)
{
	unsigned n = blockdev_count();

	for (unsigned i = 0; i < n; i++)
		if (strcmp(blockdevs[i].name, name) == 0)
			return &blockdevs[i];
	return NULL;
}
