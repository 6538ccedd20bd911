#!/usr/bin/env python3
"""`make bench`: boot Keel with `keel.bench` and report the in-kernel benchmark.

The kernel (kernel/bench/kbench.c) measures in TSC cycles and prints one line per measurement;
this script collects them and prints median and 99th percentile per measurement, with the
nanosecond equivalent at the calibrated TSC rate. Under QEMU's TCG the figures describe the
emulator as much as the kernel: compare runs on the same host, not against hardware numbers.
Usage: kbench.py [kernel.elf] (default: $KEEL_ELF or build/keel-test.elf).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_lib import EXIT_PASS, Machine, Timeout  # noqa: E402

EXPECTED = [
    "context_switch",
    "irq_to_bottom_half",
    "irq_to_bottom_half_immediate",
    "channel_send_recv",
    "channel_roundtrip_2tasks",
]
LINE = re.compile(r"kbench: (\w+) n=(\d+) median=(\d+) p99=(\d+) min=(\d+) max=(\d+)")


def main():
    elf = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("KEEL_ELF", "build/keel-test.elf")
    with Machine(["-M", "pc", "-kernel", elf, "-append", "keel.bench"]) as m:
        try:
            rc = m.wait_exit(300)
        except Timeout as e:
            print("kbench: %s" % e)
            print(m.text())
            return 1
        text = m.text()
    hz = re.search(r"kbench: start tsc_hz=(\d+)", text)
    results = {g[0]: [int(x) for x in g[1:]] for g in LINE.findall(text)}
    missing = [n for n in EXPECTED if n not in results]
    if rc != EXIT_PASS or missing or not hz:
        print("kbench: failed (exit %s, missing %s)" % (rc, missing))
        print(text)
        return 1
    ghz = int(hz.group(1)) / 1e9
    print("kbench: %s, TSC %.3f GHz (QEMU TCG: emulated time)" % (elf, ghz))
    print("%-30s %8s %12s %12s %10s %10s" % ("measurement", "samples", "median cyc", "p99 cyc", "median ns", "p99 ns"))
    for name in EXPECTED:
        n, med, p99, _lo, _hi = results[name]
        print("%-30s %8d %12d %12d %10.0f %10.0f" % (name, n, med, p99, med / ghz, p99 / ghz))
    return 0


if __name__ == "__main__":
    sys.exit(main())
