# kernel/shell/: command-line parsing and the static command table (plain C, host-tested),
# plus the kernel's accessor for the linker-section table.

SHELL_PLAIN_SRCS := kernel/shell/shell_parse.c kernel/shell/shell_cmd.c kernel/shell/shell_glob.c
SHELL_FILTER_SRCS := kernel/shell/shell_lines.c kernel/shell/shell_regex.c kernel/shell/shell_text.c
MODULE_SRCS += $(SHELL_PLAIN_SRCS) $(SHELL_FILTER_SRCS) kernel/shell/shell_table.c kernel/shell/shell.c \
	kernel/shell/shell_fs.c kernel/shell/shell_input.c kernel/shell/shell_pipe.c kernel/shell/shell_expand.c \
	$(wildcard kernel/shell/cmd_*.c)

HOST_TESTS += build/host/test_shell_parse build/host/test_shell_cmd build/host/test_shell_glob

# (term/input.mk is read after this file, so its variables are not set yet here)
SHELL_TERM_SRCS := term/keys.c term/keys_map.c term/lineedit.c term/lineedit_draw.c term/lineedit_hist.c

build/host/test_shell_parse: $(call host_objs,tests/unit/test_shell_parse.c kernel/shell/shell_parse.c $(CHECK_SRCS))
	$(host_link)

build/host/test_shell_glob: $(call host_objs,tests/unit/test_shell_glob.c tests/unit/glob_fake.c kernel/shell/shell_glob.c \
		kernel/shell/shell_parse.c $(CHECK_SRCS))
	$(host_link)

build/host/test_shell_cmd: $(call host_objs,tests/unit/test_shell_cmd.c $(SHELL_PLAIN_SRCS) \
		$(SHELL_TERM_SRCS) tests/unit/le_fixture.c tests/unit/vt_model.c $(CHECK_SRCS))
	$(host_link)

FUZZ_TARGETS += build/fuzz/fuzz_shell_parse
build/fuzz/fuzz_shell_parse: $(call fuzz_objs,tests/fuzz/fuzz_shell_parse.c kernel/shell/shell_parse.c tools/keel_assert_host.c)
	@mkdir -p $(dir $@)
	$(fuzz_link)

HOST_TESTS += build/host/test_shell_lines build/host/test_shell_regex build/host/test_shell_text

build/host/test_shell_lines: $(call host_objs,tests/unit/test_shell_lines.c kernel/shell/shell_lines.c $(CHECK_SRCS))
	$(host_link)

build/host/test_shell_regex: $(call host_objs,tests/unit/test_shell_regex.c tests/unit/regex_ref.c \
		kernel/shell/shell_regex.c $(CHECK_SRCS))
	$(host_link)

build/host/test_shell_text: $(call host_objs,tests/unit/test_shell_text.c kernel/shell/shell_text.c kernel/lib/msort.c $(CHECK_SRCS))
	$(host_link)

FUZZ_TARGETS += build/fuzz/fuzz_shell_glob
build/fuzz/fuzz_shell_glob: $(call fuzz_objs,tests/fuzz/fuzz_shell_glob.c tests/unit/glob_fake.c kernel/shell/shell_glob.c \
		kernel/shell/shell_parse.c \
		tools/keel_assert_host.c)
	@mkdir -p $(dir $@)
	$(fuzz_link)

FUZZ_TARGETS += build/fuzz/fuzz_shell_regex
build/fuzz/fuzz_shell_regex: $(call fuzz_objs,tests/fuzz/fuzz_shell_regex.c tests/unit/regex_ref.c \
		kernel/shell/shell_regex.c tools/keel_assert_host.c)
	@mkdir -p $(dir $@)
	$(fuzz_link)
