/*
 * RAM block and byte devices over one memory buffer (see mem_dev.h). Block transfers past the
 * block count are -ENXIO; byte transfers follow the known-length rules of io.h (short at the
 * end, -ENOSPC for a write starting at or past it).
 */
#include <string.h>

#include <io/mem_dev.h>

static int mem_blk_range(struct io_mem_dev *m, uint64_t lba, uint64_t count, size_t *off,
			 size_t *len)
{
	uint64_t nblocks = m->size / m->block_size;

	if (lba >= nblocks || count > nblocks - lba)
		return -ENXIO;
	*off = (size_t)(lba * m->block_size);
	*len = (size_t)(count * m->block_size);
	return 0;
}

static int mem_read_blocks(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct io_mem_dev *m = ctx;
	size_t off, len;
	int err = mem_blk_range(m, lba, count, &off, &len);

	if (err)
		return err;
	memcpy(buf, m->base + off, len);
	return 0;
}

static int mem_write_blocks(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	struct io_mem_dev *m = ctx;
	size_t off, len;
	int err = mem_blk_range(m, lba, count, &off, &len);

	if (err)
		return err;
	memcpy(m->base + off, buf, len);
	return 0;
}

static uint32_t mem_block_size(void *ctx)
{
	struct io_mem_dev *m = ctx;

	return m->block_size;
}

static int mem_block_count(void *ctx, uint64_t *count)
{
	struct io_mem_dev *m = ctx;

	*count = m->size / m->block_size;
	return 0;
}

static int64_t mem_read_at(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct io_mem_dev *m = ctx;

	len = io_clamp_len(off, len, m->size);
	if (len)
		memcpy(buf, m->base + off, len);
	return (int64_t)len;
}

static int64_t mem_write_at(void *ctx, uint64_t off, const void *buf, size_t len)
{
	struct io_mem_dev *m = ctx;

	if (off >= m->size)
		return -ENOSPC;
	len = io_clamp_len(off, len, m->size);
	memcpy(m->base + off, buf, len);
	return (int64_t)len;
}

static int mem_length(void *ctx, uint64_t *len)
{
	struct io_mem_dev *m = ctx;

	*len = m->size;
	return 0;
}

static const struct io_block_ops mem_block_rw_ops = {
	.read_blocks = mem_read_blocks,
	.write_blocks = mem_write_blocks,
	.block_size = mem_block_size,
	.block_count = mem_block_count,
};

static const struct io_block_ops mem_block_ro_ops = {
	.read_blocks = mem_read_blocks,
	.block_size = mem_block_size,
	.block_count = mem_block_count,
};

static const struct io_byte_ops mem_byte_rw_ops = {
	.read_at = mem_read_at,
	.write_at = mem_write_at,
	.length = mem_length,
};

static const struct io_byte_ops mem_byte_ro_ops = {
	.read_at = mem_read_at,
	.length = mem_length,
};

int io_mem_dev_init(struct io_mem_dev *m, void *base, size_t size, uint32_t block_size,
		    bool read_only)
{
	if (block_size == 0 || (!base && size))
		return -EINVAL;
	m->base = base;
	m->size = size;
	m->block_size = block_size;
	m->blk = (struct io_block_dev){ read_only ? &mem_block_ro_ops : &mem_block_rw_ops, m };
	m->byte = (struct io_byte_dev){ read_only ? &mem_byte_ro_ops : &mem_byte_rw_ops, m };
	return 0;
}
