#!/bin/sh
# Run each libFuzzer target for SECONDS under ASan+UBSan, keeping a corpus per target in
# build/fuzz/corpus/<name> (seeded from tests/fuzz/corpus/<name> and build/fuzz/seed/<name> when
# present), as many at a time as there are CPUs (each target is one process on one CPU). Prints
# each result in the targets' order, then "fuzz: N passed, N failed"; a crash keeps its
# reproducer in build/fuzz/.
cd "$(dirname "$0")/.." || exit 1 # paths (targets, corpora, seeds) are the repository's, wherever this is run from
secs=$1
shift
jobs=$(nproc 2>/dev/null || echo 1)

run_one() {
	name=$(basename "$1")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus"
	seeds=""
	for d in tests/fuzz/corpus/$name build/fuzz/seed/$name; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	# shellcheck disable=SC2086
	if "$1" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz/"$name"- \
		"$corpus" $seeds >build/fuzz/"$name".log 2>&1; then
		echo ok >build/fuzz/"$name".status
	else
		echo failed >build/fuzz/"$name".status
	fi
}

mkdir -p build/fuzz
batch=0
for f in "$@"; do
	rm -f build/fuzz/"$(basename "$f")".status
	run_one "$f" &
	batch=$((batch + 1))
	if [ "$batch" -ge "$jobs" ]; then
		wait
		batch=0
	fi
done
wait

passed=0
failed=0
for f in "$@"; do
	name=$(basename "$f")
	if [ "$(cat build/fuzz/"$name".status 2>/dev/null)" = ok ]; then
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
