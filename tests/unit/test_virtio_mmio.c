/*
 * virtio_mmio.device= parsing (drivers/virtio_mmio_cmdline.c): QEMU microvm's exact words,
 * suffixes and number bases, the optional platform id, and every malformed form reported once
 * and skipped without disturbing the good words around it; the DSDT's LNRO0005 devices found
 * by the AML scan (drivers/virtio_mmio_acpi.c), whole, truncated at every length and damaged.
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

/* One microvm-style AML device: Device (VRxx) { _HID "LNRO0005", _UID, _CRS { Memory32Fixed
 * (base, 0x200), Interrupt { irq } } }. Returns its length. */
static size_t aml_device(uint8_t *o, uint32_t base, uint32_t irq)
{
	static const uint8_t head[] = { 0x5B, 0x82, 0x30, 'V', 'R', '0', '0', 0x08, '_', 'H', 'I', 'D', 0x0D, 'L',
					'N', 'R', 'O', '0', '0', '0', '5', 0x00, 0x08, '_', 'U', 'I', 'D', 0x00,
					0x08, '_', 'C', 'R', 'S', 0x11, 26, 0x0A, 23 };
	size_t n = sizeof(head);

	memcpy(o, head, n);
	o[n++] = 0x86, o[n++] = 0x09, o[n++] = 0x00, o[n++] = 0x01;
	for (int k = 0; k < 4; k++)
		o[n++] = (uint8_t)(base >> (8 * k));
	o[n++] = 0x00, o[n++] = 0x02, o[n++] = 0x00, o[n++] = 0x00;
	o[n++] = 0x89, o[n++] = 0x06, o[n++] = 0x00, o[n++] = 0x0B, o[n++] = 0x01;
	for (int k = 0; k < 4; k++)
		o[n++] = (uint8_t)(irq >> (8 * k));
	o[n++] = 0x79, o[n++] = 0x00;
	return n;
}

TEST(dsdt_lnro0005_devices)
{
	uint8_t aml[512];
	struct virtio_mmio_loc l[4];
	size_t n = 0;

	memset(aml, 0xA3, 16); /* unrelated AML before */
	n = 16;
	n += aml_device(aml + n, 0xfeb02e00, 47);
	n += aml_device(aml + n, 0xfeb02c00, 46);
	n += aml_device(aml + n, 0xfeb02c00, 45); /* a duplicate window: dropped */
	CHECK_EQ_INT(virtio_mmio_scan_aml(aml, n, l, 4), 2);
	CHECK_EQ_U64(l[0].base, 0xfeb02e00);
	CHECK_EQ_U64(l[0].size, 0x200);
	CHECK_EQ_INT(l[0].irq, 47);
	CHECK(!l[0].level && !l[0].active_low); /* flags 0x0B: consumer, edge, active high, exclusive */
	CHECK_EQ_U64(l[1].base, 0xfeb02c00);
	CHECK_EQ_INT(l[1].irq, 46);
	aml[16 + 37 + 12 + 3] = 0x05; /* the first device's flags: consumer, level, active low */
	CHECK_EQ_INT(virtio_mmio_scan_aml(aml, n, l, 4), 2);
	CHECK(l[0].level && l[0].active_low);
	CHECK_EQ_INT(virtio_mmio_scan_aml(aml, n, l, 1), 1);
	CHECK_EQ_INT(virtio_mmio_scan_aml(NULL, n, l, 4), 0);
	CHECK_EQ_INT(virtio_mmio_scan_aml(aml, 16, l, 4), 0);
}

TEST(dsdt_truncated_and_damaged)
{
	uint8_t aml[256], copy[256];
	struct virtio_mmio_loc l[4];
	size_t n = aml_device(aml, 0xfeb00000, 5);

	/* every truncation: the device appears only when its whole _CRS is there */
	for (size_t len = 0; len <= n; len++) {
		uint8_t *cut = malloc(len ? len : 1); /* exact-size copy: ASan sees any overread */
		unsigned got;

		memcpy(cut, aml, len);
		got = virtio_mmio_scan_aml(cut, len, l, 4);
		CHECK(got <= 1);
		if (len < n - 2)
			CHECK_EQ_INT(got, 0);
		free(cut);
	}
	/* every byte flipped to every value: bounded, and any device found is well formed */
	for (size_t i = 0; i < n; i++) {
		for (unsigned v = 0; v < 256; v++) {
			unsigned got;

			memcpy(copy, aml, n);
			copy[i] = (uint8_t)v;
			got = virtio_mmio_scan_aml(copy, n, l, 4);
			CHECK(got <= 1);
			if (got)
				CHECK(l[0].size >= VIRTIO_MMIO_MIN_SIZE && !(l[0].base & 3));
		}
	}
	/* no interrupt descriptor: not a usable device */
	memcpy(copy, aml, n);
	copy[n - 11] = 0x87; /* the 0x89 tag becomes an unknown large descriptor */
	CHECK_EQ_INT(virtio_mmio_scan_aml(copy, n, l, 4), 0);
}

CHECK_MAIN("virtio_mmio")
