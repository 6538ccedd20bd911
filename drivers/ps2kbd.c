/*
 * PS/2 keyboard (see ps2kbd.h). Controller set-up follows the 8042 conventions: both ports
 * disabled while configuring, output buffer flushed, controller self-test (0xAA -> 0x55),
 * first-port test (0xAB -> 0), port 1 enabled with its interrupt, translation left as the
 * firmware set it (on: the keyboard's set 2 arrives translated to set 1; off: raw set 2). The
 * keyboard is told to scan (0xF4) and given a typematic rate (0xF3: 500 ms delay, 30/s) for
 * key repeat; no acknowledgement means no keyboard.
 */
#include <keel/cpu.h>
#include <keel/dirq.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/time.h>

#include "drivers/ps2kbd.h"
#include "drivers/ps2kbd_decode.h"

#define PS2_DATA 0x60
#define PS2_STATUS 0x64
#define PS2_CMD 0x64
#define ST_OUT_FULL 0x01
#define ST_IN_FULL 0x02
#define CFG_IRQ1 0x01
#define CFG_IRQ2 0x02
#define CFG_CLOCK1_OFF 0x10
#define CFG_TRANSLATE 0x40

struct ps2kbd_event {
	uint8_t byte;
};

DIRQ_DEFINE(ps2kbd_dirq, struct ps2kbd_event);

static struct ps2kbd_dirq kbd_dirq;
static struct ps2kbd_dec kbd_dec;
static bool kbd_present;
static ps2kbd_consumer_fn kbd_consumer;
static void *kbd_consumer_ctx;

static bool wait_write(void)
{
	for (int i = 0; i < 10000; i++) {
		if (!(inb(PS2_STATUS) & ST_IN_FULL))
			return true;
		time_udelay(10);
	}
	return false;
}

static int read_data(unsigned timeout_ms)
{
	for (unsigned i = 0; i < timeout_ms * 100; i++) {
		if (inb(PS2_STATUS) & ST_OUT_FULL)
			return inb(PS2_DATA);
		time_udelay(10);
	}
	return -ETIMEDOUT;
}

static bool cmd(uint8_t c)
{
	if (!wait_write())
		return false;
	outb(PS2_CMD, c);
	return true;
}

static bool write_data(uint8_t v)
{
	if (!wait_write())
		return false;
	outb(PS2_DATA, v);
	return true;
}

/* A byte to the keyboard, waiting for its acknowledgement (0xFA); resends on 0xFE. */
static int kbd_send(uint8_t v)
{
	for (int tries = 0; tries < 3; tries++) {
		int r;
		if (!write_data(v))
			return -ETIMEDOUT;
		r = read_data(100);
		if (r == 0xFA)
			return 0;
		if (r != 0xFE)
			return r < 0 ? r : -EIO;
	}
	return -EIO;
}

static void flush_output(void)
{
	for (int i = 0; i < 64 && (inb(PS2_STATUS) & ST_OUT_FULL); i++)
		(void)inb(PS2_DATA);
}

/* Context: IRQ; must not block. */
static void kbd_top(struct ps2kbd_dirq *d, void *ctx)
{
	(void)ctx;
	for (int i = 0; i < 16 && (inb(PS2_STATUS) & ST_OUT_FULL); i++) {
		struct ps2kbd_event ev = { inb(PS2_DATA) };
		ps2kbd_dirq_post(d, &ev);
	}
}

/* Context: the keyboard's bottom-half task. */
static void kbd_bottom(struct ps2kbd_dirq *d, const struct ps2kbd_event *e, void *ctx)
{
	struct term_key_event ev;
	ps2kbd_consumer_fn fn = __atomic_load_n(&kbd_consumer, __ATOMIC_ACQUIRE);

	(void)d;
	(void)ctx;
	if (ps2kbd_dec_byte(&kbd_dec, e->byte, &ev) && fn)
		fn(&ev, kbd_consumer_ctx);
	if (kbd_dec.leds_changed) {
		kbd_dec.leds_changed = false;
		/* the acknowledgements arrive through the interrupt and are ignored by the decoder */
		if (write_data(0xED))
			write_data(ps2kbd_dec_leds(&kbd_dec));
	}
}

bool ps2kbd_present(void)
{
	return kbd_present;
}

void ps2kbd_set_consumer(ps2kbd_consumer_fn fn, void *ctx)
{
	kbd_consumer_ctx = ctx;
	__atomic_store_n(&kbd_consumer, fn, __ATOMIC_RELEASE);
}

static int ps2kbd_init(void)
{
	int cfg, r;

	if (inb(PS2_STATUS) == 0xFF) {
		pr_info("ps2kbd", "no PS/2 controller");
		return -ENODEV;
	}
	if (!cmd(0xAD) || !cmd(0xA7))
		goto absent;
	flush_output();
	if (!cmd(0x20) || (cfg = read_data(50)) < 0)
		goto absent;
	if (!cmd(0xAA) || read_data(500) != 0x55)
		goto absent;
	if (!cmd(0xAB) || read_data(100) != 0x00) {
		pr_info("ps2kbd", "PS/2 first port failed its test");
		return -ENODEV;
	}
	cfg = (cfg & ~(CFG_IRQ1 | CFG_IRQ2 | CFG_CLOCK1_OFF)) & 0xFF;   /* 0xAD set the clock-off bit */
	if (!cmd(0x60) || !write_data((uint8_t)cfg) || !cmd(0xAE))
		goto absent;
	flush_output();
	r = kbd_send(0xF4);
	if (r < 0) {
		pr_info("ps2kbd", "no keyboard on the PS/2 port (%d)", r);
		return -ENODEV;
	}
	if (kbd_send(0xF3) == 0)
		(void)kbd_send(0x20);
	flush_output();
	ps2kbd_dec_init(&kbd_dec, (cfg & CFG_TRANSLATE) ? 1 : 2);
	r = ps2kbd_dirq_register(&kbd_dirq, "ps2kbd", 1, kbd_top, kbd_bottom, NULL, 64, 0);
	if (r < 0) {
		pr_err("ps2kbd", "cannot take IRQ 1: %d", r);
		return r;
	}
	if (!cmd(0x60) || !write_data((uint8_t)(cfg | CFG_IRQ1))) {
		ps2kbd_dirq_unregister(&kbd_dirq);
		goto absent;
	}
	kbd_present = true;
	pr_info("ps2kbd", "keyboard on IRQ 1, scancode set %u%s", kbd_dec.set, (cfg & CFG_TRANSLATE) ? " (translated)" : "");
	return 0;

absent:
	pr_info("ps2kbd", "PS/2 controller does not answer");
	return -ENODEV;
}

/* After boot complete: the serial console does not need the keyboard (the display console, which
 * does, is deferred too and comes later in level order). */
MODULE_INIT_DEFERRED(ps2kbd, DRIVER, ps2kbd_init);
