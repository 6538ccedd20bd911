#!/bin/sh
# Run host test binaries one after another; each prints its own "suite: N passed, N failed".
# Exit non-zero if any fails (its output is shown in full; passing suites show the summary).
status=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "$out"
		echo "$t: FAILED (exit $rc)"
		status=1
	else
		echo "$out" | grep -E '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed' || { echo "$t: no summary line"; status=1; }
	fi
done
exit $status
