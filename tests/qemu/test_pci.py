#!/usr/bin/env python3
"""PCI end to end (issue 14, PCI half), everything over serial lines on Unix sockets.

- A shell on a `pci-serial` port (pci0) on pc and on q35, through INTx on the 8259 (the default)
  and through the I/O APIC (`keel.irqchip=ioapic`): the first key starts the console, `echo`
  answers, `serialstat` counts the port's traffic and interrupts, `consoles` lists it.
- `pci-serial-4x`: all four ports found (pci0-pci3 at 8-byte strides of BAR0), each gets its own
  shell with the four sharing one INTx line, on pc (8259) and q35 (I/O APIC); then `crc32` of a paste on all
  four at once with the pastes interleaved: every port's byte count and CRC-32 match.
- `lspci` against what QEMU was given: pci-serial, pci-serial-2x and pci-serial-4x at fixed
  slots, devices behind bridges (pc: a pci-bridge behind a pci-bridge; q35: a PCIe root port),
  on pc a multifunction device with functions 0 and 3, each at its address with its
  vendor:device, class in words, BAR0 kind and size; nothing unexpected; the bridge's bus range
  covers what is behind it; on pc 12 UARTs for 8 pciN names: the rest refused with a log line.
- `keel.console=pci0`: the kernel log moves to pci0 when it is found (after "boot complete": PCI is
  probed by the settle task), the log ring's lines first; COM1 input starts no console there.
- Enter pressed on pci0 before the port is probed (`keel.settle.delay=2000`) is kept by the UART
  set-up and starts the console; with no COM port at all (`-serial none`) the whole log, from
  its first line, reaches pci0 once it is found; `keel.console.autostart` starts consoles on COM1
  at boot and on pci0 once it is found, without a key.
- QEMU's `edu` device under the explicit ktest pci_edu_irqs (pc, q35; 8259 and I/O APIC): BAR
  mapping, registers, 100 INTx and 100 MSI interrupts raised by the device and counted, none after
  pci_irq_disable; on q35 also pci_msix_table (the e1000e's MSI-X table entries programmed, masked
  again by pci_irq_disable).
- The explicit ktest serial_io_ops: pci0 driven through a uart_io_ops table (the MMIO UART path)
  in loopback, 4000 bytes out and back through the driver.
Ends with "pci: N passed, N failed"; prints time to prompt per case.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, Link, Timeout  # noqa: E402
from qemu_lib import EXIT_PASS, Suite  # noqa: E402
import qemu_lib  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
ELF = os.path.join(ROOT, os.environ.get("KEEL_BUILD", "build"), "keel.elf")
TEST_ELF = os.path.join(ROOT, os.environ.get("KEEL_BUILD", "build"), "keel-test.elf")
BOOT_TIMEOUT = 90


class Machine:
    """QEMU -kernel with COM1 and any number of extra serial chardevs on Unix sockets (all
    wait=on, so nothing early is lost; connected in command-line order, as QEMU waits for them)."""

    def __init__(self, machine, devices, chardevs=(), append="", com1=True):
        self.tmp = tempfile.mkdtemp(prefix="keel-pci-")
        self.paths = {"com1": os.path.join(self.tmp, "com1.sock")} if com1 else {}
        cmd = [QEMU, "-M", machine, "-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
               "-kernel", ELF]
        if com1:
            cmd += ["-chardev", "socket,id=com1,path=%s,server=on,wait=on" % self.paths["com1"],
                    "-serial", "chardev:com1"]
        else:
            cmd += ["-serial", "none"]
        for name in chardevs:
            self.paths[name] = os.path.join(self.tmp, name + ".sock")
            cmd += ["-chardev", "socket,id=%s,path=%s,server=on,wait=on" % (name, self.paths[name])]
        if append:
            cmd += ["-append", append]
        for d in devices:
            cmd += ["-device", d]
        self.start = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.links = {}
        for name in (["com1"] if com1 else []) + list(chardevs):
            self.links[name] = Link(self.paths[name], 40, 120, timeout=30)

    def wait_ready(self, port="com1"):
        self.links[port].wait_raw(rb"console: waiting for input", BOOT_TIMEOUT)

    def shell(self, port):
        """Press Enter on `port` and wait for its prompt; the seconds since QEMU started."""
        link = self.links[port]
        link.send("\r")
        link.wait_screen(r"^keel>$", 30)
        return time.monotonic() - self.start

    def run(self, port, line, timeout=30):
        """Run one command line on `port`; the screen rows it printed."""
        link = self.links[port]
        link.command("clear", timeout=timeout)
        link.command(line, timeout=timeout)
        rows = [r.rstrip() for r in link.screen()["rows"]]
        while rows and not rows[-1]:
            rows.pop()
        starts = [i for i, r in enumerate(rows) if r.startswith("keel> ") and r[6:].startswith(line[:40])]
        return rows[starts[-1] + 1:-1] if starts else rows

    def expect_echo(self, port, text):
        """`echo text` on `port` must print exactly that one line."""
        out = self.run(port, "echo " + text)
        if out != [text]:
            raise Timeout("%s: echo printed %r" % (port, out))

    def log(self, wait_for=None):
        """COM1's output so far (after `wait_for` appears in it, when given)."""
        link = self.links["com1"]
        if wait_for:
            link.wait_raw(wait_for, 20)
        link.pump(0.1)
        return link.data.decode("utf-8", "replace")

    def close(self):
        for link in self.links.values():
            link.close()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        subprocess.call(["rm", "-rf", self.tmp])


def check_panic(m):
    for link in m.links.values():
        if b"panic" in link.data.lower():
            raise Timeout("the kernel panicked: %s" % link.data.decode("utf-8", "replace")[-2000:])


def shell_on_pci_serial(suite, machine, append):
    name = "shell on pci-serial (%s%s)" % (machine, ", " + append if append else "")
    m = Machine(machine, ["pci-serial,chardev=p0,addr=5"], ["p0"], append)
    try:
        m.wait_ready()
        t = m.shell("p0")
        m.expect_echo("p0", "hello from pci0")
        stat = " ".join(m.run("p0", "serialstat"))
        got = re.search(r"pci0: 115200 8N1, IRQ (\d+): in (\d+), out (\d+) bytes.*?irqs (\d+)", stat)
        if not got or int(got.group(2)) < 20 or int(got.group(4)) == 0:
            raise Timeout("serialstat does not show pci0's traffic and interrupts: %r" % stat)
        cons = m.run("p0", "consoles")
        if not any(r.startswith("pci0 ") for r in cons):
            raise Timeout("consoles does not list pci0: %r" % cons)
        log = m.log(rb"console: pci0: console started")
        chip = "I/O APIC" if "ioapic" in append else "8259A"
        if ("interrupt controller: %s" % chip) not in log:
            raise Timeout("not on the %s" % chip)
        if not re.search(r"serial: pci0 at 00:05\.0 I/O 0x[0-9a-f]+, IRQ %s," % got.group(1), log):
            raise Timeout("no 'pci0 at 00:05.0' log line for IRQ %s" % got.group(1))
        if "console: pci0: console started (first input)" not in log:
            raise Timeout("no console start logged for pci0 (first input)")
        irqs = m.run("p0", "irqstat")
        line = [r for r in irqs if re.match(r"\s*%s\s" % got.group(1), r)]
        if not line or int(line[0].split()[1]) == 0:
            raise Timeout("irqstat shows no interrupts on IRQ %s: %r" % (got.group(1), irqs))
        check_panic(m)
        suite.ok(name, "prompt %.1fs after start; INTx IRQ %s; in %s out %s bytes, %s irqs" %
                 (t, got.group(1), got.group(2), got.group(3), got.group(4)))
    except Timeout as e:
        suite.fail(name, str(e), m.log())
    finally:
        m.close()


def concurrent_paste(m, ports, nlines=100):
    """`crc32` reading a paste on every port at once, the pastes interleaved in 256-byte chunks:
    every port's count and CRC-32 must match what it was sent (a lost interrupt on the shared
    line shows)."""
    texts = {}
    for i, p in enumerate(ports):
        link = m.links[p]
        link.command("clear")
        link.send("crc32\r")
        time.sleep(0.2)
        lines = ["%s line %04d %s" % (p, n, ("abcdefghijklmnopqrstuvwxyz0123456789" * 2)[i:i + 60]) for n in range(nlines)]
        texts[p] = lines
    blobs = {p: ("\r".join(texts[p]) + "\r\x04").encode() for p in ports}
    for off in range(0, max(len(b) for b in blobs.values()), 256):
        for p in ports:
            if off < len(blobs[p]):
                m.links[p].send(blobs[p][off:off + 256])
    for p in ports:
        want = "".join(line + "\n" for line in texts[p]).encode()
        m.links[p].wait_screen(r"^[0-9a-f]{8}  \d+  -$", 60)
        rows = [re.match(r"([0-9a-f]{8})  (\d+)  -$", r.rstrip()) for r in m.links[p].screen()["rows"]]
        got = next((r for r in rows if r), None)
        expect = ("%08x" % zlib.crc32(want), str(len(want)))
        if not got or got.groups() != expect:
            raise Timeout("%s: crc32 reported %r, expected %r" % (p, got and got.groups(), expect))
    return sum(len(b) for b in blobs.values())


def four_port_card(suite, machine, append=""):
    name = "pci-serial-4x: four ports, four shells (%s%s)" % (machine, ", " + append if append else "")
    ports = ["p%d" % i for i in range(4)]
    m = Machine(machine, ["pci-serial-4x,addr=6," + ",".join("chardev%d=p%d" % (i + 1, i) for i in range(4))], ports,
                append)
    try:
        m.wait_ready()
        log = m.log(rb"deferred modules in \d+ us")  # the PCI ports are found after boot
        bases = [int(b, 16) for b in re.findall(r"serial: pci\d at 00:06\.0 I/O 0x([0-9a-f]+),", log)]
        if len(bases) != 4 or [b - bases[0] for b in bases] != [0, 8, 16, 24]:
            raise Timeout("expected pci0-pci3 at 8-byte strides, log has %r" % bases)
        for i, p in enumerate(ports):
            m.shell(p)
        for i, p in enumerate(ports):
            m.expect_echo(p, "port %d here" % i)
        cons = m.run("p3", "consoles")
        names = sorted(r.split()[0] for r in cons if r.startswith("pci"))
        if names != ["pci0", "pci1", "pci2", "pci3"]:
            raise Timeout("consoles lists %r" % cons)
        irqs = {re.search(r"IRQ (\d+)", r).group(1) for r in m.run("p0", "serialstat") if r.startswith("pci")}
        if len(irqs) != 1:
            raise Timeout("the four ports should share one INTx line, serialstat shows %r" % irqs)
        t0 = time.monotonic()
        total = concurrent_paste(m, ports)
        dt = time.monotonic() - t0
        check_panic(m)
        suite.ok(name, "ports at 0x%x+0/8/16/24, all on IRQ %s; %d bytes into 4 concurrent crc32 pastes in %.1fs, CRCs match" %
                 (bases[0], irqs.pop(), total, dt))
    except Timeout as e:
        suite.fail(name, str(e), m.log())
    finally:
        m.close()


# What QEMU is given: (device arguments, expected vendor:device, class words, BAR0 kind, BAR0 size)
LSPCI_DEVICES = [
    ("pci-serial,addr=5", "1b36:0002", "serial controller", "I/O", "8"),
    ("pci-serial-2x,addr=6", "1b36:0003", "serial controller", "I/O", "16"),
    ("pci-serial-4x,addr=7", "1b36:0004", "serial controller", "I/O", "32"),
]
# Behind bridges, per machine: the QEMU arguments and the ids expected off bus 0 (sorted).
BRIDGES = {
    "pc": (["pci-bridge,chassis_nr=1,id=br1,addr=8", "pci-serial,bus=br1,addr=0",
            "pci-bridge,chassis_nr=2,id=br2,bus=br1,addr=3", "pci-serial,bus=br2,addr=4"],
           "1b36:0001", ["1b36:0001", "1b36:0002", "1b36:0002"]),
    "q35": (["pcie-root-port,chassis=1,id=br1,addr=8", "pci-serial,bus=br1,addr=0"],
            "1b36:000c", ["1b36:0002"]),
}
# pc also gets a multifunction device with a gap (functions 0 and 3): 12 UARTs for 8 pciN names.
MULTIFUNCTION = ["pci-serial,addr=a.0,multifunction=on", "pci-serial-2x,addr=a.3"]


def lspci_matches_qemu(suite, machine):
    name = "lspci matches the -device list (%s)" % machine
    bridge_args, bridge_id, behind_ids = BRIDGES[machine]
    devices = [d[0] for d in LSPCI_DEVICES] + bridge_args + (MULTIFUNCTION if machine == "pc" else [])
    m = Machine(machine, devices)
    try:
        m.wait_ready()
        m.shell("com1")
        out = m.run("com1", "lspci")
        funcs = {}
        cur = None
        for r in out:
            f = re.match(r"^(\w\w):(\w\w)\.(\d) (\w{4}:\w{4}) (.*?) \[", r)
            if f:
                cur = (int(f.group(1), 16), int(f.group(2), 16), int(f.group(3)))
                funcs[cur] = {"id": f.group(4), "class": f.group(5), "bars": {}, "line": r}
                continue
            b = re.match(r"^\s+BAR(\d) (\S+)\s+0x[0-9a-f]+ \[size=(\w+)\]", r)
            if b and cur:
                funcs[cur]["bars"][int(b.group(1))] = (b.group(2), b.group(3))
        problems = []
        for args, vid, cls, kind, size in LSPCI_DEVICES:
            slot = int(re.search(r"addr=(\w+)", args).group(1), 16)
            f = funcs.get((0, slot, 0))
            if not f or f["id"] != vid or f["class"] != cls or f["bars"].get(0) != (kind, size):
                problems.append("%s: lspci shows %r" % (args, f and f["line"]))
        br = funcs.get((0, 8, 0))
        if not br or br["id"] != bridge_id or br["class"] != "PCI bridge":
            problems.append("bridge 00:08.0: %r" % (br and br["line"]))
        behind = sorted(k for k in funcs if k[0] != 0)
        if sorted(funcs[k]["id"] for k in behind) != behind_ids:
            problems.append("behind the bridges: %r" % [funcs[k]["line"] for k in behind])
        for k in behind:
            if funcs[k]["id"] == "1b36:0002" and funcs[k]["bars"].get(0) != ("I/O", "8"):
                problems.append("BAR0 of %r" % funcs[k]["line"])
        ours = {(0, 5, 0), (0, 6, 0), (0, 7, 0), (0, 8, 0)} | set(behind)
        if machine == "pc":
            ours |= {(0, 10, 0), (0, 10, 3)}
            mf = [funcs.get((0, 10, fn), {}).get("id") for fn in (0, 3)]
            if mf != ["1b36:0002", "1b36:0003"] or any((0, 10, fn) in funcs for fn in (1, 2, 4, 5, 6, 7)):
                problems.append("multifunction 00:0a: %r" % [f["line"] for k, f in funcs.items() if k[:2] == (0, 10)])
        extra = [f["line"] for k, f in funcs.items() if k not in ours and f["id"].startswith("1b36:")]
        if extra:
            problems.append("functions QEMU was not given: %r" % extra)
        v = " ".join(m.run("com1", "lspci -v 00:08.0"))
        rng = re.search(r"buses (\w\w)-(\w\w)", v)
        if not rng or not all(int(rng.group(1), 16) <= k[0] <= int(rng.group(2), 16) for k in behind):
            problems.append("bridge bus range %r does not cover %r" % (rng and rng.group(0), behind))
        if machine == "q35" and "PCI Express" not in v:
            problems.append("the root port's capabilities lack PCI Express: %r" % v)
        one = m.run("com1", "lspci 00:07.0")
        if len(one) != 2 or not one[0].startswith("00:07.0 1b36:0004"):
            problems.append("lspci 00:07.0 printed %r" % one)
        log = m.log()
        # each log line once: a console started mid-boot repaints its screen when the size answer
        # comes, so lines it had drawn are on the wire twice (their timestamps tell them apart)
        pci_ports = [(n, a) for _, n, a in
                     dict.fromkeys(re.findall(r"\[ *([\d.]+)\] info  serial: (pci\d) at (\S+) I/O", log))]
        if len(pci_ports) != 8:  # pc has 12 UARTs, q35 exactly 8
            problems.append("expected 8 PCI serial ports, the log has %r" % pci_ports)
        full = "all 8 extra serial ports are in use" in log
        if full != (machine == "pc"):
            problems.append("the port-table-full refusal %s" % ("is missing" if machine == "pc" else "appeared"))
        check_panic(m)
        if problems:
            raise Timeout("; ".join(problems))
        suite.ok(name, "%d functions, %d behind bridges on buses %s, 8 PCI serial ports%s" %
                 (len(funcs), len(behind), sorted({"%02x" % k[0] for k in behind}),
                  ", the rest refused" if full else ""))
    except Timeout as e:
        suite.fail(name, str(e), m.log())
    finally:
        m.close()


def console_pci0_gets_log(suite):
    name = "keel.console=pci0: the log on pci0, no console on COM1"
    m = Machine("q35", ["pci-serial,chardev=p0,addr=5"], ["p0"], "keel.console=pci0")
    try:
        # pci0 is found after "boot complete": the log moves there, the log ring's lines first.
        m.links["p0"].wait_raw(rb"serial: kernel log on pci0", BOOT_TIMEOUT)
        p0 = m.links["p0"].data.decode("utf-8", "replace")
        if "serial: kernel log on pci0" not in p0 or "boot complete" not in p0 or "pci: 00:05.0" not in p0:
            raise Timeout("pci0 did not get the kernel log:\n%s" % p0[-1500:])
        com1 = m.links["com1"]
        com1.send("x\r")
        m.shell("p0")
        m.links["p0"].wait_raw(rb"com1: not a console port", 20)  # a log line, on pci0 (boot log or above the prompt)
        if b"keel>" in com1.data:
            raise Timeout("a prompt appeared on COM1")
        check_panic(m)
        suite.ok(name, "boot log and first-input console on pci0")
    except Timeout as e:
        suite.fail(name, str(e), m.links["p0"].data.decode("utf-8", "replace"))
    finally:
        m.close()


def key_before_probe(suite):
    """PCI is probed after "boot complete" (the settle task; held back 2 s here): Enter pressed
    on pci0 before its driver took the port is kept in the UART and starts the console."""
    name = "Enter on pci0 before the port is probed (keel.settle.delay=2000)"
    m = Machine("pc", ["pci-serial,chardev=p0,addr=5"], ["p0"], "keel.settle.delay=2000")
    try:
        m.wait_ready()
        m.links["p0"].send("\r")  # once, while the settle task still waits
        log = m.log(rb"serial: pci0 at 00:05\.0")
        if log.index("console: waiting for input") > log.index("serial: pci0 at"):
            raise Timeout("pci0 was set up before the key was sent: the test proves nothing")
        m.links["p0"].wait_screen(r"^keel>$", 30)
        log = m.log(rb"console: pci0: console started")
        if "console: pci0: console started (first input)" not in log:
            raise Timeout("no first-input console on pci0")
        check_panic(m)
        suite.ok(name, "the kept Enter started pci0's console")
    except Timeout as e:
        suite.fail(name, str(e), m.log())
    finally:
        m.close()


def autostart_late_ports(suite):
    """keel.console.autostart: COM1 gets its console at boot, pci0 (found after "boot complete")
    when the settle task has probed it; both show a prompt without a key pressed."""
    name = "keel.console.autostart: consoles on COM1 at boot and on pci0 once found"
    m = Machine("pc", ["pci-serial,chardev=p0,addr=5"], ["p0"], "keel.console.autostart")
    try:
        for port in ("com1", "p0"):
            m.links[port].wait_screen(r"^keel>", 30)
        log = m.log(rb"console: waiting for input on 2 serial port")
        for line in ("console: com1: console started (autostart)", "console: pci0: console started (autostart)"):
            if line not in log:
                raise Timeout("no '%s' in the log" % line)
        if log.index("console: com1: console started") > log.index("boot complete"):
            raise Timeout("COM1's console did not start at boot")
        m.expect_echo("p0", "autostarted")
        check_panic(m)
        suite.ok(name, "prompts on both without input; pci0's console from console_late")
    except Timeout as e:
        suite.fail(name, str(e), m.log())
    finally:
        m.close()


def no_com_port(suite):
    """No COM port at all (-serial none): the log has no port at boot; when pci0 is found the log
    moves there with every line so far (from the log ring), and pci0 gets a console."""
    name = "no COM port: the whole log on pci0 once it is found, console there"
    m = Machine("pc", ["pci-serial,chardev=p0,addr=5"], ["p0"], "", com1=False)
    try:
        p0 = m.links["p0"]
        p0.wait_raw(rb"serial: kernel log on pci0", BOOT_TIMEOUT)
        p0.wait_raw(rb"console: waiting for input on 1 serial port", 20)
        text = p0.data.decode("utf-8", "replace")
        order = [text.find(s) for s in ("Keel 0.1 (nano_core) booting", "boot complete", "serial: pci0 at 00:05.0",
                                        "serial: kernel log on pci0")]
        if -1 in order or order != sorted(order):
            raise Timeout("pci0 did not get the boot log in order (positions %r)" % order)
        if "serial: com1 at" in text:
            raise Timeout("a COM1 was found with -serial none")
        m.shell("p0")
        m.expect_echo("p0", "on pci0")
        dm = m.run("p0", "dmesg | grep -c 'boot complete'")
        if dm != ["1"]:
            raise Timeout("dmesg | grep -c 'boot complete' printed %r" % dm)
        check_panic(m)
        suite.ok(name, "boot log replayed on pci0 in order, shell answers")
    except Timeout as e:
        suite.fail(name, str(e), m.links["p0"].data.decode("utf-8", "replace")[-3000:])
    finally:
        m.close()


def edu_interrupts(suite, machine, append):
    """The explicit ktest pci_edu_irqs with QEMU's edu device: INTx and MSI raised by the device."""
    name = "edu device: INTx and MSI x100 each%s (%s%s)" % (", MSI-X table" if machine == "q35" else "", machine,
                                                            ", " + append if append else "")
    tests = "pci_edu_irqs,pci_msix_table" if machine == "q35" else "pci_edu_irqs"  # q35's e1000e has MSI-X
    args = ["-M", machine, "-kernel", TEST_ELF, "-device", "edu,addr=9",
            "-append", " ".join(["keel.test=" + tests] + ([append] if append else []))]
    with qemu_lib.Machine(args) as m:
        try:
            rc = m.wait_exit(120)
            text = m.text()
            if rc != EXIT_PASS or not re.search(r"^ktest: pci_edu_irqs: ok", text, re.M):
                raise Timeout("exit %s" % rc)
            if machine == "q35" and not re.search(r"^ktest: pci_msix_table: ok", text, re.M):
                raise Timeout("pci_msix_table did not pass")
            irq = re.search(r"pci: 00:09\.0: MSI on IRQ (\d+)", text)
            suite.ok(name, "MSI on IRQ %s" % (irq.group(1) if irq else "?"))
        except Timeout as e:
            suite.fail(name, str(e), m.text())


def serial_ops_path(suite):
    """The explicit ktest serial_io_ops: pci0 driven through a uart_io_ops table in loopback."""
    name = "serial port through a uart_io_ops table (loopback, 4000 bytes)"
    with qemu_lib.Machine(["-M", "pc", "-kernel", TEST_ELF, "-device", "pci-serial,addr=5",
                           "-append", "keel.test=serial_io_ops"]) as m:
        try:
            rc = m.wait_exit(120)
            if rc != EXIT_PASS or not re.search(r"^ktest: serial_io_ops: ok", m.text(), re.M):
                raise Timeout("exit %s" % rc)
            suite.ok(name, "bytes back in order through the ops table")
        except Timeout as e:
            suite.fail(name, str(e), m.text())


def main():
    suite = Suite("pci")
    if not os.path.exists(ELF):
        suite.fail("kernel", "%s is missing (make first)" % ELF)
        return suite.finish()
    for machine in ("pc", "q35"):
        for append in ("", "keel.irqchip=ioapic"):
            shell_on_pci_serial(suite, machine, append)
    four_port_card(suite, "pc")
    four_port_card(suite, "q35", "keel.irqchip=ioapic")
    for machine in ("pc", "q35"):
        lspci_matches_qemu(suite, machine)
    console_pci0_gets_log(suite)
    key_before_probe(suite)
    autostart_late_ports(suite)
    no_com_port(suite)
    for machine, append in (("pc", ""), ("q35", ""), ("pc", "keel.irqchip=ioapic"), ("q35", "keel.irqchip=ioapic")):
        edu_interrupts(suite, machine, append)
    serial_ops_path(suite)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
