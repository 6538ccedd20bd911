#!/bin/sh
# Run each libFuzzer target for SECONDS under ASan+UBSan, keeping a corpus per target in
# build/fuzz/corpus/<name> (seeded from tests/fuzz/corpus/<name> and build/fuzz/seed/<name> when
# present). Prints "fuzz: N passed, N failed"; a crash keeps its reproducer in build/fuzz/.
cd "$(dirname "$0")/.." || exit 1 # paths (targets, corpora, seeds) are the repository's, wherever this is run from
secs=$1
shift
passed=0
failed=0
for f in "$@"; do
	name=$(basename "$f")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	seeds=""
	for d in tests/fuzz/corpus/$name build/fuzz/seed/$name; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	# shellcheck disable=SC2086
	if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/"$name"- \
		"$corpus" $seeds >build/fuzz/"$name".log 2>&1; then
		runs=$(grep -o 'Done [0-9]* runs' build/fuzz/"$name".log | tail -1)
		echo "fuzz $name: ok (${runs:-ran})"
		passed=$((passed + 1))
	else
		tail -40 build/fuzz/"$name".log
		echo "fuzz $name: FAILED (log build/fuzz/$name.log)"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
