#!/usr/bin/env python3
"""Run Thomas Dickey's esctest2 (xterm's conformance suite) against Keel's terminal core.

Each test runs in its own esctest process inside build/host/termhost (25x80, one pty per test,
--expected-terminal=xterm --max-vt-level=5), so a reply that goes astray in one test cannot
shift the answers of the next. The suite is external: fetch github:ThomasDickey/esctest2 outside
the repository and pass the path of its esctest/ directory (or of the checkout). Not part of
`make check`. Usage:
    tools/esctest_run.py ESCTEST_DIR [--termhost build/host/termhost] [-j 2] [--include REGEX]
                         [--results FILE] [--timeout SECONDS]
Prints one line per failing test, the failure groups (test class) and a summary line
"N passed, N failed" (known-bug and VT-level skips are counted separately).
"""
import argparse
import collections
import concurrent.futures
import inspect
import os
import re
import subprocess
import sys
import tempfile


def list_tests(esctest_dir):
    """Names ("Class.test_name") of every test, enumerated the way esctest.py does."""
    code = (
        "import sys, inspect\n"
        "import escargs\n"
        "escargs.args = escargs.parser.parse_args([])\n"
        "import esc, esccmd, escio, esclog, esctypes, escutil\n"
        "import tests\n"
        "for c in tests.tests:\n"
        "  o = c()\n"
        "  for n, m in inspect.getmembers(o, predicate=inspect.ismethod):\n"
        "    if n.startswith('test_'):\n"
        "      print(c.__name__ + '.' + n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=esctest_dir, check=True,
                         capture_output=True, text=True).stdout
    return [line for line in out.split("\n") if line]


def run_one(name, esctest_dir, termhost, timeout):
    """Run one test; returns (name, status, detail) with status pass/fail/skip/timeout."""
    with tempfile.TemporaryDirectory(prefix="esctest-") as tmp:
        log = os.path.join(tmp, "log")
        cmd = [termhost, "-r", "25", "-c", "80", "--", sys.executable,
               os.path.join(esctest_dir, "esctest.py"), "--expected-terminal=xterm",
               "--max-vt-level=5", "--no-print-logs", "--logfile", log,
               "--include", "^" + re.escape(name) + "$"]
        try:
            subprocess.run(cmd, cwd=esctest_dir, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=timeout)
        except subprocess.TimeoutExpired:
            return name, "timeout", ""
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            return name, "fail", "no log"
    if "Passed." in text:
        return name, "pass", ""
    if "Fails as expected" in text or "Skipped because" in text:
        return name, "skip", ""
    lines = [l for l in text.split("\n") if l.strip()]
    detail = ""
    for l in reversed(lines):
        if "Error" in l or "Exception" in l or "expected" in l:
            detail = l.strip()
            break
    return name, "fail", detail[:200]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("esctest")
    ap.add_argument("--termhost", default="build/host/termhost")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--include", default=".*")
    ap.add_argument("--results", help="write 'status name detail' lines here")
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()

    esctest_dir = os.path.abspath(args.esctest)
    if os.path.isdir(os.path.join(esctest_dir, "esctest")):
        esctest_dir = os.path.join(esctest_dir, "esctest")
    termhost = os.path.abspath(args.termhost)
    if not os.access(termhost, os.X_OK):
        sys.exit("esctest_run: %s not built (make build/host/termhost)" % termhost)
    names = [n for n in list_tests(esctest_dir) if re.search(args.include, n)]

    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        futs = [pool.submit(run_one, n, esctest_dir, termhost, args.timeout) for n in names]
        for f in futs:
            results.append(f.result())

    counts = collections.Counter(status for _, status, _ in results)
    groups = collections.Counter(n.split(".")[0] for n, s, _ in results if s in ("fail", "timeout"))
    for n, s, d in results:
        if s in ("fail", "timeout"):
            print("%s %s %s" % (s.upper(), n, d))
    if groups:
        print("failure groups: " + ", ".join("%s %d" % g for g in groups.most_common()))
    if args.results:
        with open(args.results, "w") as f:
            for n, s, d in results:
                f.write("%s %s %s\n" % (s, n, d))
    print("esctest2: %d skipped (known bug or VT level)" % counts["skip"])
    print("%d passed, %d failed" % (counts["pass"], counts["fail"] + counts["timeout"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
