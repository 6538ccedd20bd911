#!/usr/bin/env python3
"""`make bench`: virtio-blk sequential read throughput against the RAM disk over the same image.

Boots the test image (tests/kernel/bench_blk.c, keel.bench.blk) with one 32 MiB image both as a
Multiboot module (ram0: a raw read of memory through the io/ block interface) and as a
virtio-blk disk (vda), on q35 (virtio-pci, MSI-X) and microvm (virtio-mmio, polled through the
DSDT's GSI), and prints MiB/s per device and request size (64 KiB and the file commands' 4 KiB),
the better of two runs, and virtio-blk as a fraction of the RAM disk. Under TCG every device
access is emulated: compare runs on one host, not with hardware.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_lib import EXIT_PASS, Machine, Timeout  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ELF = os.path.join(ROOT, "build", "keel-test.elf")
LINE = re.compile(r"blkbench: (\w+) req=(\d+) bytes=(\d+) ns=(\d+) mib_s=([\d.]+)")
CONFIGS = [
    ("q35 virtio-pci", ["-M", "q35"], "virtio-blk-pci"),
    ("microvm virtio-mmio", ["-M", "microvm", "-global", "virtio-mmio.force-legacy=false"], "virtio-blk-device"),
]


def main():
    tmp = tempfile.mkdtemp(prefix="keel-bench-virtio-")
    img = os.path.join(tmp, "bench.img")
    with open(img, "wb") as f:
        f.write(os.urandom(32 << 20))
    failed = 0
    try:
        print("%-22s %-5s %8s %10s" % ("machine", "dev", "request", "MiB/s"))
        for name, machine, dev in CONFIGS:
            args = machine + ["-kernel", ELF, "-append", "keel.bench.blk", "-initrd", img,
                              "-drive", "id=d0,file=%s,format=raw,if=none,snapshot=on" % img,
                              "-device", "%s,drive=d0" % dev]
            with Machine(args, memory="512M") as m:
                try:
                    rc = m.wait_exit(600)
                except Timeout as e:
                    print("bench_virtio: %s: %s" % (name, e))
                    print(m.text()[-3000:])
                    failed += 1
                    continue
                text = m.text()
            best = {}
            for devname, req, _b, _ns, mib in LINE.findall(text):
                key = (devname, int(req))
                best[key] = max(best.get(key, 0.0), float(mib))
            if rc != EXIT_PASS or not any(k[0] == "vda" for k in best) or not any(k[0] == "ram0" for k in best):
                print("bench_virtio: %s: failed (exit %s)" % (name, rc))
                print(text[-3000:])
                failed += 1
                continue
            for req in (65536, 4096):
                v, r = best.get(("vda", req), 0.0), best.get(("ram0", req), 0.0)
                print("%-22s %-5s %7dK %10.1f" % (name, "vda", req // 1024, v))
                print("%-22s %-5s %7dK %10.1f   virtio-blk = %.1f%% of the RAM disk" % (
                    name, "ram0", req // 1024, r, 100.0 * v / r if r else 0.0))
    finally:
        subprocess.call(["rm", "-rf", tmp])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
