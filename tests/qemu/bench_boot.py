#!/usr/bin/env python3
"""`make bench`: Keel's own boot time, from the kernel's first instruction (TSC stamps).

Boots each configuration RUNS times one after another (SeaBIOS `-kernel`, the issue's reference
path; microvm; PVH on microvm; legacy-free microvm), reads the "boot complete ... N us from kernel
entry" line and the clock line, and prints the median and worst per configuration, plus the time
to the first log line (clock measured). Fails when the SeaBIOS -kernel median exceeds the 10 ms
target (kernel entry to boot complete, TCG).

Under TCG the boot's time is nearly all translation: QEMU translates each block of guest code the
first time it runs, and the host's speed at that varies by a factor of two between machines and
hours. So the bench also counts what the boot asks of the translator, which does not vary: the
translation blocks and guest instructions from kernel entry to boot_finish (one boot with
`-d in_asm` on the SeaBIOS -kernel path), and what one fresh block costs on this host (the test
image's `keel.bench=tcg`: chains of one-jump blocks run twice), so a reader can tell a slower
boot from a slower host.
"""
import bisect
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
BUILD = os.path.join(ROOT, os.environ.get("KEEL_BUILD", "build"))
RUNS = int(os.environ.get("BENCH_BOOT_RUNS", "15"))
TARGET_US = 10000

CONFIGS = [
    ("seabios-kernel", ["-M", "pc"], "keel.elf"),
    ("microvm", ["-M", "microvm"], "keel.elf"),
    ("pvh-microvm", ["-M", "microvm"], "keel-pvh.elf"),
    ("microvm-legacy-free", ["-M", "microvm,pic=off,pit=off"], "keel.elf"),
]


def read_until(cmd, pattern, timeout):
    """Run QEMU, read its serial output (stdout) until pattern matches or timeout, kill it; the text."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            chunk = p.stdout.read1(65536)
            if not chunk:
                break
            out += chunk
            if re.search(pattern, out):
                break
    finally:
        p.kill()
        p.wait()
    return out.decode("utf-8", "replace")


def boot_once(args, kernel):
    cmd = [QEMU] + args + ["-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
                           "-serial", "stdio", "-kernel", os.path.join(BUILD, kernel)]
    text = read_until(cmd, rb"boot complete: .* (\d+) us from kernel entry", 30)
    done = re.search(r"boot complete: .* (\d+) us from kernel entry", text)
    first = re.search(r"\[ *(\d+)\.(\d+)\] info  keel: Keel .* booting", text)
    if not done or not first:
        raise RuntimeError("no boot complete line:\n" + text[-800:])
    return int(done.group(1)), int(first.group(1)) * 1000000 + int(first.group(2))


def kernel_symbols(elf):
    out = subprocess.run(["nm", "-n", elf], capture_output=True, text=True, check=True).stdout
    syms = sorted((int(p[0], 16), p[2]) for p in (ln.split() for ln in out.splitlines())
                  if len(p) == 3 and p[1] in "tTwW")
    head = subprocess.run(["readelf", "-h", elf], capture_output=True, text=True, check=True).stdout
    entry = int(head.split("Entry point address:")[1].split()[0], 16)
    return syms, entry


def translation_count(kernel):
    """Blocks and instructions QEMU translated from kernel entry to the first block of boot_finish,
    and the functions with the most blocks."""
    elf = os.path.join(BUILD, kernel)
    syms, entry = kernel_symbols(elf)
    addrs = [a for a, _ in syms]
    stop = [a for a, n in syms if n == "boot_finish"]
    if not stop:
        raise RuntimeError("no boot_finish symbol in %s" % elf)
    with tempfile.TemporaryDirectory(prefix="keel-bench-") as tmp:
        log = os.path.join(tmp, "in_asm.log")
        cmd = [QEMU, "-M", "pc", "-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
               "-serial", "stdio", "-kernel", elf, "-d", "in_asm", "-D", log]
        read_until(cmd, rb"boot complete", 60)
        blocks = []
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("IN:"):
                    blocks.append([])
                elif blocks and line.startswith("0x"):
                    blocks[-1].append(int(line.split(":")[0], 16))
    starts = [b[0] for b in blocks if b]
    if entry not in starts or stop[0] not in starts:
        raise RuntimeError("the translation log has no kernel entry or no boot_finish")
    window = [b for b in blocks if b][starts.index(entry):starts.index(stop[0])]
    per = {}
    for b in window:
        name = syms[bisect.bisect_right(addrs, b[0]) - 1][1]
        per[name] = per.get(name, 0) + 1
    top = sorted(per.items(), key=lambda kv: -kv[1])[:5]
    return len(window), sum(len(b) for b in window), top


def fresh_block_ns():
    """Median cost of one fresh one-jump block on this host, in ns, over three boots of the test
    image with keel.bench=tcg."""
    vals = []
    for _ in range(3):
        cmd = [QEMU, "-M", "pc", "-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
               "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-kernel", os.path.join(BUILD, "keel-test.elf"), "-append", "keel.bench=tcg"]
        try:
            out = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, timeout=60).stdout
        except subprocess.TimeoutExpired:
            raise RuntimeError("keel.bench=tcg did not finish in 60 s")
        m = re.search(rb"kbench: tcg_fresh_block n=\d+ median=(\d+)", out)
        if not m:
            raise RuntimeError("no tcg_fresh_block line from keel.bench=tcg:\n" + out.decode("utf-8", "replace")[-800:])
        vals.append(int(m.group(1)))
    return statistics.median(vals)


def main():
    failed = 0
    blocks, insns, top = translation_count("keel.elf")
    block_ns = fresh_block_ns()
    print("boot seabios-kernel translation, kernel entry -> boot_finish: %d blocks, %d guest instructions"
          " (most: %s)" % (blocks, insns, ", ".join("%s %d" % kv for kv in top)), flush=True)
    print("boot host: a fresh one-jump block costs %.1f us here, so the boot's %d blocks cost at least %.1f ms"
          " before any of their instructions" % (block_ns / 1000, blocks, blocks * block_ns / 1e6), flush=True)
    for name, args, kernel in CONFIGS:
        totals, firsts = [], []
        for _ in range(RUNS):
            t, f = boot_once(args, kernel)
            totals.append(t)
            firsts.append(f)
        med = statistics.median(totals)
        print("boot %-20s kernel entry -> boot complete: median %6.2f ms, worst %6.2f ms; first log line %5.2f ms"
              " (%d runs)" % (name, med / 1000, max(totals) / 1000, statistics.median(firsts) / 1000, RUNS),
              flush=True)
        if name == "seabios-kernel" and med > TARGET_US:
            print("boot: seabios-kernel median %.2f ms is over the %d ms target" % (med / 1000, TARGET_US / 1000))
            failed += 1
    print("bench_boot: %d passed, %d failed" % (1 - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
