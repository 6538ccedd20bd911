# term/: the terminal core (parser, state, screen grid, backends) and its host tools, tests,
# fuzzers and benchmark. The width table is generated from Debian's unicode-data at build time.

TERM_SRCS := term/parser.c term/parser_fast.c term/state.c term/state_print.c term/state_csi.c term/state_sgr.c term/state_reply.c \
	term/state_color.c term/state_mode.c term/state_dec.c term/screen.c term/screen_store.c term/screen_reflow.c term/screen_budget.c term/screen_rect.c \
	term/width.c term/term.c term/palette.c term/backend_serial.c
MODULE_SRCS += $(TERM_SRCS)

UNICODE_DIR ?= /usr/share/unicode
build/gen/term_width_table.h: tools/gen_term_width.py $(UNICODE_DIR)/UnicodeData.txt $(UNICODE_DIR)/EastAsianWidth.txt
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen_term_width.py $(UNICODE_DIR) $@

# every object of width.c (kernel, host, fuzz, bench) needs the generated table first
$(KBUILD)/obj/term/width.c.o build/host/obj/term/width.o build/fuzz/obj/term/width.o \
	build/bench/obj/term/width.o: build/gen/term_width_table.h

# ---- host tools
HOST_TOOLS += build/host/termdump build/host/termhost build/host/termtest
build/host/termdump: $(call host_objs,tools/termdump.c tools/term_host_util.c tools/keel_assert_host.c $(TERM_SRCS) kernel/lib/strerror.c)
	$(host_link)
build/host/termhost: $(call host_objs,tools/termhost.c tools/term_host_util.c tools/keel_assert_host.c $(TERM_SRCS) kernel/lib/strerror.c)
	$(host_link)
HOST_LDLIBS_termhost := -lutil
build/host/termtest: $(call host_objs,tools/termtest.c tools/term_host_util.c tools/keel_assert_host.c $(TERM_SRCS) kernel/lib/strerror.c)
	$(host_link)

# ---- unit tests
TERM_TEST_SRCS := tests/unit/term_test_util.c tools/term_host_util.c $(TERM_SRCS) $(CHECK_SRCS)
TERM_UNIT_TESTS := test_term_parser test_term_text test_term_cursor test_term_edit test_term_sgr test_term_replies test_term_margins test_term_dec \
	test_term_modes test_term_screen test_term_budget test_term_reflow test_term_serial
HOST_TESTS += $(addprefix build/host/,$(TERM_UNIT_TESTS))
$(foreach t,$(TERM_UNIT_TESTS),$(eval build/host/$(t): $(call host_objs,tests/unit/$(t).c $(TERM_TEST_SRCS) $(if $(filter test_term_serial,$(t)),tests/diff/term_diff_gen.c tests/diff/vterm_dump.c)) ; $$(host_link)))

# ---- termhost end to end (runs the built tool)
HOST_TESTS += build/host/test_term_host
build/host/test_term_host: $(call host_objs,tests/unit/test_term_host.c $(TERM_TEST_SRCS)) | build/host/termhost
	$(host_link)

# ---- differential tests against libvterm
HOST_TESTS += build/host/test_term_diff
build/host/test_term_diff: $(call host_objs,tests/diff/test_term_diff.c tests/diff/term_diff_gen.c \
	tests/diff/vterm_dump.c tools/term_host_util.c $(TERM_SRCS) $(CHECK_SRCS))
	$(host_link)
HOST_LDLIBS_test_term_diff := -lvterm

# ---- fuzzers
FUZZ_TARGETS += build/fuzz/fuzz_term build/fuzz/fuzz_term_reflow
build/fuzz/fuzz_term: $(call fuzz_objs,tests/fuzz/fuzz_term.c tools/term_host_util.c $(TERM_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(fuzz_link)
build/fuzz/fuzz_term_reflow: $(call fuzz_objs,tests/fuzz/fuzz_term_reflow.c tools/term_host_util.c $(TERM_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(fuzz_link)

# ---- benchmark
BENCH_TARGETS += build/bench/bench_term
build/bench/bench_term: $(call bench_objs,tests/bench/bench_term.c tests/bench/bench_work.c tools/term_host_util.c \
	$(TERM_SRCS) kernel/lib/strerror.c tools/keel_assert_host.c)
	$(bench_link)
HOST_LDLIBS_bench_term := -lvterm
HOST_LDLIBS_test_term_serial := -lvterm

BENCH_TARGETS += build/bench/bench_keys
build/bench/bench_keys: $(call bench_objs,tests/bench/bench_keys.c $(TERM_INPUT_SRCS) $(TERM_SRCS) \
		tools/term_host_util.c tools/keel_assert_host.c)
	$(bench_link)
