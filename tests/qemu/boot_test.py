#!/usr/bin/env python3
"""End-to-end boot tests: Keel must boot, over the serial line, on every way it is started.

SeaBIOS and OVMF (UEFI) from the CD image, the same image as a USB stick (xHCI + usb-storage)
on both firmwares, the q35 machine, direct `-kernel` (Multiboot1), and the `make nano` image
(alone, from -kernel and from its own ISO). A boot passes only on the expected log lines in
order; a hung boot fails at its deadline. Also: a CPU without long mode gets a clear message.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_lib import Machine, Suite, Timeout  # noqa: E402

FULL = [r"Keel \S+ \(nano_core\) booting",
        r"memory map: \d+ entries, \d+ MiB available",
        r"paging: direct map of \d+ MiB, kernel W\^X",
        r"modules: \d+ modules: \d+ started, \d+ found no device, 0 failed",
        r"boot complete"]
NANO = [r"Keel \S+ \(nano_core\) booting",
        r"memory map: \d+ entries, \d+ MiB available",
        r"nano_core: no modules",
        r"nothing to run; halting"]


def boot(suite, name, args, expect, timeout, uefi=False, extra=None):
    t0 = time.monotonic()
    with Machine(args, uefi=uefi) as m:
        try:
            pos = 0
            for pattern in expect + (extra or []):
                m.wait_for(pattern, max(1, timeout - (time.monotonic() - t0)))
                pos += 1
            # Order matters: each line must come after the previous one.
            text = m.text()
            import re
            at = 0
            for pattern in expect:
                mt = re.compile(pattern).search(text, at)
                if not mt:
                    raise Timeout("%r out of order" % pattern)
                at = mt.end()
            suite.ok(name, "%.1fs to boot complete" % (time.monotonic() - t0))
        except Timeout as e:
            suite.fail(name, str(e), m.text())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    b = a.build
    iso, elf = os.path.join(b, "keel.iso"), os.path.join(b, "keel.elf")
    nano, nano_iso = os.path.join(b, "keel-nano.elf"), os.path.join(b, "keel-nano.iso")
    usb = ["-device", "qemu-xhci,id=xhci",
           "-drive", "if=none,id=stick,format=raw,readonly=on,file=" + iso,
           "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0"]
    ramdisk = r"blk: ram0: RAM disk \(module fatdemo.img\)"  # the ISO's GRUB module, on every firmware
    text_mode = [r"display: EGA text 80x25", r"ata: secondary master: ATAPI device \(not an ATA disk\); skipped",
                 ramdisk]
    gop = [r"framebuffer: \d+x\d+ (24|32) bpp", ramdisk]
    cases = [
        ("bios-cdrom", ["-M", "pc", "-cdrom", iso], FULL, 60, False, text_mode),
        ("uefi-cdrom", ["-M", "q35", "-cdrom", iso], FULL, 120, True, gop),
        ("bios-usb", ["-M", "pc"] + usb, FULL, 60, False, [ramdisk]),
        ("uefi-usb", ["-M", "q35"] + usb, FULL, 120, True, gop),
        ("bios-q35-cdrom", ["-M", "q35", "-cdrom", iso], FULL, 60, False,
         [r"ata: primary channel: floating bus, no drives"]),
        ("direct-kernel", ["-M", "pc", "-kernel", elf, "-append", "hello"], FULL, 30, False, None),
        ("nano-kernel", ["-M", "pc", "-kernel", nano], NANO, 30, False, None),
        ("nano-bios-cdrom", ["-M", "pc", "-cdrom", nano_iso], NANO, 60, False, None),
        ("no-long-mode", ["-M", "pc", "-cpu", "qemu32", "-kernel", elf],
         [r"does not support x86-64 long mode"], 30, False, None),
        ("small-memory-32M", ["-M", "pc", "-m", "32M", "-kernel", elf], FULL, 30, False, None),
    ]
    suite = Suite("qemu-boot")
    # No COM1 at all: nothing can be read, but the boot must not hang on the absent port; the
    # in-kernel tests run and report through isa-debug-exit.
    if not a.only or a.only in "no-com1":
        # the in-kernel tests are in the test image only
        with Machine(["-M", "pc", "-kernel", os.path.join(a.build, "keel-test.elf"), "-append",
                      "keel.test=boot_info_sane,frames_alloc_free,paging_kernel_wx"], com1="none") as m:
            try:
                rc = m.wait_exit(120)
                if rc == 33:
                    suite.ok("no-com1", "booted and passed its tests with no serial port")
                else:
                    suite.fail("no-com1", "exit status %s" % rc, m.text())
            except Timeout as e:
                suite.fail("no-com1", str(e), m.text())
    for name, args, expect, timeout, uefi, extra in cases:
        if a.only and a.only not in name:
            continue
        boot(suite, name, args, expect, timeout, uefi, extra)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
