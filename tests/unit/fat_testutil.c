/*
 * FAT host test support (fat_testutil.h): image index, host files, in-memory device stacks.
 */
#include "fat_testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ft_dir(void)
{
	const char *d = getenv("FAT_IMAGES");

	return d ? d : "build/fat";
}

int ft_index(struct ft_image *out, int max)
{
	char path[512], line[512];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/index", ft_dir());
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		unsigned long long off;
		unsigned bs;

		if (sscanf(line, "%63[^\t]\t%127[^\t]\t%llu\t%u", out[n].name, out[n].file, &off,
			   &bs) != 4)
			continue;
		out[n].offset = off;
		out[n].block_size = bs;
		n++;
	}
	fclose(f);
	return n;
}

int ft_find(const char *name, struct ft_image *out)
{
	struct ft_image all[32];
	int n = ft_index(all, 32);

	for (int i = 0; i < n; i++) {
		if (strcmp(all[i].name, name) == 0) {
			*out = all[i];
			return 0;
		}
	}
	return -1;
}

uint8_t *ft_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int ft_load(struct ft_stack *s, const char *file, uint32_t block_size)
{
	char path[512];

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/%s", ft_dir(), file);
	s->data = ft_read_file(path, &s->size);
	if (!s->data)
		return -1;
	tio_alloc_init(&s->alloc);
	if (io_mem_dev_init(&s->mem, s->data, s->size, block_size, true) ||
	    io_byte_view_init(&s->view, &s->mem.blk, NULL, &s->alloc.alloc))
		return -1;
	tio_fault_byte_init(&s->counter, &s->view.dev);
	return 0;
}

int ft_mount(struct ft_stack *s, uint64_t offset)
{
	struct fat_mount_opts opts = { offset, 0, 0 };

	return fat_mount(&s->vol, &s->counter.dev, &opts, &s->alloc.alloc, &s->why);
}

int64_t ft_free(struct ft_stack *s)
{
	if (s->vol)
		fat_unmount(s->vol);
	s->vol = NULL;
	io_byte_view_fini(&s->view);
	free(s->data);
	s->data = NULL;
	return s->alloc.outstanding;
}
