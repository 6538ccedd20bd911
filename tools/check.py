#!/usr/bin/env python3
"""`make check`: build everything and run every suite, in order, stopping at nothing.

Suites: builds (gcc and clang kernels, nano image, ISOs, host tools), compile-fail checks of the
typed addresses, host unit tests (ASan+UBSan), fuzzers (briefly), in-kernel tests under QEMU for
both compilers, and end-to-end boots. Every suite prints "name: N passed, N failed"; this script
ends with "check: N passed, N failed" over the suites and exits non-zero if any failed.
"""
import os
import re
import subprocess
import sys
import time

MAKE = ["make", "--no-print-directory", "-j%d" % max(2, os.cpu_count() or 2)]
results = []


def run(name, cmd, env=None):
    print("\n==== %s: %s" % (name, " ".join(cmd)), flush=True)
    t0 = time.monotonic()
    e = dict(os.environ)
    e.update(env or {})
    rc = subprocess.call(cmd, env=e)
    dt = time.monotonic() - t0
    results.append((name, rc == 0, dt))
    print("==== %s: %s (%.1fs)" % (name, "ok" if rc == 0 else "FAILED", dt), flush=True)
    return rc == 0


def build_suite():
    steps = [
        ("gcc kernel, tools, iso", MAKE + ["all", "iso", "build/keel-nano.elf", "build/keel-nano.iso"]),
        ("nano size", MAKE + ["nano"]),
        ("clang kernel", MAKE + ["CC=clang", "build/clang/keel.elf", "build/clang/keel-test.elf", "build/clang/keel-nano.elf"]),
    ]
    passed = failed = 0
    for what, cmd in steps:
        print("-- build %s" % what, flush=True)
        if subprocess.call(cmd) == 0:
            passed += 1
        else:
            failed += 1
            print("FAIL build %s" % what, flush=True)
    print("build: %d passed, %d failed" % (passed, failed), flush=True)
    return failed == 0


def compile_fail_suite():
    cc = os.environ.get("CC", "gcc")
    passed = failed = 0
    d = "tests/unit/compile_fail"
    for f in sorted(os.listdir(d)):
        if not f.endswith(".c"):
            continue
        for compiler in (cc, "clang"):
            rc = subprocess.call([compiler, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Ikernel/include",
                                  "-fsyntax-only", os.path.join(d, f)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            want_ok = f.startswith("control")
            if (rc == 0) == want_ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s with %s: %s" % (f, compiler, "did not compile" if want_ok else "compiled"))
    print("compile-fail: %d passed, %d failed" % (passed, failed), flush=True)
    return failed == 0


def main():
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    t0 = time.monotonic()
    results.append(("build", build_suite(), 0))
    results.append(("compile-fail", compile_fail_suite(), 0))
    run("unit", MAKE + ["check-unit"])
    run("fuzz", MAKE + ["check-fuzz"])
    run("ktest (gcc)", [sys.executable, "tests/qemu/ktest.py", "build/keel-test.elf"])
    run("ktest (clang)", [sys.executable, "tests/qemu/ktest.py", "build/clang/keel-test.elf"])
    run("ktest (I/O APIC, LAPIC timer)", [sys.executable, "tests/qemu/ktest.py", "build/keel-test.elf", "-append",
                                          "keel.test keel.irqchip=ioapic keel.timer=lapic"])
    run("qemu", MAKE + ["check-qemu"])
    for script in sorted(os.listdir("tests/qemu")):
        if re.match(r"test_.*\.py$", script):
            run("qemu " + script, [sys.executable, os.path.join("tests/qemu", script)])
    passed = sum(1 for _, ok, _ in results if ok)
    failed = len(results) - passed
    print("\n==== summary (%.0fs)" % (time.monotonic() - t0))
    for name, ok, _ in results:
        print("  %-24s %s" % (name, "ok" if ok else "FAILED"))
    print("check: %d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
