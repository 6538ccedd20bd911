/*
 * virtio_mmio.device= parsing (drivers/virtio_mmio_cmdline.c): QEMU microvm's exact words,
 * suffixes and number bases, the optional platform id, and every malformed form reported once
 * and skipped without disturbing the good words around it.
 */
#include <stdlib.h>

#include "check.h"
#include "drivers/virtio_mmio.h"

static unsigned nbad;
static char last_why[128];

static void on_bad(void *ctx, const char *word, size_t len, const char *why)
{
	(void)ctx;
	CHECK(len > 0 && memcmp(word, "virtio_mmio.device=", 19) == 0);
	nbad++;
	snprintf(last_why, sizeof(last_why), "%s", why);
}

static unsigned parse(const char *line, struct virtio_mmio_loc *out, unsigned max)
{
	nbad = 0;
	last_why[0] = 0;
	return virtio_mmio_parse_cmdline(line, out, max, on_bad, NULL);
}

TEST(qemu_microvm_words)
{
	struct virtio_mmio_loc l[4];
	unsigned n = parse("keel.x=1 virtio_mmio.device=512@0xfeb00e00:12 virtio_mmio.device=512@0xfeb00c00:11", l, 4);

	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(nbad, 0);
	CHECK_EQ_U64(l[0].base, 0xfeb00e00);
	CHECK_EQ_U64(l[0].size, 512);
	CHECK_EQ_INT(l[0].irq, 12);
	CHECK_EQ_U64(l[1].base, 0xfeb00c00);
	CHECK_EQ_INT(l[1].irq, 11);
}

TEST(suffixes_bases_and_id)
{
	struct virtio_mmio_loc l[4];
	unsigned n = parse("virtio_mmio.device=4K@0xd0000000:5:3 \tvirtio_mmio.device=1k@1G:24"
			   " virtio_mmio.device=0x200@03000000000:7", l, 4);

	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(nbad, 0);
	CHECK_EQ_U64(l[0].size, 4096);
	CHECK_EQ_U64(l[0].base, 0xd0000000);
	CHECK_EQ_INT(l[0].irq, 5);
	CHECK_EQ_U64(l[1].size, 1024);
	CHECK_EQ_U64(l[1].base, 1ull << 30);
	CHECK_EQ_INT(l[1].irq, 24);
	CHECK_EQ_U64(l[2].base, 03000000000ull);
}

TEST(no_words_and_lookalikes)
{
	struct virtio_mmio_loc l[2];

	CHECK_EQ_INT(parse("", l, 2), 0);
	CHECK_EQ_INT(virtio_mmio_parse_cmdline(NULL, l, 2, NULL, NULL), 0);
	CHECK_EQ_INT(parse("   ", l, 2), 0);
	CHECK_EQ_INT(parse("xvirtio_mmio.device=512@0x1000:1 virtio_mmio.devices=1 virtio_mmio.device", l, 2), 0);
	CHECK_EQ_INT(nbad, 0);
}

TEST(malformed_words_skipped)
{
	static const char *const bad[] = {
		"virtio_mmio.device=",
		"virtio_mmio.device=512",
		"virtio_mmio.device=512@",
		"virtio_mmio.device=512@0xfeb00000",
		"virtio_mmio.device=512@0xfeb00000:",
		"virtio_mmio.device=512@0xfeb00000:x",
		"virtio_mmio.device=512@0xfeb00000:-1",
		"virtio_mmio.device=512@0xfeb00000:4294967296",
		"virtio_mmio.device=512@0xfeb00000:5:",
		"virtio_mmio.device=512@0xfeb00000:5:1:2",
		"virtio_mmio.device=512@0xfeb00000:5junk",
		"virtio_mmio.device=0x@0xfeb00000:5",
		"virtio_mmio.device=512T@0xfeb00000:5",
		"virtio_mmio.device=16@0xfeb00000:5",
		"virtio_mmio.device=0@0xfeb00000:5",
		"virtio_mmio.device=512@0xfeb00002:5",
		"virtio_mmio.device=99999999999999999999@0x1000:5",
		"virtio_mmio.device=512@0xffffffffffffffff:5",
		"virtio_mmio.device=16G@0xfffffffffffff000:5",
		"virtio_mmio.device=17179869184G@0x1000:5",
		"virtio_mmio.device=512@0x1000000000000:5",
		"virtio_mmio.device=512@09:5",
	};
	struct virtio_mmio_loc l[2];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[256];

		snprintf(line, sizeof(line), "a=1 %s virtio_mmio.device=512@0x2000:3 b", bad[i]);
		CHECK_EQ_INT(parse(line, l, 2), 1);
		if (nbad != 1)
			printf("not refused: %s\n", bad[i]);
		CHECK_EQ_INT(nbad, 1);
		CHECK(last_why[0] != 0);
		CHECK_EQ_U64(l[0].base, 0x2000);
	}
}

TEST(overlap_and_capacity)
{
	struct virtio_mmio_loc l[2];

	CHECK_EQ_INT(parse("virtio_mmio.device=512@0x1000:1 virtio_mmio.device=512@0x1100:2", l, 2), 1);
	CHECK_EQ_INT(nbad, 1);
	CHECK_EQ_STR(last_why, "window overlaps an earlier device");
	CHECK_EQ_INT(parse("virtio_mmio.device=512@0x1000:1 virtio_mmio.device=512@0x1200:2"
			   " virtio_mmio.device=512@0x1400:3", l, 2), 2);
	CHECK_EQ_INT(nbad, 1);
	CHECK_EQ_STR(last_why, "too many devices");
	CHECK_EQ_INT(parse("virtio_mmio.device=512@0x1000:1", l, 0), 0);
	CHECK_EQ_INT(nbad, 1);
}

TEST(random_lines_stay_bounded)
{
	uint64_t r = check_seed() | 1;
	static const char alphabet[] = "virtio_mmio.device=0123456789xXabcdefKMG@: ";

	for (int round = 0; round < 20000; round++) {
		char line[64];
		struct virtio_mmio_loc l[3];
		unsigned n, len;

		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		len = (unsigned)(r % 63);
		memcpy(line, "virtio_mmio.device=", 19);
		for (unsigned i = 19; i < len; i++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			line[i] = alphabet[r % (sizeof(alphabet) - 1)];
		}
		line[len < 19 ? 19 : len] = 0;
		n = parse(line, l, 3);
		CHECK(n <= 3);
		for (unsigned i = 0; i < n; i++)
			CHECK(l[i].size >= VIRTIO_MMIO_MIN_SIZE && l[i].base + l[i].size > l[i].base);
	}
}

CHECK_MAIN("virtio_mmio")
