/*
 * The display console: when the boot loader left a screen (an EGA text buffer, or an RGB
 * framebuffer of 24/32 bpp), a console is started on it at boot, with the PS/2 keyboard as its
 * input, alongside whatever serial consoles appear later. The framebuffer is mapped into a
 * fixed kernel window (it may lie above 4 GiB and outside the direct map), write-combining when
 * the CPU has PAT; the EGA buffer is reached through the direct map. Formats the backends cannot
 * drive are refused with a log line and the machine stays headless. Shift+PgUp/PgDn scroll the
 * view through the scrollback; any other key returns to the live screen first.
 */
#include <keel/cpu.h>
#include <keel/cpuinfo.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/log.h>
#include <keel/mm.h>
#include <keel/module.h>
#include <keel/task.h>

#include "drivers/ps2kbd.h"
#include "kernel/console/console.h"
#include "kernel/console/console_priv.h"
#include "kernel/core/boot.h"
#include "term/backend_fb.h"
#include "term/backend_vga.h"
#include "term/term.h"
#include "term/view.h"

#define FB_WINDOW 0xFFFFFE0000000000ull   /* framebuffer mapping window (kernel half) */
#define MSR_PAT 0x277
#define PAT_WC 0x01

/* ---------------------------------------------------------------- console side */

struct console *console_create_display(const char *name, const struct term_backend *be, void *be_ctx, int rows,
				       int cols)
{
	struct console *c = kzalloc(sizeof(*c));

	if (!c)
		return NULL;
	if (console_init_common(c, name, rows, cols) < 0)
		goto free_console;
	c->display = be;
	c->display_ctx = be_ctx;
	c->size_fixed = true;
	term_attach(c->term, be, be_ctx);
	if (console_register(c) < 0)
		goto free_common;
	if (console_start(c) < 0)
		pr_err("display", "%s: cannot start the console task: out of memory", name);
	return c;

free_common:
	console_destroy_common(c);
free_console:
	kfree(c);
	return NULL;
}

bool console_view_key(const struct term_key_event *ev)
{
	return ev->type == TERM_KEV_KEY && ev->mods == TERM_MOD_SHIFT &&
	       (ev->key == TERM_KEY_PGUP || ev->key == TERM_KEY_PGDN);
}

void console_view_live(struct console *c)
{
	if (c->view) {
		c->view = 0;
		term_attach(c->term, c->display, c->display_ctx);
	}
}

void console_view_scroll(struct console *c, const struct term_key_event *ev)
{
	unsigned step = (unsigned)(c->rows > 2 ? c->rows / 2 : 1);
	unsigned v = ev->key == TERM_KEY_PGUP ? c->view + step : (c->view > step ? c->view - step : 0);

	if (!c->display)
		return;
	if (v > term_view_max(c->term))
		v = term_view_max(c->term);
	if (v == 0) {
		console_view_live(c);
	} else {
		if (c->view == 0)
			term_attach(c->term, NULL, NULL); /* live output waits, as damage */
		c->view = term_view_draw(c->term, c->display, c->display_ctx, v);
	}
}

static void display_key(const struct term_key_event *ev, void *ctx)
{
	console_key_input(ctx, ev);
}

/* ---------------------------------------------------------------- hardware */

/* Context: the console task (the VGA backend's cursor hook). */
static void vga_cursor(void *ctx, unsigned pos, bool visible)
{
	(void)ctx;
	outb(0x3D4, 0x0A);
	outb(0x3D5, visible ? 0x0E : 0x20);          /* cursor start line 14, or disabled */
	outb(0x3D4, 0x0B);
	outb(0x3D5, 0x0F);
	outb(0x3D4, 0x0F);
	outb(0x3D5, (uint8_t)pos);
	outb(0x3D4, 0x0E);
	outb(0x3D5, (uint8_t)(pos >> 8));
}

/* Attribute bit 7 selects a bright background instead of blinking. */
static void vga_blink_off(void)
{
	uint8_t v;

	(void)inb(0x3DA);               /* attribute controller to its index state */
	outb(0x3C0, 0x30);              /* mode control, palette address source kept on */
	v = inb(0x3C1);
	outb(0x3C0, (uint8_t)(v & ~0x08));
}

static void pat_enable_wc(void)
{
	uint64_t pat = rdmsr(MSR_PAT);

	/* entry 1 (PWT alone) becomes write-combining; paging.c maps PAGE_WRITE_COMBINE there */
	pat = (pat & ~(0xFFull << 8)) | ((uint64_t)PAT_WC << 8);
	wrmsr(MSR_PAT, pat);
	__asm__ volatile("wbinvd" ::: "memory");
}

static void *map_fb(const struct boot_framebuffer *fb, bool *wc)
{
	uint64_t size = (uint64_t)fb->pitch * fb->height, off = fb->addr & 0xFFF;
	const struct cpuinfo *ci = cpuinfo_get();
	frame_range_t fr = frame_range_covering(paddr(fb->addr), size);
	page_range_t pr = page_range_covering(vaddr(FB_WINDOW), fr.count * 4096);
	unsigned flags = PAGE_WRITE;

	*wc = ci && ci->has_pat;
	if (*wc) {
		pat_enable_wc();
		flags |= PAGE_WRITE_COMBINE;
	}
	if (paging_map_range(pr, fr.start, flags) < 0)
		return NULL;
	return (void *)(uintptr_t)(FB_WINDOW + off);
}

static struct console *start_vga(const struct boot_framebuffer *fb)
{
	struct term_vga_hw hw = { vga_cursor, NULL, true };
	struct term_vga *v;
	struct console *c;

	if (fb->width < 10 || fb->height < 4 || fb->width > 256 || fb->height > 256) {
		pr_warn("display", "EGA text %ux%u: unusable size; staying headless", fb->width, fb->height);
		return NULL;
	}
	vga_blink_off();
	v = term_vga_new(&console_term_alloc, phys_ptr(paddr(fb->addr)), (int)fb->height, (int)fb->width, &hw);
	if (!v)
		return NULL;
	c = console_create_display("vga", &term_vga_backend, v, (int)fb->height, (int)fb->width);
	if (!c)
		term_vga_free(v);
	else
		pr_info("display", "VGA text %ux%u at 0x%llx", fb->width, fb->height, (unsigned long long)fb->addr);
	return c;
}

static struct console *start_fb(const struct boot_framebuffer *fb)
{
	struct term_fb_format f = { fb->width, fb->height, fb->pitch, fb->bpp, fb->red_pos, fb->red_size,
				    fb->green_pos, fb->green_size, fb->blue_pos, fb->blue_size };
	const char *why;
	struct term_fb *b;
	struct console *c;
	bool wc;
	void *mem;
	int rows, cols;

	if (term_fb_check_format(&f, &why) < 0) {
		pr_warn("display", "framebuffer %ux%u %u bpp: %s; staying headless", fb->width, fb->height, fb->bpp, why);
		return NULL;
	}
	mem = map_fb(fb, &wc);
	if (!mem) {
		pr_err("display", "cannot map the framebuffer at 0x%llx", (unsigned long long)fb->addr);
		return NULL;
	}
	b = term_fb_new(&console_term_alloc, mem, &f, &term_font_default);
	if (!b) {
		pr_err("display", "framebuffer %ux%u: out of memory for the shadow buffer", fb->width, fb->height);
		return NULL;
	}
	term_fb_grid(b, &rows, &cols);
	c = console_create_display("fb", &term_fb_backend, b, rows, cols);
	if (!c) {
		term_fb_free(b);
		return NULL;
	}
	pr_info("display", "framebuffer %ux%u %u bpp pitch %u at 0x%llx (R%u:%u G%u:%u B%u:%u)%s: %dx%d cells",
		fb->width, fb->height, fb->bpp, fb->pitch, (unsigned long long)fb->addr, fb->red_pos, fb->red_size,
		fb->green_pos, fb->green_size, fb->blue_pos, fb->blue_size, wc ? ", write-combining" : "", cols, rows);
	return c;
}

static int display_console_init(void)
{
	const struct boot_info *bi = boot_info_get();
	struct console *c = NULL;
	int rows, cols;

	if (!bi || bi->fb.type == BOOT_FB_NONE) {
		pr_info("display", "no display: headless");
		return -ENODEV;
	}
	if (!console_display_allowed(bi->fb.type == BOOT_FB_EGA_TEXT ? "vga" : "fb", &rows, &cols)) {
		pr_info("display", "no console on the display (keel.console=)");
		return -ENODEV;
	}
	c = bi->fb.type == BOOT_FB_EGA_TEXT ? start_vga(&bi->fb) : start_fb(&bi->fb);
	if (!c)
		return -ENODEV;
	if (!ps2kbd_present())
		pr_info("display", "%s: no keyboard; the display shows output only", c->name);
	ps2kbd_set_consumer(display_key, c);
	return 0;
}

/* After boot complete (the serial console comes first), after the deferred PS/2 keyboard. */
MODULE_INIT_DEFERRED(console_display, SERVICE, display_console_init);
