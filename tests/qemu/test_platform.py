#!/usr/bin/env python3
"""Keel on every x86 VMM shape QEMU can emulate, driven over the serial line (issue 13).

Boot matrix, each with -smp 1 and -smp 4: SeaBIOS `-kernel` on pc and q35, the ISO on SeaBIOS
(pc) and OVMF (q35), qboot firmware on pc and q35, `-M microvm`,
`-M microvm,pic=off,pit=off` (I/O APIC + local APIC only: the Cloud Hypervisor shape), and
build/keel-pvh.elf through QEMU's PVH loader on microvm and pc. Every boot must reach a shell,
run `boottime` (output checked: interrupt controller, CPU count, every phase reached) and log the
expected controller and tick; with -smp 4 the log must say the other CPUs stay parked.
Also: `keel.irqchip=ioapic` on pc (and a bad value, which is reported and ignored), a PVH boot
with an initrd as a ramdisk, the `acpi` command (normal, one table, a missing table, a bad
argument), `boottime` with a bad argument, the MP table standing in for the MADT
(`keel.acpi=off`), `poweroff` on pc (PM1) and microvm (sleep control register), `reboot`
through the ACPI reset register, a machine with no clock to measure the TSC (a loud error, still
a shell), an ACPI SPCR (QEMU -acpitable) moving the log to COM2 and a bad one reported, and on
legacy-free microvm `uptime` against wall time over 10 s (within 2%). Boots run three at a
time. Figures (time to prompt) are printed per case.
"""
import concurrent.futures
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, Link, Timeout  # noqa: E402
from qemu_lib import OVMF_CODE, OVMF_VARS, Suite  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
BUILD = os.path.join(ROOT, os.environ.get("KEEL_BUILD", "build"))
ELF = os.path.join(BUILD, "keel.elf")
PVH = os.path.join(BUILD, "keel-pvh.elf")
ISO = os.path.join(BUILD, "keel.iso")
ISO_UEFI = ISO + " (UEFI)"  # a marker: the ISO booted by OVMF
QBOOT = "/usr/share/qemu/qboot.rom"
BOOT_TIMEOUT = 90


class Guest:
    """QEMU with COM1 on a Unix socket (wait=on: nothing early is lost); the remote terminal is
    a console_lib.Link."""

    def __init__(self, args, kernel=ELF, append="", smp=1, extra=(), ports=1):
        self.tmp = tempfile.mkdtemp(prefix="keel-platform-")
        socks = [os.path.join(self.tmp, "com%d.sock" % (i + 1)) for i in range(ports)]
        cmd = [QEMU] + list(args) + ["-m", "256M", "-smp", str(smp), "-display", "none", "-monitor", "none",
                                     "-no-reboot"]
        for i, sock in enumerate(socks):
            cmd += ["-chardev", "socket,id=s%d,path=%s,server=on,wait=on" % (i, sock), "-serial", "chardev:s%d" % i]
        if kernel == ISO:
            cmd += ["-cdrom", ISO]
        elif kernel == ISO_UEFI:
            vars_copy = os.path.join(self.tmp, "vars.fd")
            shutil.copyfile(OVMF_VARS, vars_copy)
            cmd += ["-cdrom", ISO, "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                    "-drive", "if=pflash,format=raw,file=" + vars_copy]
        else:
            cmd += ["-kernel", kernel]
        if append:
            cmd += ["-append", append]
        cmd += list(extra)
        self.start = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.links = [Link(sock) for sock in socks]
        self.link = self.links[0]

    def log(self):
        return self.link.data.decode("utf-8", "replace")

    def prompt(self, timeout=BOOT_TIMEOUT):
        """Wait for the console manager, then press Enter until a prompt shows; seconds taken."""
        self.link.wait_raw(rb"console: waiting for input", timeout)
        self.link.send("\r")
        self.link.wait_screen(r"^keel>", 30)
        return time.monotonic() - self.start

    def run(self, line):
        return self.link.command(line).decode("utf-8", "replace")

    def close(self):
        for link in self.links:
            link.close()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        subprocess.call(["rm", "-rf", self.tmp])


def expect(text, pattern, what):
    if not re.search(pattern, text):
        raise Timeout("%s: no %r" % (what, pattern))


MATRIX = [
    # name, QEMU machine arguments, kernel, interrupt controller, tick source
    ("seabios-pc-kernel", ["-M", "pc"], ELF, "8259A", "PIT"),
    ("seabios-q35-kernel", ["-M", "q35"], ELF, "8259A", "PIT"),
    ("seabios-pc-cdrom", ["-M", "pc"], ISO, "8259A", "PIT"),
    ("ovmf-q35-cdrom", ["-M", "q35"], ISO_UEFI, "8259A", "PIT"),
    ("qboot-pc", ["-M", "pc", "-bios", QBOOT], ELF, "8259A", "PIT"),
    ("qboot-q35", ["-M", "q35", "-bios", QBOOT], ELF, "8259A", "PIT"),
    ("microvm", ["-M", "microvm"], ELF, "8259A", "PIT"),
    ("microvm-legacy-free", ["-M", "microvm,pic=off,pit=off"], ELF, "I/O APIC", "local APIC timer"),
    ("pvh-microvm", ["-M", "microvm"], PVH, "8259A", "PIT"),
    ("pvh-pc", ["-M", "pc"], PVH, "8259A", "PIT"),
]


def matrix_case(name, args, kernel, chip, tick, smp):
    g = Guest(args, kernel=kernel, smp=smp)
    try:
        t = g.prompt()
        out = g.run("boottime")
        expect(out, r"interrupts: %s\r?\n" % re.escape(chip), "boottime")
        expect(out, r"tick: %s\r?\n" % re.escape(tick), "boottime")
        expect(out, r"CPUs: %d \(1 running\)" % smp, "boottime")
        expect(out, r"boot complete +\d+\.\d{3} ms", "boottime")
        if "(not reached)" in out:
            raise Timeout("boottime: a phase was not reached:\n" + out)
        log = g.log()
        expect(log, r"irq: interrupt controller: %s" % re.escape(chip), "log")
        expect(log, r"loader: .*\((PVH|Multiboot1|Multiboot2)\)", "log")
        if kernel == PVH:
            expect(log, r"\(PVH\)", "log")
        if smp > 1:
            expect(log, r"smp: %d CPUs in the MADT: Keel runs on the boot CPU .* the other %d stay parked"
                   % (smp, smp - 1), "log")
        src = re.search(r"TSC [\d.]+ MHz from ([^(]+) \((\d+) us\)", log)
        done = re.search(r"boot complete: .* (\d+) us from kernel entry", log)
        return "%.2fs to prompt, kernel %s us, TSC from %s" % (t, done.group(1) if done else "?",
                                                               src.group(1).strip() if src else "?")
    except Timeout as e:
        raise Timeout("%s\n%s" % (e, g.log()[-1500:]))
    finally:
        g.close()


def commands_case():
    """acpi and boottime, normal, error and worst input, on q35 with the I/O APIC."""
    g = Guest(["-M", "q35"], append="keel.irqchip=ioapic")
    try:
        g.prompt()
        log = g.log()
        expect(log, r"interrupt controller: I/O APIC \(keel.irqchip=ioapic\)", "log")
        expect(log, r"ioapic: I/O APIC \d+ at 0xfec00000", "log")
        out = g.run("acpi")
        for sig in ("FACP", "APIC", "HPET", "MCFG", "DSDT"):
            expect(out, r"\n  %s 0x[0-9a-f]{8} +\d+ bytes  rev \d+ +\S+ +ok" % sig, "acpi")
        out = g.run("acpi APIC")
        expect(out, r"MADT: local APIC 0xfee00000, 1 CPUs enabled", "acpi APIC")
        expect(out, r"override: IRQ 0 -> GSI 2", "acpi APIC")
        out = g.run("acpi FACP")
        expect(out, r"PM timer at port 0x[0-9a-f]+", "acpi FACP")
        expect(out, r"reset register: port 0xcf9", "acpi FACP")
        out = g.run("acpi SSDX")
        expect(out, r"acpi: no SSDX table", "acpi SSDX")
        if out.count("acpi:") != 1:
            raise Timeout("acpi SSDX: not exactly one error line:\n" + out)
        out = g.run("acpi FACPX")
        expect(out, r"usage: acpi \[SIG\]", "acpi FACPX")
        out = g.run("acpi %n%s")
        expect(out, r"acpi: no %n%s table", "acpi %n%s")
        out = g.run("acpi " + "A" * 300)
        expect(out, r"usage: acpi", "acpi long")
        out = g.run("boottime now")
        expect(out, r"usage: boottime", "boottime now")
        out = g.run("echo still alive")
        expect(out, r"still alive", "echo")
        return "acpi lists FACP APIC HPET MCFG DSDT; errors and bad arguments answered"
    except Timeout as e:
        raise Timeout("%s\n%s" % (e, g.log()[-1500:]))
    finally:
        g.close()


def options_case():
    """A bad keel.irqchip value is reported and ignored; keel.timer=lapic ticks on pc; PVH initrd."""
    img = os.path.join(tempfile.mkdtemp(prefix="keel-initrd-"), "initrd.bin")
    with open(img, "wb") as f:
        f.write(bytes(range(256)) * 64)
    g = Guest(["-M", "pc"], kernel=PVH, append="keel.irqchip=bogus keel.timer=lapic",
              extra=["-initrd", img])
    try:
        g.prompt()
        log = g.log()
        expect(log, r"keel.irqchip=bogus: not pic or ioapic; ignored", "log")
        expect(log, r"interrupt controller: 8259A", "log")
        expect(log, r"keel.timer=lapic: local APIC timer at 1000 Hz", "log")
        expect(log, r"module 0: 0x[0-9a-f]+-0x[0-9a-f]+ ", "log")
        expect(log, r"blk: ram0: RAM disk", "log")
        out = g.run("boottime")
        expect(out, r"tick: local APIC timer\r?\n", "boottime")
        a = re.search(r"\((\d+) ticks\)", g.run("uptime"))
        g.run("sleep 1000")
        b = re.search(r"\((\d+) ticks\)", g.run("uptime"))
        if not a or not b or int(b.group(1)) - int(a.group(1)) < 900:
            raise Timeout("the local APIC timer does not tick at 1000 Hz: %s -> %s" % (a, b))
        start = len(g.link.data)
        g.link.send("irqstat\r")  # longer than the 24-row screen: read the bytes, not the screen
        g.link.wait_raw(rb" 24 +\d{3,} +0 1\r?\n", 20, start)
        return "bad keel.irqchip reported; LAPIC tick on pc; PVH initrd is ram0"
    except Timeout as e:
        raise Timeout("%s\n%s" % (e, g.log()[-1500:]))
    finally:
        g.close()
        subprocess.call(["rm", "-rf", os.path.dirname(img)])


def mptable_case():
    """keel.acpi=off: the MP table stands in for the MADT; the shell runs on the I/O APIC it lists."""
    g = Guest(["-M", "pc"], append="keel.acpi=off keel.irqchip=ioapic")
    try:
        g.prompt()
        log = g.log()
        expect(log, r"acpi: MP table: \d+ CPUs enabled, 1 I/O APICs, \d+ ISA routes", "log")
        expect(log, r"interrupt controller: I/O APIC \(keel.irqchip=ioapic; routes from the MP table\)", "log")
        expect(log, r"TSC [\d.]+ MHz from PIT", "log")
        out = g.run("acpi")
        expect(out, r"acpi: no ACPI tables found \(RSDP: ignored \(keel.acpi=off\)\)", "acpi")
        expect(g.run("echo typed over the I/O APIC"), r"typed over the I/O APIC", "echo")
        return "MP table routes; PIT-calibrated TSC; acpi reports no tables"
    except Timeout as e:
        raise Timeout("%s\n%s" % (e, g.log()[-1500:]))
    finally:
        g.close()


def poweroff_case():
    """`poweroff` through the PM1 registers (pc -kernel: the RSDP from the BIOS area) and through
    hardware-reduced ACPI's sleep control register (microvm), and `reboot` through the FADT's
    reset register (q35, microvm) or the 8042 (pc): QEMU (-no-reboot) must exit each time."""
    done = []
    for args, line, said in ((["-M", "pc"], "poweroff", "powering off"),
                             (["-M", "microvm"], "poweroff", "powering off"),
                             (["-M", "microvm"], "reboot", "rebooting through the ACPI reset register"),
                             (["-M", "q35"], "reboot", "rebooting through the ACPI reset register"),
                             (["-M", "pc"], "reboot", "rebooting\r?\n")):
        g = Guest(args)
        try:
            g.prompt()
            start = len(g.link.data)
            g.link.send(line + "\r")
            g.link.wait_raw(said.encode(), 20, start)
            deadline = time.monotonic() + 20
            while g.proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            if g.proc.poll() is None:
                raise Timeout("%s %s: still running 20 s later\n%s" % (args[1], line, g.log()[-800:]))
            done.append("%s on %s" % (line, args[1]))
        finally:
            g.close()
    return ", ".join(done)


def no_clock_case():
    """microvm without PIC, PIT and RTC: nothing can measure the TSC; a loud error, then a shell."""
    g = Guest(["-M", "microvm,pic=off,pit=off,rtc=off"])
    try:
        g.prompt()
        log = g.log()
        expect(log, r"error time: \*\*\* NO CLOCK COULD MEASURE THE TSC: assuming 2000 MHz", "log")
        expect(log, r"warn  lapic: timer calibrated against an unmeasured TSC", "log")
        expect(g.run("boottime"), r"clock: TSC 2000 MHz, source: assumed: nothing could measure it", "boottime")
        return "loud error, assumed 2000 MHz, shell works"
    except Timeout as e:
        raise Timeout("%s\n%s" % (e, g.log()[-1500:]))
    finally:
        g.close()


def spcr_table(space, port):
    """An ACPI SPCR naming a 16550 at `port` in address space `space` (1: I/O), 115200 baud."""
    body = bytearray(80 - 36)
    struct.pack_into("<BBBBQ", body, 4, space, 8, 0, 1, port)
    body[52 - 36], body[53 - 36], body[58 - 36] = 1, 3, 7
    t = bytearray(b"SPCR" + struct.pack("<IB", 80, 2) + b"\0KEELTSKEELSPCR" + struct.pack("<I4sI", 1, b"KEEL", 1))
    t += body
    t[9] = (-sum(t)) & 0xFF
    return bytes(t)


def spcr_case():
    """An SPCR naming COM2 (QEMU -acpitable): the log goes to COM2, which also gets a console; an
    SPCR console in memory space is reported and the log stays on COM1."""
    tmp = tempfile.mkdtemp(prefix="keel-spcr-")
    good, bad = os.path.join(tmp, "spcr.bin"), os.path.join(tmp, "spcr-mmio.bin")
    with open(good, "wb") as f:
        f.write(spcr_table(1, 0x2F8))
    with open(bad, "wb") as f:
        f.write(spcr_table(0, 0xFE001000))
    try:
        g = Guest(["-M", "pc"], extra=["-acpitable", "file=" + good], ports=2)
        try:
            com1, com2 = g.links
            com2.wait_raw(rb"ACPI SPCR names the 16550 at 0x2f8 \(115200 baud\) as the console", BOOT_TIMEOUT)
            com2.wait_raw(rb"console: waiting for input on 2 serial port", BOOT_TIMEOUT)
            com1.pump(0.5)
            if b"boot complete" in com1.data:
                raise Timeout("the log still went to COM1")
            com2.send("\r")
            com2.wait_screen(r"^keel>", 30)
            out = com2.command("acpi SPCR").decode("utf-8", "replace")
            expect(out, r"SPCR: interface 0 at port 0x2f8, IRQ 3, baud code 7", "acpi SPCR")
        finally:
            g.close()
        g = Guest(["-M", "pc"], extra=["-acpitable", "file=" + bad])
        try:
            g.prompt()
            expect(g.log(), r"warn  uart: ACPI SPCR console \(interface 0, memory 0xfe001000\): .*; the log "
                   r"stays on COM1", "log")
        finally:
            g.close()
        return "log and a console on the SPCR's COM2; a memory-mapped SPCR port reported"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def parse_uptime(text):
    m = re.search(r"up (\d+):(\d+):(\d+)\.(\d+)", text)
    if not m:
        raise Timeout("no uptime in %r" % text)
    h, mi, s, ms = (int(x) for x in m.groups())
    return h * 3600 + mi * 60 + s + ms / 1000.0


def uptime_case():
    """Legacy-free microvm: once the TSC is refined, uptime follows wall time within 2% over 10 s."""
    g = Guest(["-M", "microvm,pic=off,pit=off"])
    try:
        g.prompt()
        g.link.wait_raw(rb"time: TSC [\d.]+ MHz over 2 RTC seconds", 30)
        h0 = time.monotonic()
        u0 = parse_uptime(g.run("uptime"))
        time.sleep(10)
        h1 = time.monotonic()
        u1 = parse_uptime(g.run("uptime"))
        ratio = (u1 - u0) / (h1 - h0)
        if abs(ratio - 1) > 0.02:
            raise Timeout("uptime advanced %.3f s in %.3f s of wall time" % (u1 - u0, h1 - h0))
        return "uptime %.3f s over %.3f s wall (%.2f%%)" % (u1 - u0, h1 - h0, (ratio - 1) * 100)
    except Timeout as e:
        raise Timeout("%s\n%s" % (e, g.log()[-1500:]))
    finally:
        g.close()


def main():
    suite = Suite("platform")
    jobs = []
    for name, args, kernel, chip, tick in MATRIX:
        if not os.path.exists(QBOOT) and "-bios" in args:
            suite.fail(name, "missing %s (Debian package qemu-system-data)" % QBOOT)
            continue
        for smp in (1, 4):
            jobs.append(("%s-smp%d" % (name, smp), matrix_case, (name, args, kernel, chip, tick, smp)))
    jobs += [("commands-acpi-boottime", commands_case, ()), ("options-initrd-lapic-tick", options_case, ()),
             ("uptime-legacy-free", uptime_case, ()), ("mptable-fallback", mptable_case, ()),
             ("poweroff-and-reboot", poweroff_case, ()), ("no-clock-at-all", no_clock_case, ()),
             ("spcr-console", spcr_case, ())]
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futs = [(name, pool.submit(fn, *args)) for name, fn, args in jobs]
        for name, fut in futs:
            try:
                suite.ok(name, fut.result())
            except Exception as e:  # noqa: BLE001 - every failure is reported, the suite goes on
                suite.fail(name, str(e).split("\n")[0], str(e))
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
