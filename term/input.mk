# term/ input side: key decoder and line editor (plain freestanding C, kernel and host), their
# host tests and fuzz target. (term/term.mk is the terminal core's fragment.)

TERM_INPUT_SRCS := term/keys.c term/keys_map.c term/lineedit.c term/lineedit_draw.c term/lineedit_hist.c
MODULE_SRCS += $(TERM_INPUT_SRCS)

HOST_TESTS += build/host/test_keys

build/host/test_keys: $(call host_objs,tests/unit/test_keys.c term/keys.c term/keys_map.c $(CHECK_SRCS))
	$(host_link)

FUZZ_TARGETS += build/fuzz/fuzz_keys
build/fuzz/fuzz_keys: $(call fuzz_objs,tests/fuzz/fuzz_keys.c term/keys.c term/keys_map.c tools/keel_assert_host.c)
	@mkdir -p $(dir $@)
	$(fuzz_link)

HOST_TESTS += build/host/test_lineedit
LE_TEST_SRCS := tests/unit/le_fixture.c tests/unit/vt_model.c $(TERM_INPUT_SRCS) $(CHECK_SRCS)
build/host/test_lineedit: $(call host_objs,tests/unit/test_lineedit.c $(LE_TEST_SRCS))
	$(host_link)

HOST_TESTS += build/host/test_lineedit_stress
build/host/test_lineedit_stress: $(call host_objs,tests/unit/test_lineedit_stress.c $(LE_TEST_SRCS))
	$(host_link)

