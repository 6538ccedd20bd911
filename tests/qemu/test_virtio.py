#!/usr/bin/env python3
"""virtio end to end over the serial line (issue 14): a FAT image (mkfs.fat + mtools) on
virtio-blk is found at boot, mounted as /vda and read with `ls`, `cat` and `md5sum`, every
answer checked against mtools / hashlib, on every transport and machine:
  - microvm with ACPI (virtio-mmio found in the DSDT; with the 8259 its GSIs 24+ are out of
    reach, so completions are polled), microvm without ACPI through PVH (virtio_mmio.device= on
    the command line, IRQ 12 through the 8259), microvm with the I/O APIC (GSI 47 on the second
    I/O APIC; GSI 23 with ioapic2=off) through GSI lines;
  - pc and q35 with virtio-blk-pci (modern capabilities, MSI-X or INTx).
A shell on virtio-console (hvc0) on q35, microvm (DSDT and command line) and pc: boot log and
log lines on it, the console started by its first input, its size the device's (QEMU reports
none: 80x24, said so) or keel.console=hvc0:COLSxROWS, no size query ever sent, a 64 KiB paste
intact through the back-pressure path, interrupts counted.
Malformed devices: a legacy-only virtio-mmio device (QEMU's default force-legacy) is refused
with a message and the boot goes on; a device that never answers (the test image's
keel.test.virtio_mute=vda) times out with a message, goes offline, and the shell still answers.
"""
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, Link, Timeout  # noqa: E402
from qemu_lib import EXIT_PASS, QEMU, Machine, Suite  # noqa: E402

ELF = os.path.join(ROOT, "build", "keel.elf")
PVH = os.path.join(ROOT, "build", "keel-pvh.elf")
TEST_ELF = os.path.join(ROOT, "build", "keel-test.elf")
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
ROWS, COLS = 200, 160
MODERN = ["-global", "virtio-mmio.force-legacy=false"]


class VGuest:
    """QEMU with COM1 on a Unix socket (the shell) and any machine, kernel and devices. With
    `hvc`, a virtconsole on `hvc` ("virtio-serial-pci" or "virtio-serial-device") whose chardev
    is a second socket, linked as self.hvc (size queries never answered: none may be sent)."""

    def __init__(self, machine, kernel, extra, append="", hvc=None):
        self.tmp = tempfile.mkdtemp(prefix="keel-virtio-")
        self.sock = os.path.join(self.tmp, "com1.sock")
        self.hvc_sock = os.path.join(self.tmp, "hvc0.sock")
        cmd = [QEMU, "-M", machine, "-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
               "-kernel", kernel, "-chardev", "socket,id=s0,path=%s,server=on,wait=on" % self.sock,
               "-serial", "chardev:s0"] + list(extra)
        if hvc:
            cmd += ["-device", hvc, "-chardev", "socket,id=h0,path=%s,server=on,wait=on" % self.hvc_sock,
                    "-device", "virtconsole,chardev=h0"]
        if append:
            cmd += ["-append", append]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise Timeout("QEMU did not start: %s" % self.proc.stderr.read().decode(errors="replace"))
            time.sleep(0.05)
        self.link = Link(self.sock, ROWS, COLS)
        self.hvc = Link(self.hvc_sock, 24, 80, answer_cpr=False) if hvc else None

    def log(self):
        return self.link.data.decode("utf-8", "replace")

    def close(self):
        self.link.close()
        if self.hvc:
            self.hvc.close()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        subprocess.call(["rm", "-rf", self.tmp])


def make_image(tmp):
    """16 MiB FAT16 "VIRTDISK": a text file, a nested one, a 3 MiB pseudo-random file."""
    img = os.path.join(tmp, "virtdisk.img")
    with open(img, "wb") as f:
        f.truncate(16 << 20)
    subprocess.run(["mkfs.fat", "-F", "16", "-n", "VIRTDISK", img], check=True, capture_output=True)
    rnd = random.Random(14)
    files = {
        "HELLO.TXT": b"hello from virtio-blk\n",
        "BIG.BIN": bytes(rnd.getrandbits(8) for _ in range(3 << 20)),
    }
    src = os.path.join(tmp, "src")
    os.makedirs(os.path.join(src, "sub"))
    for name, data in files.items():
        with open(os.path.join(src, name), "wb") as f:
            f.write(data)
    with open(os.path.join(src, "sub", "NOTE.TXT"), "wb") as f:
        f.write(b"nested file\n")
    subprocess.run(["mcopy", "-i", img, os.path.join(src, "HELLO.TXT"), os.path.join(src, "BIG.BIN"), "::"],
                   env=ENV, check=True)
    subprocess.run(["mmd", "-i", img, "::SUB"], env=ENV, check=True)
    subprocess.run(["mcopy", "-i", img, os.path.join(src, "sub", "NOTE.TXT"), "::SUB"], env=ENV, check=True)
    return img


def mtools_root(img):
    """Names in the root directory, as mdir lists them (long names where there are any)."""
    out = subprocess.run(["mdir", "-b", "-i", img, "::"], env=ENV, check=True, capture_output=True).stdout.decode()
    return sorted(ln.rstrip("/").split("/")[-1].lower() for ln in out.splitlines() if ln.startswith("::/"))


def mtools_bytes(img, path, tmp):
    out = os.path.join(tmp, "out.bin")
    subprocess.run(["mcopy", "-n", "-i", img, "::" + path, out], env=ENV, check=True)
    with open(out, "rb") as f:
        return f.read()


def output_lines(raw, cmd):
    """The command's output lines from the raw serial bytes (escape sequences stripped)."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw.decode("utf-8", "replace")).replace("\r", "")
    lines = text.split("\n")
    return [ln for ln in lines[1:] if not ln.startswith("keel>")]


def irq_count(link, irq):
    """The `irqstat` count of one line (None when the line is not listed)."""
    for ln in output_lines(link.command("irqstat", timeout=60), "irqstat"):
        m = re.match(r"\s*(\d+)\s+(\d+)\s+\d+\s+\d+$", ln)
        if m and int(m.group(1)) == irq:
            return int(m.group(2))
    return None


def blk_suite(suite, name, machine, kernel, extra, img, tmp, append="", irq=None):
    """Boot with the image on virtio-blk; check the mount line, ls, cat and md5sum, and with
    `irq` (a line number, or a pattern whose group 1 in the boot log is one) that the completions
    came by that interrupt line (its count grows over the md5sum)."""
    try:
        g = VGuest(machine, kernel, extra, append)
    except Timeout as e:
        suite.fail(name + ": boot", str(e))
        return
    try:
        g.link.wait_raw(rb"console: waiting for input", 120)
        g.link.wait_raw(rb"deferred modules in \d+ us", 120)  # the volumes are mounted after boot
        log = g.log()
        if re.search(r'fs: vda: FAT16 volume "VIRTDISK".*mounted as /vda', log):
            suite.ok(name + ": mount", "vda mounted at boot")
        else:
            suite.fail(name + ": mount", "no mount line for vda", log)
            return
        if isinstance(irq, str):
            m = re.search(irq, log)
            if not m:
                suite.fail(name + ": interrupt mode", "no %r in the log" % irq, log)
                return
            irq = int(m.group(1))
            suite.ok(name + ": interrupt mode", m.group(0))
        g.link.send("\r")
        g.link.wait_screen(r"^keel>$", 60)
        ls = [x.rstrip("/").lower() for x in output_lines(g.link.command("ls /vda", timeout=60), "ls")
              if x.strip()]
        ls = sorted(w for ln in ls for w in ln.split())
        want = mtools_root(img)
        if ls == want:
            suite.ok(name + ": ls", " ".join(ls))
        else:
            suite.fail(name + ": ls", "got %r, want %r" % (ls, want))
        cat = output_lines(g.link.command("cat /vda/HELLO.TXT /vda/sub/note.txt", timeout=60), "cat")
        want_cat = (mtools_bytes(img, "HELLO.TXT", tmp) + mtools_bytes(img, "SUB/NOTE.TXT", tmp)).decode()
        if "\n".join(cat).strip("\n") == want_cat.strip("\n"):
            suite.ok(name + ": cat", "two files match mcopy")
        else:
            suite.fail(name + ": cat", "got %r, want %r" % (cat, want_cat))
        before = irq_count(g.link, irq) if irq is not None else None
        t0 = time.monotonic()
        md5 = output_lines(g.link.command("md5sum /vda/BIG.BIN", timeout=180), "md5sum")
        secs = time.monotonic() - t0
        want_md5 = hashlib.md5(mtools_bytes(img, "BIG.BIN", tmp)).hexdigest()
        if any(ln.strip() == "%s  /vda/BIG.BIN" % want_md5 for ln in md5):
            suite.ok(name + ": md5sum", "3 MiB file matches mcopy (%.1f s under TCG)" % secs)
        else:
            suite.fail(name + ": md5sum", "got %r, want %s" % (md5, want_md5))
        if irq is not None:
            after = irq_count(g.link, irq)
            if before is not None and after is not None and after - before >= 3 * 12:
                suite.ok(name + ": interrupts", "IRQ %d: %d interrupts over the md5sum" % (irq, after - before))
            else:
                suite.fail(name + ": interrupts", "IRQ %d count %r -> %r" % (irq, before, after))
        bad = output_lines(g.link.command("cat /vda/NOSUCH.TXT", timeout=60), "cat")
        if any("NOSUCH" in ln for ln in bad):
            suite.ok(name + ": missing file", bad[0].strip() if bad else "")
        else:
            suite.fail(name + ": missing file", "no error line: %r" % bad)
    except (Timeout, ValueError, OSError) as e:
        suite.fail(name, str(e), g.log()[-3000:])
    finally:
        g.close()


def drive(img, n=0):
    return ["-drive", "id=d%d,file=%s,format=raw,if=none,snapshot=on" % (n, img)]


def legacy_suite(suite, img):
    """QEMU's default virtio-mmio is legacy (version 1): refused by name, the boot goes on."""
    g = VGuest("microvm", ELF, drive(img) + ["-device", "virtio-blk-device,drive=d0"])
    try:
        g.link.wait_raw(rb"console: waiting for input", 120)
        g.link.wait_raw(rb"deferred modules in \d+ us", 120)  # the virtio probe runs after boot
        log = g.log()
        if re.search(r"virtio-mmio: 0x[0-9a-f]+: legacy virtio-mmio device \(version 1, type 2\): only virtio 1\.x",
                     log) and "vda" not in log:
            suite.ok("legacy device refused", "clear message, no vda")
        else:
            suite.fail("legacy device refused", "no refusal message", log)
        g.link.send("\r")
        g.link.wait_screen(r"^keel>$", 60)
        suite.ok("legacy: shell answers", "")
    except Timeout as e:
        suite.fail("legacy device refused", str(e), g.log()[-3000:])
    finally:
        g.close()


def legacy_pci_suite(suite, img):
    """A legacy-only virtio-pci device (disable-modern=on): refused by name, the boot goes on."""
    g = VGuest("pc", ELF, drive(img) + ["-device", "virtio-blk-pci,drive=d0,disable-modern=on"])
    try:
        g.link.wait_raw(rb"console: waiting for input", 120)
        g.link.wait_raw(rb"deferred modules in \d+ us", 120)  # the virtio probe runs after boot
        log = g.log()
        if re.search(r"virtio-pci: virtio-pci@\S+: legacy-only virtio device \(1af4:1001, type 2\)", log) and \
                "vda" not in log:
            suite.ok("legacy PCI device refused", "clear message, no vda")
        else:
            suite.fail("legacy PCI device refused", "no refusal message", log)
        g.link.send("\r")
        g.link.wait_screen(r"^keel>$", 60)
    except Timeout as e:
        suite.fail("legacy PCI device refused", str(e), g.log()[-3000:])
    finally:
        g.close()


def timeout_suite(suite, name, machine, extra, img):
    """A device that never answers: a timeout message, the device offline, a shell that works."""
    g = VGuest(machine, TEST_ELF, extra, append="keel.test.virtio_mute=vda")
    try:
        g.link.wait_raw(rb"console: waiting for input", 120)
        g.link.wait_raw(rb"deferred modules in \d+ us", 120)  # the volume probe runs after boot
        log = g.log()
        m = re.search(r"virtio: (\S+): vda read at sector 0: no answer within (\d+) ms; device reset, now offline",
                      log)
        if "fault injection: notifications muted" in log and m:
            suite.ok(name + ": timeout message", m.group(0))
        else:
            suite.fail(name + ": timeout message", "no timeout line", log)
        if re.search(r"fs: vda: probe failed: .*I/O error|fs: vda: probe failed", log) or \
                re.search(r"fs: vda: .*(timed out|I/O error)", log):
            suite.ok(name + ": no volume", "probe reports the error")
        else:
            suite.fail(name + ": no volume", "fs did not report the failed probe", log)
        g.link.send("\r")
        g.link.wait_screen(r"^keel>$", 60)
        out = output_lines(g.link.command("lsblk", timeout=60), "lsblk")
        if any(ln.startswith("vda") for ln in out):
            suite.ok(name + ": shell answers", "lsblk lists the offline vda")
        else:
            suite.fail(name + ": shell answers", "lsblk: %r" % out)
    except Timeout as e:
        suite.fail(name, str(e), g.log()[-3000:])
    finally:
        g.close()


def console_suite(suite, name, machine, kernel, hvc, extra=(), append="", irq=None):
    """A shell on hvc0: the log reaches it before and after the console starts, the console
    starts on first input, its size is the device's (QEMU reports none: 80x24, said so, and
    `resize` says why), no size query is ever sent, a 64 KiB paste arrives intact (back-pressure
    through the device's receive buffers), and the completions came by interrupt."""
    try:
        g = VGuest(machine, kernel, list(extra), append, hvc=hvc)
    except Timeout as e:
        suite.fail(name + ": boot", str(e))
        return
    try:
        h = g.hvc
        h.wait_raw(rb"console: waiting for input on \d+ serial port\(s\) and 1 virtio-console port", 120)
        suite.ok(name + ": boot log on hvc0", "before any input")
        h.send("\r")
        h.wait_raw(rb"console: hvc0: console started \(first input\)", 30)
        h.wait_screen(r"^keel>$", 60)
        suite.ok(name + ": console on first input", "prompt on hvc0")
        out = output_lines(h.command("consoles", timeout=60), "consoles")
        row = [ln for ln in out if ln.startswith("hvc0")]
        fixed = re.search(r"hvc0:(\d+)x(\d+)", append)
        want = "%sx%s (fixed)" % fixed.groups() if fixed else "80x24 (no size from the device)"
        if row and row[0].split()[1:1 + len(want.split())] == want.split():
            suite.ok(name + ": size", row[0][:48])
        else:
            suite.fail(name + ": size", "want %r in %r" % (want, row))
        out = output_lines(h.command("resize", timeout=60), "resize")
        if fixed or any("the device reports no size (and is never asked); keeping 80 x 24" in ln for ln in out):
            suite.ok(name + ": resize", (out or [""])[0].strip())
        else:
            suite.fail(name + ": resize", "got %r" % out)
        h.command("logger hello-from-the-log", timeout=60)
        h.wait_raw(rb"info  logger: hello-from-the-log", 20)
        suite.ok(name + ": log reaches the console", "logger line shown on hvc0")
        before = irq_count(h, irq) if irq is not None else None
        rnd = random.Random(7)
        lines = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789 ,.") for _ in range(rnd.randint(0, 120)))
                 for _ in range(1100)]
        lines = [x for x in lines if x.strip() != "."]
        blob = "".join(x + "\n" for x in lines).encode()
        start = len(h.data)
        h.send("crc32\r")
        time.sleep(0.2)
        h.send("".join(x + "\r" for x in lines) + "\x04")  # as fast as the socket takes it
        m = h.wait_raw(rb"([0-9a-f]{8})  (\d+)  -\r\n", 300, start)
        got = (len(lines), int(m.group(2)), int(m.group(1), 16))
        if got == (len(lines), len(blob), zlib.crc32(blob)):
            suite.ok(name + ": 64 KiB paste intact", "%d lines, %d bytes" % (got[0], got[1]))
        else:
            suite.fail(name + ": 64 KiB paste intact", "got %r, want %r" % (got, (len(lines), len(blob))))
        h.wait_screen(r"^keel>$", 60)
        if irq is not None:
            try:
                m = g.link.wait_raw(irq.encode(), 20)  # COM1 has the whole boot log
            except Timeout:
                m = None
            if m:
                line = int(m.group(1))
                before = irq_count(h, line)
                h.command("help", timeout=60)
                after = irq_count(h, line)
                if before is not None and after is not None and after > before:
                    suite.ok(name + ": interrupts", "IRQ %d: %d more over one command" % (line, after - before))
                else:
                    suite.fail(name + ": interrupts", "IRQ %d count %r -> %r" % (line, before, after))
            else:
                suite.fail(name + ": interrupts", "no %r in the log" % irq)
        if b"\x1b[6n" in h.data or b"\x1b[18t" in h.data:
            suite.fail(name + ": no size query", "a CPR / XTWINOPS query was sent on hvc0")
        else:
            suite.ok(name + ": no size query", "%d bytes from hvc0, no ESC[6n or ESC[18t" % len(h.data))
    except (Timeout, ValueError, OSError) as e:
        suite.fail(name, str(e), (g.hvc.data.decode("utf-8", "replace") if g.hvc else "")[-3000:])
    finally:
        g.close()


def port_ktest_suite(suite):
    """The resize path QEMU cannot drive (no size from its virtio-serial): the explicit ktest
    console_port_size on fake ports with and without a known size."""
    with Machine(["-M", "pc", "-kernel", TEST_ELF, "-append", "keel.test=console_port_size"]) as m:
        try:
            rc = m.wait_exit(120)
        except Timeout as e:
            suite.fail("console port size ktest", str(e), m.text()[-2000:])
            return
        text = m.text()
    if rc == EXIT_PASS and "ktest: console_port_size: ok" in text:
        suite.ok("console port size ktest", "known size, resize notification, resize, no size, no query")
    else:
        suite.fail("console port size ktest", "exit %s" % rc, text[-2000:])


def rw_suite(suite, tmp):
    """virtio-blk writes: the explicit ktest virtio_blk_rw writes, flushes and reads back on vda
    (q35), checks read-only vdb and a vdc whose every read fails (QEMU blkdebug); then the host
    finds the written blocks in the image file."""
    scratch, ro, bad = (os.path.join(tmp, n) for n in ("scratch.img", "ro.img", "bad.img"))
    for path, size in ((scratch, 4 << 20), (ro, 1 << 20), (bad, 1 << 20)):
        with open(path, "wb") as f:
            f.truncate(size)
    conf = os.path.join(tmp, "blkdebug.conf")
    with open(conf, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\n')
    args = ["-M", "q35", "-kernel", TEST_ELF, "-append", "keel.test=virtio_blk_rw",
            "-drive", "id=d0,file=%s,format=raw,if=none" % scratch, "-device", "virtio-blk-pci,drive=d0",
            "-drive", "id=d1,file=%s,format=raw,if=none,readonly=on" % ro, "-device", "virtio-blk-pci,drive=d1",
            "-drive", "if=none,id=d2,driver=raw,file.driver=blkdebug,file.config=%s,file.image.filename=%s,"
            "rerror=report,werror=report" % (conf, bad), "-device", "virtio-blk-pci,drive=d2"]
    with Machine(args) as m:
        try:
            rc = m.wait_exit(120)
        except Timeout as e:
            suite.fail("virtio-blk write ktest", str(e), m.text()[-2000:])
            return
        text = m.text()
    if rc == EXIT_PASS and "ktest: virtio_blk_rw: ok" in text:
        suite.ok("virtio-blk write ktest", "1 MiB + odd-address writes, flush, read-back, ENXIO, EROFS, EIO")
    else:
        suite.fail("virtio-blk write ktest", "exit %s" % rc, text[-2500:])
    errs = re.findall(r"error virtio-blk: vdc read at sector (\d+): device I/O error \(status 1\)", text)
    if "8" in errs and "9" in errs and "offline" not in text:
        suite.ok("device error reported, disk stays online", "vdc sectors 8 and 9 each logged")
    else:
        suite.fail("device error reported, disk stays online", "lines for %r" % errs, text[-2000:])
    with open(scratch, "rb") as f:
        data = f.read()

    def pattern(lba, blocks):
        return bytes(((lba + b) * 31 + i) & 0xFF ^ 0x5A for b in range(blocks) for i in range(512))
    if data[1024 * 512:(1024 + 2048) * 512] == pattern(1024, 2048) and data[100 * 512:108 * 512] == pattern(100, 8) \
            and data[:100 * 512] == bytes(100 * 512):
        suite.ok("written blocks in the image", "1 MiB at LBA 1024 and 8 blocks at LBA 100, nothing else")
    else:
        suite.fail("written blocks in the image", "the image does not hold the pattern")


def main():
    suite = Suite("virtio")
    tmp = tempfile.mkdtemp(prefix="keel-virtio-img-")
    try:
        port_ktest_suite(suite)
        console_suite(suite, "hvc0 q35", "q35", ELF, "virtio-serial-pci",
                      irq=r"virtio-pci: virtio-pci@\S+: MSI-X on IRQ (\d+)")
        console_suite(suite, "hvc0 microvm", "microvm", ELF, "virtio-serial-device", extra=MODERN)
        console_suite(suite, "hvc0 legacy-free microvm (I/O APIC)", "microvm,pic=off,pit=off", ELF,
                      "virtio-serial-device", extra=MODERN,
                      irq=r"virtio: virtio-mmio@\S+: GSI \d+ \(\w+, active \w+\) on IRQ (\d+)")
        console_suite(suite, "hvc0 microvm cmdline (PVH), IRQ", "microvm,acpi=off", PVH, "virtio-serial-device",
                      extra=MODERN, irq=r"virtio-mmio: virtio-mmio@\S+: device type 3, GSI (\d+)")
        console_suite(suite, "hvc0 pc, keel.console=hvc0:132x43", "pc", ELF, "virtio-serial-pci",
                      append="keel.console=hvc0:132x43")
        rw_suite(suite, tmp)
        img = make_image(tmp)
        blkmmio = drive(img) + ["-device", "virtio-blk-device,drive=d0"]
        blk_suite(suite, "microvm DSDT", "microvm", ELF, MODERN + blkmmio, img, tmp)
        blk_suite(suite, "microvm cmdline (PVH)", "microvm,acpi=off", PVH, MODERN + blkmmio, img, tmp, irq=12)
        blk_suite(suite, "microvm I/O APIC (GSI 47, second I/O APIC)", "microvm", ELF, MODERN + blkmmio, img, tmp,
                  append="keel.irqchip=ioapic", irq=r"virtio: virtio-mmio@\S+: GSI 47 \(\w+, active \w+\) on IRQ (\d+)")
        blk_suite(suite, "microvm,ioapic2=off I/O APIC (GSI 23)", "microvm,ioapic2=off", ELF, MODERN + blkmmio, img,
                  tmp, append="keel.irqchip=ioapic", irq=r"virtio: virtio-mmio@\S+: GSI 23 \(\w+, active \w+\) on IRQ (\d+)")
        blkpci = drive(img) + ["-device", "virtio-blk-pci,drive=d0"]
        blk_suite(suite, "pc virtio-pci MSI-X", "pc", ELF, blkpci, img, tmp,
                  irq=r"virtio-pci: virtio-pci@\S+: MSI-X on IRQ (\d+)")
        blk_suite(suite, "q35 virtio-pci MSI-X", "q35", ELF, blkpci, img, tmp,
                  irq=r"virtio-pci: virtio-pci@\S+: MSI-X on IRQ (\d+)")
        blk_suite(suite, "pc virtio-pci INTx", "pc", ELF, drive(img) + ["-device", "virtio-blk-pci,drive=d0,vectors=0"],
                  img, tmp, irq=r"virtio-pci: virtio-pci@\S+: INTx on IRQ (\d+)")
        blk_suite(suite, "q35 virtio-pci INTx, I/O APIC", "q35", ELF,
                  drive(img) + ["-device", "virtio-blk-pci,drive=d0,vectors=0"], img, tmp,
                  append="keel.irqchip=ioapic", irq=r"virtio-pci: virtio-pci@\S+: INTx on IRQ (\d+)")
        legacy_suite(suite, img)
        legacy_pci_suite(suite, img)
        timeout_suite(suite, "mute mmio", "microvm", MODERN + blkmmio, img)
        timeout_suite(suite, "mute pci", "q35", blkpci, img)
    finally:
        subprocess.call(["rm", "-rf", tmp])
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
