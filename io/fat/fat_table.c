/*
 * The file allocation table: a bounded cache of 4 KiB pages of the first (or active) FAT,
 * direct-mapped by page number, and the chain operations built on it. Every entry read is
 * classified: a valid next cluster, the end-of-chain mark, or an error naming what is wrong
 * (a free, reserved, bad or out-of-range cluster inside a chain). Chain walks are bounded by the
 * length the caller expects, so a looping chain ends in an error, never a hang.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

int fat_cache_init(struct fat_volume *v, uint32_t pages)
{
	uint32_t need = (v->fat_bytes + FAT_PAGE_SIZE - 1) / FAT_PAGE_SIZE;

	if (pages > need)
		pages = need;
	if (pages > FAT_MAX_PAGES)
		pages = FAT_MAX_PAGES;
	while (pages & (pages - 1))   /* a power of two: the slot is page & (npages - 1) */
		pages &= pages - 1;
	if (pages == 0)
		pages = 1;
	v->pages = v->alloc.alloc(v->alloc.ctx, pages * sizeof(*v->pages));
	if (!v->pages)
		return -ENOMEM;
	v->npages = pages;
	for (uint32_t i = 0; i < pages; i++) {
		v->pages[i].page = UINT32_MAX;
		v->pages[i].data = v->alloc.alloc(v->alloc.ctx, FAT_PAGE_SIZE);
		if (!v->pages[i].data) {
			v->npages = i;
			fat_cache_fini(v);
			return -ENOMEM;
		}
	}
	return 0;
}

void fat_cache_fini(struct fat_volume *v)
{
	if (!v->pages)
		return;
	for (uint32_t i = 0; i < v->npages; i++)
		v->alloc.free(v->alloc.ctx, v->pages[i].data, FAT_PAGE_SIZE);
	v->alloc.free(v->alloc.ctx, v->pages, v->npages * sizeof(*v->pages));
	v->pages = NULL;
	v->npages = 0;
}

/* The cached page holding FAT bytes [page * 4096, page * 4096 + 4096). */
static int fat_page(struct fat_volume *v, uint32_t page, const uint8_t **data)
{
	struct fat_cache_page *p = &v->pages[page & (v->npages - 1)];
	uint64_t off = (uint64_t)page * FAT_PAGE_SIZE;
	uint32_t len;
	int err;

	if (p->page != page) {
		if (off >= v->fat_bytes)
			return fat_fail(v, -EUCLEAN, "FAT entry outside the FAT");
		len = v->fat_bytes - (uint32_t)off < FAT_PAGE_SIZE ? v->fat_bytes - (uint32_t)off
								    : FAT_PAGE_SIZE;
		p->page = UINT32_MAX;
		err = fat_dev_read(v, v->fat_offset + off, p->data, len);
		if (err)
			return err;
		if (len < FAT_PAGE_SIZE)
			memset(p->data + len, 0, FAT_PAGE_SIZE - len);
		p->page = page;
	}
	*data = p->data;
	return 0;
}

static int fat_byte(struct fat_volume *v, uint32_t off, uint8_t *b)
{
	const uint8_t *d;
	int err = fat_page(v, off / FAT_PAGE_SIZE, &d);

	if (!err)
		*b = d[off % FAT_PAGE_SIZE];
	return err;
}

/* The raw entry value of cluster c (FAT32: the low 28 bits). */
static int fat_entry(struct fat_volume *v, uint32_t c, uint32_t *val)
{
	const uint8_t *d;
	uint32_t off;
	uint8_t lo, hi;
	int err;

	switch (v->fat_bits) {
	case 12:
		off = c + c / 2;
		if ((err = fat_byte(v, off, &lo)) || (err = fat_byte(v, off + 1, &hi)))
			return err;
		*val = (c & 1) ? (uint32_t)((lo >> 4) | (hi << 4)) : (uint32_t)(lo | ((hi & 0x0F) << 8));
		return 0;
	case 16:
		off = c * 2;
		if ((err = fat_page(v, off / FAT_PAGE_SIZE, &d)))
			return err;
		*val = fat_le16(d + off % FAT_PAGE_SIZE);
		return 0;
	default:
		off = c * 4;
		if ((err = fat_page(v, off / FAT_PAGE_SIZE, &d)))
			return err;
		*val = fat_le32(d + off % FAT_PAGE_SIZE) & 0x0FFFFFFF;
		return 0;
	}
}

int fat_next_cluster(struct fat_volume *v, uint32_t c, uint32_t *next)
{
	uint32_t val, bad;
	int err;

	if (!fat_cluster_valid(v, c))
		return fat_fail_num(v, -EUCLEAN, "cluster number out of range", "cluster", c);
	err = fat_entry(v, c, &val);
	if (err)
		return err;
	bad = v->fat_bits == 12 ? 0xFF7 : v->fat_bits == 16 ? 0xFFF7 : 0x0FFFFFF7;
	if (val > bad) {
		*next = FAT_CHAIN_END;
		return 0;
	}
	if (val == bad)
		return fat_fail_num(v, -EUCLEAN, "bad cluster inside a chain", "after cluster", c);
	if (val < 2)
		return fat_fail_num(v, -EUCLEAN, "free or reserved cluster inside a chain",
				    "after cluster", c);
	if (val > v->max_cluster)
		return fat_fail_num(v, -EUCLEAN, "chain points past the last cluster",
				    "after cluster", c);
	*next = val;
	return 0;
}

int fat_chain_check(struct fat_volume *v, uint32_t first, uint64_t count)
{
	uint32_t c = first, next;
	int err;

	if (count == 0)
		return 0;
	if (!fat_cluster_valid(v, first))
		return fat_fail_num(v, -EUCLEAN, "first cluster out of range", "cluster", first);
	if (count > v->cluster_count)
		return fat_fail(v, -EUCLEAN, "file size exceeds the volume's data area");
	for (uint64_t i = 1; i <= count; i++) {
		err = fat_next_cluster(v, c, &next);
		if (err)
			return err;
		if (i == count) {
			if (next != FAT_CHAIN_END)
				return fat_fail_num(v, -EUCLEAN,
						    "cluster chain longer than the file size or looping",
						    "cluster", first);
			break;
		}
		if (next == FAT_CHAIN_END)
			return fat_fail_num(v, -EUCLEAN, "cluster chain shorter than the file size",
					    "cluster", first);
		c = next;
	}
	return 0;
}
