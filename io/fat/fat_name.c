/*
 * Names on a FAT volume: 8.3 names (code page 850 for bytes >= 0x80, as mtools and dosfstools
 * write them; the NT lower-case bits applied for display), VFAT long names (UTF-16 to UTF-8,
 * unpaired surrogates and control characters become U+FFFD), the LFN checksum, and the
 * case-insensitive comparison used by lookups: simple one-to-one folding of ASCII, Latin-1,
 * Latin Extended-A, Greek and Cyrillic capitals; other characters compare exactly.
 */
#include <string.h>

#include <io/fat/fat_internal.h>

#define REPLACEMENT 0xFFFDu

/* Code page 850, bytes 0x80..0xFF (the code page of dosfstools and mtools). */
static const uint16_t cp850[128] = {
	0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
	0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
	0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
	0x00ff, 0x00d6, 0x00dc, 0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192,
	0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
	0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1, 0x00c2, 0x00c0,
	0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5, 0x2510,
	0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4,
	0x00f0, 0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce,
	0x00cf, 0x2518, 0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580,
	0x00d3, 0x00df, 0x00d4, 0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe,
	0x00de, 0x00da, 0x00db, 0x00d9, 0x00fd, 0x00dd, 0x00af, 0x00b4,
	0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6, 0x00a7, 0x00f7, 0x00b8,
	0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2, 0x25a0, 0x00a0,
};

bool fat_utf8_put(char *out, size_t cap, size_t *len, uint32_t cp)
{
	uint8_t b[4];
	size_t n;

	if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = REPLACEMENT;
	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xC0 | (cp >> 6));
		b[1] = (uint8_t)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xE0 | (cp >> 12));
		b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (uint8_t)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xF0 | (cp >> 18));
		b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (uint8_t)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (*len + n + 1 > cap)
		return false;
	memcpy(out + *len, b, n);
	*len += n;
	out[*len] = '\0';
	return true;
}

uint32_t fat_utf8_get(const char **s, const char *end)
{
	const uint8_t *p = (const uint8_t *)*s;
	uint32_t cp, min;
	int n;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0)
		n = 1, cp = p[0] & 0x1F, min = 0x80;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 2, cp = p[0] & 0x0F, min = 0x800;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 3, cp = p[0] & 0x07, min = 0x10000;
	else {
		*s += 1;
		return REPLACEMENT;
	}
	if (end - *s <= n) {
		*s = end;
		return REPLACEMENT;
	}
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s += i;
			return REPLACEMENT;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*s += n + 1;
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return REPLACEMENT;
	return cp;
}

void fat_utf16_to_utf8(const uint16_t *u, size_t n, char *out, size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = u[i];

		if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 &&
		    u[i + 1] <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
			i++;
		}
		if (!fat_utf8_put(out, cap, &len, cp))
			return;
	}
}

uint32_t fat_fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xC0)
		return c;
	if (c <= 0xDE)
		return c == 0xD7 ? c : c + 32;
	if (c >= 0x100 && c <= 0x17F) {
		/* Latin Extended-A: pairs, capital first, except the odd-aligned runs. */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c + 1 : c;
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
			return c;
		return (c & 1) ? c : c + 1;
	}
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

bool fat_name_eq(const char *a, size_t alen, const char *b)
{
	const char *ae = a + alen, *be = b + strlen(b);

	while (a < ae && b < be) {
		if (fat_fold(fat_utf8_get(&a, ae)) != fat_fold(fat_utf8_get(&b, be)))
			return false;
	}
	return a == ae && b == be;
}

static uint32_t short_char(uint8_t c)
{
	return c >= 0x80 ? cp850[c - 0x80] : c;
}

static void short_put(const uint8_t *raw, int from, int to, bool lower, char *stored,
		      size_t *sl, char *display, size_t *dl)
{
	for (int i = from; i < to; i++) {
		uint8_t c = (i == 0 && raw[0] == 0x05) ? 0xE5 : raw[i];
		uint32_t cp = short_char(c);

		fat_utf8_put(stored, FAT_SHORT_MAX, sl, cp);
		if (lower)
			cp = fat_fold(cp);
		fat_utf8_put(display, FAT_SHORT_MAX, dl, cp);
	}
}

void fat_short_name(const uint8_t raw[11], uint8_t nt_case, char *stored, char *display)
{
	size_t sl = 0, dl = 0;
	int base_end = 8, ext_end = 11;

	stored[0] = display[0] = '\0';
	while (base_end > 0 && raw[base_end - 1] == ' ')
		base_end--;
	while (ext_end > 8 && raw[ext_end - 1] == ' ')
		ext_end--;
	short_put(raw, 0, base_end, nt_case & 0x08, stored, &sl, display, &dl);
	if (ext_end > 8) {
		fat_utf8_put(stored, FAT_SHORT_MAX, &sl, '.');
		fat_utf8_put(display, FAT_SHORT_MAX, &dl, '.');
		short_put(raw, 8, ext_end, nt_case & 0x10, stored, &sl, display, &dl);
	}
}

uint8_t fat_lfn_checksum(const uint8_t raw[11])
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + raw[i]);
	return sum;
}

void fat_label_name(const uint8_t raw[11], char *out, size_t cap)
{
	size_t len = 0;
	int end = 11;

	out[0] = '\0';
	while (end > 0 && raw[end - 1] == ' ')
		end--;
	for (int i = 0; i < end; i++)
		if (!fat_utf8_put(out, cap, &len, short_char(raw[i])))
			return;
}
