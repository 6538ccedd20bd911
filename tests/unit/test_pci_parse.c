/*
 * PCI plain-C parsing: the capability walker on well-formed lists, loops, pointers into the
 * header, truncated capabilities and random configuration spaces (against a reference walk);
 * BAR decoding of every kind and of BARs that do not size; the driver match rule; class names.
 */
#include <stdlib.h>
#include <string.h>

#include <keel/errno.h>

#include "drivers/pci_parse.h"
#include "tests/unit/check.h"

struct cfg {
	uint8_t b[PCI_CONFIG_SIZE];
	unsigned reads_out_of_range;
};

static uint8_t cfg_read8(void *ctx, uint16_t off)
{
	struct cfg *c = ctx;

	if (off >= PCI_CONFIG_SIZE) {
		c->reads_out_of_range++;
		return 0xFF;
	}
	return c->b[off];
}

static void cfg_init(struct cfg *c, uint8_t head)
{
	memset(c, 0, sizeof(*c));
	c->b[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	c->b[PCI_CAP_PTR] = head;
}

static void cfg_cap(struct cfg *c, uint8_t off, uint8_t id, uint8_t next)
{
	c->b[off] = id;
	c->b[off + 1] = next;
}

struct seen {
	uint8_t id[64], off[64];
	unsigned n;
};

static void seen_fn(void *user, uint8_t id, uint8_t off)
{
	struct seen *s = user;

	if (s->n < 64) {
		s->id[s->n] = id;
		s->off[s->n] = off;
	}
	s->n++;
}

static int walk(struct cfg *c, struct seen *s)
{
	struct pci_caps_src src = { cfg_read8, c };

	memset(s, 0, sizeof(*s));
	return pci_caps_walk(&src, seen_fn, s);
}

static uint8_t find(struct cfg *c, uint8_t id, uint8_t start)
{
	struct pci_caps_src src = { cfg_read8, c };

	return pci_caps_find(&src, id, start);
}

/* virtio-pci's shape: MSI-X then five vendor-specific caps. */
static void cfg_virtio(struct cfg *c)
{
	cfg_init(c, 0x98);
	cfg_cap(c, 0x98, PCI_CAP_MSIX, 0x84);
	for (uint8_t off = 0x84, i = 0; i < 5; i++, off = (uint8_t)(off - 0x10)) {
		cfg_cap(c, off, PCI_CAP_VENDOR, i == 4 ? 0 : (uint8_t)(off - 0x10));
		c->b[off + 2] = 16;
		c->b[off + 3] = (uint8_t)(i + 1); /* cfg_type */
	}
}

TEST(caps_none)
{
	struct cfg c;
	struct seen s;

	cfg_init(&c, 0x40);
	c.b[PCI_STATUS] = 0; /* no list bit */
	CHECK_EQ_INT(walk(&c, &s), 0);
	CHECK_EQ_INT(s.n, 0);
	cfg_init(&c, 0);
	CHECK_EQ_INT(walk(&c, &s), 0);
	memset(c.b, 0xFF, sizeof(c.b)); /* absent function */
	CHECK_EQ_INT(walk(&c, &s), 0);
	CHECK_EQ_INT(find(&c, PCI_CAP_MSI, 0), 0);
}

TEST(caps_list_and_vendor_iteration)
{
	struct cfg c;
	struct seen s;
	unsigned n = 0;

	cfg_virtio(&c);
	CHECK_EQ_INT(walk(&c, &s), 6);
	CHECK(s.id[0] == PCI_CAP_MSIX && s.off[0] == 0x98);
	CHECK_EQ_INT(find(&c, PCI_CAP_MSIX, 0), 0x98);
	CHECK_EQ_INT(find(&c, PCI_CAP_MSI, 0), 0);
	for (uint8_t off = find(&c, PCI_CAP_VENDOR, 0); off; off = find(&c, PCI_CAP_VENDOR, off)) {
		CHECK_EQ_INT(c.b[off + 3], n + 1);
		n++;
	}
	CHECK_EQ_INT(n, 5);
	/* a start that is not in the list finds nothing */
	CHECK_EQ_INT(find(&c, PCI_CAP_VENDOR, 0x42), 0);
}

TEST(caps_low_pointer_bits_ignored)
{
	struct cfg c;
	struct seen s;

	cfg_init(&c, 0x43);
	cfg_cap(&c, 0x40, PCI_CAP_PM, 0x53);
	cfg_cap(&c, 0x50, PCI_CAP_MSI, 0);
	CHECK_EQ_INT(walk(&c, &s), 2);
	CHECK(s.off[0] == 0x40 && s.off[1] == 0x50);
}

TEST(caps_loops)
{
	struct cfg c;
	struct seen s;

	cfg_init(&c, 0x40);
	cfg_cap(&c, 0x40, PCI_CAP_PM, 0x40); /* to itself */
	CHECK_EQ_INT(walk(&c, &s), -ELOOP);
	CHECK_EQ_INT(s.n, 1);
	cfg_init(&c, 0x40);
	cfg_cap(&c, 0x40, PCI_CAP_PM, 0x80);
	cfg_cap(&c, 0x80, PCI_CAP_MSI, 0xC0);
	cfg_cap(&c, 0xC0, PCI_CAP_VENDOR, 0x80); /* back to the second */
	c.b[0xC2] = 8;
	CHECK_EQ_INT(walk(&c, &s), -ELOOP);
	CHECK_EQ_INT(s.n, 3);
	CHECK_EQ_INT(find(&c, PCI_CAP_MSIX, 0), 0); /* terminates */
	CHECK_EQ_INT(find(&c, PCI_CAP_VENDOR, 0), 0xC0);
	CHECK_EQ_INT(find(&c, PCI_CAP_VENDOR, 0xC0), 0);
}

TEST(caps_longest_list)
{
	struct cfg c;
	struct seen s;

	cfg_init(&c, 0x40);
	for (unsigned off = 0x40; off <= 0xFC; off += 4)
		cfg_cap(&c, (uint8_t)off, 0x0D, off == 0xFC ? 0 : (uint8_t)(off + 4));
	CHECK_EQ_INT(walk(&c, &s), PCI_CAPS_MAX);
	CHECK_EQ_INT(c.reads_out_of_range, 0);
}

TEST(caps_pointer_into_header)
{
	struct cfg c;
	struct seen s;

	cfg_init(&c, 0x20);
	CHECK_EQ_INT(walk(&c, &s), -ERANGE);
	CHECK_EQ_INT(s.n, 0);
	cfg_init(&c, 0x40);
	cfg_cap(&c, 0x40, PCI_CAP_MSI, 0x3C);
	CHECK_EQ_INT(walk(&c, &s), -ERANGE);
	CHECK_EQ_INT(s.n, 1);
	cfg_init(&c, 0x40);
	cfg_cap(&c, 0x40, PCI_CAP_MSI, 0x01); /* masks to 0: end of the list */
	CHECK_EQ_INT(walk(&c, &s), 1);
}

TEST(caps_truncated)
{
	struct cfg c;
	struct seen s;

	cfg_init(&c, 0xF8); /* MSI-X needs 12 bytes: 0xF8 + 12 > 256 */
	cfg_cap(&c, 0xF8, PCI_CAP_MSIX, 0);
	CHECK_EQ_INT(walk(&c, &s), -EINVAL);
	CHECK_EQ_INT(s.n, 0);
	cfg_init(&c, 0xF4); /* MSI-X fits exactly */
	cfg_cap(&c, 0xF4, PCI_CAP_MSIX, 0);
	CHECK_EQ_INT(walk(&c, &s), 1);
	cfg_init(&c, 0xF0); /* vendor cap whose length runs past the end */
	cfg_cap(&c, 0xF0, PCI_CAP_VENDOR, 0);
	c.b[0xF2] = 0x20;
	CHECK_EQ_INT(walk(&c, &s), -EINVAL);
	c.b[0xF2] = 0x10; /* ends exactly at 256 */
	CHECK_EQ_INT(walk(&c, &s), 1);
	c.b[0xF2] = 2; /* shorter than its own header */
	CHECK_EQ_INT(walk(&c, &s), -EINVAL);
	CHECK_EQ_INT(find(&c, PCI_CAP_VENDOR, 0), 0);
	CHECK_EQ_INT(c.reads_out_of_range, 0);
}

/* Independent reference: follow at most 48 pointers, stop at anything odd. */
static int ref_walk(const struct cfg *c)
{
	unsigned off, n = 0, visited[64] = { 0 };

	if (!(c->b[PCI_STATUS] & PCI_STATUS_CAP_LIST) || (c->b[PCI_STATUS] == 0xFF && c->b[PCI_STATUS + 1] == 0xFF))
		return 0;
	for (off = c->b[PCI_CAP_PTR] & ~3u; off; off = c->b[off + 1] & ~3u) {
		unsigned len;

		if (off < 0x40)
			return -ERANGE;
		if (visited[off / 4] || n == 48)
			return -ELOOP;
		visited[off / 4] = 1;
		len = pci_cap_min_len(c->b[off]);
		if (c->b[off] == PCI_CAP_VENDOR)
			len = off + 2 < 256 && c->b[off + 2] >= 3 ? c->b[off + 2] : 256;
		if (off + len > 256)
			return -EINVAL;
		n++;
	}
	return (int)n;
}

TEST(caps_random_vs_reference)
{
	struct cfg c;
	struct seen s;

	srand(14);
	for (int iter = 0; iter < 20000; iter++) {
		memset(&c, 0, sizeof(c));
		for (unsigned i = 0; i < PCI_CONFIG_SIZE; i++)
			c.b[i] = (uint8_t)rand();
		if (iter % 2) /* mostly plausible pointers */
			for (unsigned i = 0x40; i < PCI_CONFIG_SIZE; i += 4)
				c.b[i + 1] = (uint8_t)((rand() % 3 == 0) ? 0 : 0x40 + (rand() % 48) * 4);
		c.b[PCI_CAP_PTR] = (uint8_t)(0x40 + (rand() % 48) * 4);
		CHECK_EQ_INT(walk(&c, &s), ref_walk(&c));
		CHECK(s.n <= PCI_CAPS_MAX);
		for (unsigned i = 0; i < s.n && i < 64; i++)
			CHECK(s.off[i] >= 0x40 && !(s.off[i] & 3));
		CHECK_EQ_INT(c.reads_out_of_range, 0);
	}
}

static int decode(uint32_t o, uint32_t sz, uint32_t oh, uint32_t szh, bool last, struct pci_bar *b, unsigned *used)
{
	const char *why = NULL;
	int r = pci_bar_decode(o, sz, oh, szh, last, b, used, &why);

	CHECK((r < 0) == (why != NULL));
	return r;
}

TEST(bar_decode_good)
{
	struct pci_bar b;
	unsigned used;

	CHECK_EQ_INT(decode(0xC001, 0xFFFFFFF9, 0, 0, false, &b, &used), 0);
	CHECK(b.kind == PCI_BAR_IO && b.base == 0xC000 && b.size == 8 && used == 1);
	CHECK_EQ_INT(decode(0xC001, 0x0000FFF9, 0, 0, false, &b, &used), 0); /* 16-bit decoder */
	CHECK(b.kind == PCI_BAR_IO && b.size == 8);
	CHECK_EQ_INT(decode(0xFEBC1000, 0xFFFFF000, 0, 0, true, &b, &used), 0);
	CHECK(b.kind == PCI_BAR_MEM32 && b.base == 0xFEBC1000 && b.size == 4096 && !b.prefetchable);
	CHECK_EQ_INT(decode(0xFD000008, 0xFF000008, 0, 0, false, &b, &used), 0);
	CHECK(b.kind == PCI_BAR_MEM32 && b.size == (16u << 20) && b.prefetchable);
	CHECK_EQ_INT(decode(0xFE00000C, 0xFFFFC00C, 0x1, 0xFFFFFFFF, false, &b, &used), 0);
	CHECK(b.kind == PCI_BAR_MEM64 && b.base == 0x1FE000000ull && b.size == 0x4000 && used == 2 && b.prefetchable);
	CHECK_EQ_INT(decode(0x0000000C, 0x0000000C, 0, 0xFFFFFFF0, false, &b, &used), 0); /* 64 GiB, unassigned */
	CHECK(b.kind == PCI_BAR_MEM64 && b.size == (64ull << 30) && b.base == 0);
	CHECK_EQ_INT(decode(0, 0, 0, 0, false, &b, &used), 1);
	CHECK(b.kind == PCI_BAR_NONE && used == 1);
}

TEST(bar_decode_bad)
{
	struct pci_bar b;
	unsigned used;

	CHECK_EQ_INT(decode(0xFFFFFFFF, 0xFFFFFFFF, 0, 0, false, &b, &used), -EINVAL);
	CHECK_EQ_INT(decode(0xFEBC0000, 0xFFFFFFFF, 0, 0, false, &b, &used), -EINVAL);
	CHECK_EQ_INT(decode(0xFEBC0000, 0, 0, 0, false, &b, &used), -EINVAL); /* sizes to zero */
	CHECK_EQ_INT(decode(0xFEBC0000, 0xFFFF0F00, 0, 0, false, &b, &used), -EINVAL); /* holes in the mask */
	CHECK_EQ_INT(decode(0xC001, 0xFFFFFFF0, 0, 0, false, &b, &used), -EINVAL);    /* kind changed */
	CHECK_EQ_INT(decode(0xC001, 0xFFF0FFF9, 0, 0, false, &b, &used), -EINVAL);    /* I/O holes */
	CHECK_EQ_INT(decode(0xFE000006, 0xFFFFF006, 0, 0, false, &b, &used), -EINVAL); /* reserved type */
	CHECK_EQ_INT(decode(0xFE000004, 0xFFFFF004, 0, 0, true, &b, &used), -ERANGE);  /* 64-bit in slot 5 */
	CHECK_EQ_INT(decode(0xFE000004, 0xFFFFF000, 0, 0xFFFFFFFF, false, &b, &used), -EINVAL);
	CHECK(used == 2); /* the upper half is skipped with it */
	CHECK_EQ_INT(decode(0xFE000004, 0xFFFFF004, 0, 0xFF00FFFF, false, &b, &used), -EINVAL);
	CHECK(b.kind == PCI_BAR_NONE);
}

TEST(bar_decode_random_is_consistent)
{
	srand(3);
	for (int i = 0; i < 100000; i++) {
		uint32_t o = (uint32_t)rand() << 1 ^ (uint32_t)rand(), sz = (uint32_t)rand() << 1 ^ (uint32_t)rand();
		uint32_t shift = (uint32_t)rand() % 32;
		struct pci_bar b;
		unsigned used;
		int r;

		if (i % 2)
			sz = (0xFFFFFFFFu << shift) | (o & 0xF);
		r = decode(o, sz, (uint32_t)rand(), 0xFFFFFFFFu << (rand() % 32), (rand() % 6) == 0, &b, &used);
		CHECK(used == 1 || used == 2);
		if (r == 0) {
			CHECK(b.kind != PCI_BAR_NONE && b.size && !(b.size & (b.size - 1)));
			CHECK(b.kind != PCI_BAR_IO || b.size <= 0x10000);
		} else {
			CHECK(b.kind == PCI_BAR_NONE && b.size == 0);
		}
	}
}

TEST(match_rules)
{
	static const struct pci_match ids[] = {
		PCI_MATCH_ID(0x1b36, 0x0002),
		PCI_MATCH_CLASS(PCI_CLASS_COMM, PCI_SUBCLASS_COMM_SERIAL),
		{ 0x1af4, PCI_ANY_ID, 0, 0 },
		PCI_MATCH_END,
		PCI_MATCH_ID(0x1234, 0x1111), /* after the end: never matched */
	};
	struct pci_dev d;

	memset(&d, 0, sizeof(d));
	d.vendor = 0x1b36;
	d.device = 0x0002;
	CHECK(pci_match_device(ids, &d) == &ids[0]);
	d.device = 0x0003;
	CHECK(pci_match_device(ids, &d) == NULL);
	d.class_code = PCI_CLASS_COMM;
	d.progif = 0x02; /* any programming interface */
	CHECK(pci_match_device(ids, &d) == &ids[1]);
	d.subclass = 0x01;
	CHECK(pci_match_device(ids, &d) == NULL);
	d.vendor = 0x1af4;
	d.device = 0x1042;
	CHECK(pci_match_device(ids, &d) == &ids[2]);
	d.vendor = 0x1234;
	d.device = 0x1111;
	CHECK(pci_match_device(ids, &d) == NULL);
	CHECK(pci_match_device(NULL, &d) == NULL);
}

TEST(class_names)
{
	CHECK_EQ_STR(pci_class_name(0x07, 0x00), "serial controller");
	CHECK_EQ_STR(pci_class_name(0x06, 0x04), "PCI bridge");
	CHECK_EQ_STR(pci_class_name(0x06, 0x42), "bridge");
	CHECK_EQ_STR(pci_class_name(0x01, 0x00), "SCSI storage controller");
	CHECK_EQ_STR(pci_class_name(0x42, 0x00), "unknown class");
}

TEST(addr_parse)
{
	static const char *const bad[] = { "", ":", "0", "00", "00:", ":00", "00:20", "100:00", "00:00.8",
					   "00:00.", "00:00.00", "00:00.0x", "0:0:0:0", "00000:00:00.0",
					   "00:00:00:00.0", "zz:00.0", "00:0g.0", "00:00.0 ", "-1:00.0" };
	struct pci_addr a;
	bool all;

	CHECK_EQ_INT(pci_addr_parse("00:1f.3", &a, &all), 0);
	CHECK(a.segment == 0 && a.bus == 0 && a.dev == 0x1f && a.fn == 3 && !all);
	CHECK_EQ_INT(pci_addr_parse("1:2", &a, &all), 0);
	CHECK(a.bus == 1 && a.dev == 2 && a.fn == 0 && all);
	CHECK_EQ_INT(pci_addr_parse("0001:FF:1F.7", &a, &all), 0);
	CHECK(a.segment == 1 && a.bus == 0xFF && a.dev == 0x1F && a.fn == 7 && !all);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ_INT(pci_addr_parse(bad[i], &a, &all), -EINVAL);
	CHECK_EQ_STR(pci_cap_name(PCI_CAP_MSIX), "MSI-X");
	CHECK(pci_cap_name(0x42) == NULL);
}

CHECK_MAIN("pci_parse")
