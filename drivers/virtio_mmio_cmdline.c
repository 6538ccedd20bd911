/*
 * The virtio_mmio.device= command-line parser (see virtio_mmio.h), the form Linux documents
 * and QEMU microvm / Firecracker emit: `<size>@<base>:<irq>[:<platform id>]`, size and base as
 * memparse numbers (decimal, 0x hex or 0 octal, optional K/M/G suffix). Plain C: the words come
 * from an untrusted loader, so every number is overflow-checked and nothing is read past a word.
 */
#include <stdbool.h>
#include <string.h>

#include "drivers/virtio_mmio.h"

#define VMMIO_KEY "virtio_mmio.device="

/* A number at s[*i..end): digits in base 0x/0/decimal, then optionally a suffix when `suffix`.
 * false on no digits, overflow or a bad suffix. */
static bool vmmio_number(const char *s, size_t end, size_t *i, bool suffix, uint64_t *out)
{
	unsigned base = 10, digits = 0;
	uint64_t v = 0;
	size_t p = *i;

	if (p + 1 < end && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p < end && s[p] == '0') {
		base = 8;
	}
	for (; p < end; p++) {
		char c = s[p];
		unsigned dv;

		if (c >= '0' && c <= '9')
			dv = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			dv = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			dv = (unsigned)(c - 'A' + 10);
		else
			break;
		if (dv >= base)
			break;
		if (v > (UINT64_MAX - dv) / base)
			return false;
		v = v * base + dv;
		digits++;
	}
	if (digits == 0)
		return false;
	if (suffix && p < end) {
		unsigned shift = 0;

		switch (s[p]) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: break;
		}
		if (shift) {
			if (v > (UINT64_MAX >> shift))
				return false;
			v <<= shift;
			p++;
		}
	}
	*i = p;
	*out = v;
	return true;
}

/* Parse one value (the part after the key); NULL and *loc, or the reason it is malformed. */
static const char *vmmio_parse_word(const char *s, size_t len, struct virtio_mmio_loc *loc)
{
	uint64_t size, base, irq, id;
	size_t i = 0;

	if (!vmmio_number(s, len, &i, true, &size))
		return "bad size";
	if (i >= len || s[i] != '@')
		return "expected '@' after the size";
	i++;
	if (!vmmio_number(s, len, &i, true, &base))
		return "bad base address";
	if (i >= len || s[i] != ':')
		return "expected ':' after the base address";
	i++;
	if (i >= len || s[i] < '0' || s[i] > '9' || !vmmio_number(s, len, &i, false, &irq) || irq > 0xFFFFFFFFu)
		return "bad interrupt number";
	if (i < len && s[i] == ':') { /* the platform device id: a number, ignored */
		i++;
		if (!vmmio_number(s, len, &i, false, &id))
			return "bad device id";
	}
	if (i != len)
		return "trailing characters";
	if (size < VIRTIO_MMIO_MIN_SIZE)
		return "window smaller than the virtio-mmio registers";
	if (base + size < base || base + size - 1 > 0xFFFFFFFFFFFFull)
		return "window beyond the physical address space";
	if (base & 3)
		return "base address not 4-byte aligned";
	loc->base = base;
	loc->size = size;
	loc->irq = (uint32_t)irq;
	loc->level = loc->active_low = false; /* the word does not say: edge, active high */
	return NULL;
}

unsigned virtio_mmio_parse_cmdline(const char *line, struct virtio_mmio_loc *out, unsigned max,
				   virtio_mmio_bad_fn bad, void *ctx)
{
	const size_t klen = sizeof(VMMIO_KEY) - 1;
	unsigned n = 0;
	size_t p = 0;

	if (!line)
		return 0;
	while (line[p]) {
		size_t start, end;
		struct virtio_mmio_loc loc;
		const char *why;

		while (line[p] == ' ' || line[p] == '\t')
			p++;
		start = p;
		while (line[p] && line[p] != ' ' && line[p] != '\t')
			p++;
		end = p;
		if (end - start < klen || memcmp(line + start, VMMIO_KEY, klen) != 0)
			continue;
		why = vmmio_parse_word(line + start + klen, end - start - klen, &loc);
		for (unsigned k = 0; !why && k < n; k++)
			if (loc.base < out[k].base + out[k].size && out[k].base < loc.base + loc.size)
				why = "window overlaps an earlier device";
		if (!why && n >= max)
			why = "too many devices";
		if (why) {
			if (bad)
				bad(ctx, line + start, end - start, why);
			continue;
		}
		out[n++] = loc;
	}
	return n;
}
