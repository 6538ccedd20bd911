# Display backends (VGA text, framebuffer), the scrollback view, the font converted at build time
# from a Linux console font (Debian console-setup-linux), their host tests and the benchmark.

DISPLAY_TERM_SRCS := term/backend_vga.c term/backend_fb.c term/font.c term/view.c
MODULE_SRCS += $(DISPLAY_TERM_SRCS)

TERM_FONT_PSF ?= /usr/share/consolefonts/Uni2-Terminus16.psf.gz
build/gen/term_font_data.h: tools/psf2c.py $(TERM_FONT_PSF)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/psf2c.py $(TERM_FONT_PSF) $@

$(KBUILD)/obj/term/font.c.o build/host/obj/term/font.o build/fuzz/obj/term/font.o \
	build/bench/obj/term/font.o: build/gen/term_font_data.h

DISPLAY_TEST_SRCS := tests/unit/term_test_util.c tools/term_host_util.c $(TERM_SRCS) $(DISPLAY_TERM_SRCS) \
	$(CHECK_SRCS)
HOST_TESTS += build/host/test_term_vga build/host/test_term_fb build/host/test_ps2kbd
build/host/test_term_vga: $(call host_objs,tests/unit/test_term_vga.c $(DISPLAY_TEST_SRCS))
	$(host_link)
build/host/test_term_fb: $(call host_objs,tests/unit/test_term_fb.c $(DISPLAY_TEST_SRCS))
	$(host_link)
build/host/test_ps2kbd: $(call host_objs,tests/unit/test_ps2kbd.c drivers/ps2kbd_decode.c $(CHECK_SRCS))
	$(host_link)

BENCH_TARGETS += build/bench/bench_fb
build/bench/bench_fb: $(call bench_objs,tests/bench/bench_fb.c tools/term_host_util.c $(TERM_SRCS) \
	$(DISPLAY_TERM_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(bench_link)

# Scancodes come from hardware: the decoder must survive any byte sequence.
FUZZ_TARGETS += build/fuzz/fuzz_ps2kbd
build/fuzz/fuzz_ps2kbd: $(call fuzz_objs,tests/fuzz/fuzz_ps2kbd.c drivers/ps2kbd_decode.c)
	@mkdir -p $(dir $@)
	$(fuzz_link)
