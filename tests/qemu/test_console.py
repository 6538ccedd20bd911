#!/usr/bin/env python3
"""Headless operation end to end, driven over the serial line (issue: consoles and the shell).

- `make run` (QEMU -nographic) reaches a prompt and runs a typed command, on BIOS and on UEFI.
- Two consoles at once, on COM1 and COM2, each with its own shell and its own terminal size.
- Line editing with arrow keys and history, Ctrl-C interrupting a running command, Tab completion.
- A 64 KiB paste arrives intact (`crc32` on standard input: bytes and CRC-32; Ctrl-D ends it).
- 1 MiB of random bytes into a port while the shell runs: both consoles still answer, no panic.
Screens are checked by rendering the received bytes with build/host/termdump. The suite ends
with "console: N passed, N failed"; figures (time to prompt, bytes sent) are printed on the way.
"""
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, Link, Timeout, connect_unix  # noqa: E402
from qemu_lib import Suite  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
ELF = os.path.join(ROOT, os.environ.get("KEEL_ELF", "build/keel.elf"))


class Guest:
    """QEMU with -kernel and COM1 (and COM2) on Unix sockets; the log goes to a file."""

    def __init__(self, ports=1, append="", extra=()):
        self.tmp = tempfile.mkdtemp(prefix="keel-console-")
        self.socks = [os.path.join(self.tmp, "com%d.sock" % (i + 1)) for i in range(ports)]
        self.debugcon = os.path.join(self.tmp, "debugcon.txt")
        cmd = [QEMU, "-M", "pc", "-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
               "-kernel", ELF, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-debugcon", "file:" + self.debugcon]
        if append:
            cmd += ["-append", append]
        cmd += list(extra)
        for i, s in enumerate(self.socks):
            # wait=on: QEMU starts the guest only once the test is connected, so nothing the guest
            # prints early (the boot log) can be lost to a test process the machine was slow to run.
            cmd += ["-chardev", "socket,id=s%d,path=%s,server=on,wait=on" % (i, s), "-serial", "chardev:s%d" % i]
        self.start = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def link(self, i, rows=24, cols=80):
        return Link(self.socks[i], rows, cols)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        subprocess.call(["rm", "-rf", self.tmp])


def ready(com1, timeout=60):
    """Wait until the console manager listens (input before the drivers are up may be lost)."""
    com1.wait_raw(rb"console: waiting for input", timeout)


def prompt(link, timeout=30):
    link.send("\r")
    link.wait_screen(r"^keel>$", timeout)


def run_make(suite, name, uefi):
    """`make run`: QEMU -nographic on this process's pipes, as a user's terminal would be."""
    cmd = ["make", "--no-print-directory", "run"] + (["UEFI=1"] if uefi else [])
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(p.stdout.fileno(), False)
    out = b""

    def wait(pattern, timeout):
        nonlocal out
        deadline = time.monotonic() + timeout
        while not re.search(pattern, out):
            if time.monotonic() > deadline or p.poll() is not None:
                raise Timeout("no %r" % pattern)
            try:
                out += os.read(p.stdout.fileno(), 65536)
            except BlockingIOError:
                time.sleep(0.05)

    try:
        wait(rb"console: waiting for input", 180)
        booted = time.monotonic() - t0
        p.stdin.write(b"\r")
        p.stdin.flush()
        wait(rb"keel> ", 30)
        at_prompt = time.monotonic() - t0
        p.stdin.write(b"echo made-it-to-the-shell\r")
        p.stdin.flush()
        wait(rb"made-it-to-the-shell\r?\n?(?:.|\n)*made-it-to-the-shell", 30)
        p.stdin.write(b"\x01x")  # Ctrl-A X leaves QEMU
        p.stdin.flush()
        p.wait(30)
        suite.ok(name, "boot log at %.1fs, prompt at %.1fs after `make run` started" % (booted, at_prompt))
    except (Timeout, subprocess.TimeoutExpired) as e:
        suite.fail(name, str(e), out.decode("utf-8", "replace"))
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_two_consoles(suite):
    g = Guest(ports=2)
    try:
        a, b = g.link(0, 24, 80), g.link(1, 30, 100)
        ready(a)
        prompt(a)
        t_prompt = time.monotonic() - g.start
        prompt(b)
        sa, sb = a.screen(), b.screen()
        ok = any("com1 (80x24)" in r for r in sa["rows"]) and any("com2 (100x30)" in r for r in sb["rows"])
        a.send("echo one-on-com1\r")
        b.send("echo two-on-com2\r")
        a.wait_screen(r"^one-on-com1$", 20)
        b.wait_screen(r"^two-on-com2$", 20)
        a.command("ps")
        rows = a.screen()["rows"]
        ok = ok and any("shell-com1" in r for r in rows) and any("shell-com2" in r for r in rows)
        ok = ok and not any("two-on-com2" in r for r in rows)
        if ok:
            suite.ok("two consoles on com1 and com2", "first prompt %.2fs after QEMU started" % t_prompt)
        else:
            suite.fail("two consoles on com1 and com2", "screens differ from expected",
                       "\n".join(a.screen()["rows"] + ["----"] + b.screen()["rows"]))
    except Timeout as e:
        suite.fail("two consoles on com1 and com2", str(e))
    finally:
        g.close()


def test_editing_and_interrupt(suite):
    g = Guest()
    try:
        a = g.link(0)
        ready(a)
        prompt(a)
        a.send("echo wrld")
        a.send("\x1b[D\x1b[D\x1b[D")  # Left x3
        a.send("o\r")
        a.wait_screen(r"^world$", 20)
        a.send("\x1b[A")  # Up: the previous line comes back
        a.wait_screen(r"^keel> echo world$", 20)
        a.send("\x01")  # Ctrl-A: start of line
        a.send("\x1b[3~\x1b[3~\x1b[3~\x1b[3~\x1b[3~")  # Delete x5 removes "echo "
        a.send("echo hello \r")  # -> "echo hello world"
        a.wait_screen(r"^hello world$", 20)
        a.send("sle\t")  # Tab completes the command name
        a.wait_screen(r"^keel> sleep$", 20)
        a.send("100000\r")
        time.sleep(1.0)
        a.send("\x03")  # Ctrl-C interrupts the running command
        a.wait_screen(r"\^C \(sleep interrupted\)", 20)
        # Ctrl-C must get through promptly even while a command floods the console with output.
        a.send("yes flood\r")
        a.wait_screen(r"^flood$", 20)
        t0 = time.monotonic()
        a.send("\x03")
        a.wait_raw(rb"\(yes interrupted\)", 30, len(a.data))
        ctrl_c = time.monotonic() - t0
        rows = [r.rstrip() for r in a.screen()["rows"]]
        hit = [i for i, r in enumerate(rows) if "(yes interrupted)" in r]
        # what reached the screen before the interrupt are whole lines (the queue the job had
        # filled is dropped, as a tty's INTR does; nothing half-drawn is left)
        torn = [r for r in rows[:hit[-1]] if r and r not in ("flood", "keel> yes flood")] if hit else rows
        a.command("echo after-interrupt")
        after_rows = a.screen()["rows"]
        a.command("consoles")
        # (80 columns: the line wraps, so the rows are joined as they are)
        dropped = re.search(r"com1 [^\n]*?Ctrl-C 2 \((\d+) B of output dropped\)",
                            "".join(r.ljust(80) for r in a.screen()["rows"]))
        if torn:
            suite.fail("line editing, history, completion, Ctrl-C", "rows before the interrupt: %r" % torn[-5:])
        elif not dropped or int(dropped.group(1)) == 0:
            suite.fail("line editing, history, completion, Ctrl-C",
                       "consoles does not count the dropped output:\n" + "\n".join(a.screen()["rows"]))
        elif any(r == "after-interrupt" for r in after_rows):
            suite.ok("line editing, history, completion, Ctrl-C", "Ctrl-C stopped a flood in %.2fs, %s B of queued output dropped" %
                     (ctrl_c, dropped.group(1)))
        else:
            suite.fail("line editing, history, completion, Ctrl-C", "no output after Ctrl-C")
    except Timeout as e:
        suite.fail("line editing, history, completion, Ctrl-C", str(e))
    finally:
        g.close()


def test_paste(suite):
    rnd = random.Random(1234)
    lines, total = [], 0
    while total < 64 * 1024:
        n = rnd.randrange(0, 120)
        s = "".join(chr(rnd.randrange(0x20, 0x7F)) for _ in range(n)).rstrip("\\")
        if s.strip() == ".":
            continue
        lines.append(s)
        total += len(s) + 1
    blob = "".join(s + "\n" for s in lines).encode()
    g = Guest()
    try:
        a = g.link(0)
        ready(a)
        prompt(a)
        a.send("crc32\r")
        time.sleep(0.2)
        t0 = time.monotonic()
        # At the line's own pace: 115200 baud is 11,520 bytes a second (QEMU's chardev has no baud
        # rate and would deliver as fast as the guest drains the FIFO).
        a.send("".join(s + "\r" for s in lines) + "\x04", chunk=1152, pause=0.1)
        m = a.wait_raw(rb"([0-9a-f]{8})  (\d+)  -\r\n", 300)
        dt = time.monotonic() - t0
        got = (len(lines), int(m.group(2)), int(m.group(1), 16))
        want = (len(lines), len(blob), zlib.crc32(blob))
        if got == want:
            suite.ok("64 KiB paste arrives intact", "%d lines, %d bytes in %.1fs" % (want[0], want[1], dt))
        else:
            suite.fail("64 KiB paste arrives intact", "got %r, want %r" % (got, want))
    except Timeout as e:
        suite.fail("64 KiB paste arrives intact", str(e))
    finally:
        g.close()


def test_noise(suite):
    """1 MiB of line noise into COM2: back-pressured, never dropped (serialstat: dropped 0, no
    overruns), and afterwards both consoles answer."""
    g = Guest(ports=2)
    try:
        a, b = g.link(0, 24, 220), g.link(1)  # a wide COM1: serialstat lines read whole
        ready(a)
        prompt(a)
        noise = random.Random(99).randbytes(1 << 20)
        t0 = time.monotonic()
        b.send(noise, chunk=16384, pause=0.0)
        b.settle(1.0, timeout=600)
        dt = time.monotonic() - t0
        out = a.command("serialstat").decode("utf-8", "replace")
        m = re.search(r"com2: \d+ \S+, IRQ \d+: in (\d+), out.*?overrun (\d+).*?dropped (\d+)", a.screen_text())
        b.send("\x03\x15")  # Ctrl-C, Ctrl-U: a clean line on the noisy console
        b.command("echo still-alive")
        alive = any(r == "still-alive" for r in b.screen()["rows"])
        panicked = b"PANIC" in a.data or b"PANIC" in b.data
        clean = m and int(m.group(1)) >= len(noise) and m.group(2) == "0" and m.group(3) == "0"
        if alive and clean and not panicked and g.proc.poll() is None:
            suite.ok("1 MiB of random bytes into com2", "absorbed in %.1fs, %s bytes in, none dropped; both "
                     "consoles answer, no panic" % (dt, m.group(1)))
        else:
            suite.fail("1 MiB of random bytes into com2", "alive=%s panicked=%s serialstat=%s" % (
                alive, panicked, m.group(0) if m else None), out[-2000:])
    except Timeout as e:
        suite.fail("1 MiB of random bytes into com2", str(e))
    finally:
        g.close()


def test_echo_peer(suite):
    """COM2 wired to a peer that echoes every byte back (a loopback plug): the console sees its own
    size query come back, stops taking that input within a second, logs one line, and does not
    run its own output as commands; COM1's console is unaffected."""
    import socket
    import threading
    g = Guest(ports=2)
    echoed = bytearray()
    stop, go = threading.Event(), threading.Event()

    def echo():
        s = connect_unix(g.socks[1], 20)
        s.settimeout(0.2)
        go.wait(60)
        s.sendall(b"\r")  # the first key: a console starts, then talks to itself
        while not stop.is_set():
            try:
                d = s.recv(65536)
            except socket.timeout:
                continue
            if not d:
                return
            echoed.extend(d)
            while d and not stop.is_set():
                try:
                    d = d[s.send(d):]
                except socket.timeout:
                    continue
        s.close()
    t = threading.Thread(target=echo, daemon=True)
    t.start()  # QEMU starts the guest once both sockets are connected
    try:
        a = g.link(0)
        ready(a)
        go.set()
        t0 = time.monotonic()
        a.wait_raw(rb"com2: the other end echoes", 20)
        detect = time.monotonic() - t0
        time.sleep(3)
        n1 = len(echoed)
        time.sleep(3)
        n2 = len(echoed)
        runs = bytes(echoed).count(b"unknown command")
        prompt(a)
        a.command("echo com1-fine")
        ok = any(r == "com1-fine" for r in a.screen()["rows"])
        if ok and n1 == n2 and runs <= 2 and detect < 10:
            suite.ok("echoing peer on com2", "detected %.2fs after its first byte; %d of its own lines run; then "
                     "silent; com1 answers" % (detect, runs))
        else:
            suite.fail("echoing peer on com2", "com1 ok=%s, output still growing %d->%d, %d own lines run" % (
                ok, n1, n2, runs))
    except Timeout as e:
        suite.fail("echoing peer on com2", str(e))
    finally:
        stop.set()
        g.close()


def test_session_and_paste(suite):
    """Killing a console's shell starts a fresh one; kernel tasks are refused by name; bracketed
    paste is switched on while the editor waits and a paste is text (a Tab inside it completes
    nothing, a Ctrl-A moves nothing)."""
    g = Guest()
    try:
        a = g.link(0, 40, 120)
        ready(a)
        prompt(a)
        ps = a.command("ps").decode("utf-8", "replace")
        rows = a.screen()["rows"]
        shell = [r.split()[0] for r in rows if r.split()[3:4] == ["shell-com1"]]
        console = [r.split()[0] for r in rows if r.split()[3:4] == ["console-com1"]]
        a.command("kill %s" % console[0])
        refused = any("is a kernel task" in r for r in a.screen()["rows"])
        start = len(a.data)
        a.send("kill %s\r" % shell[0])
        a.wait_raw(rb"the shell ended \(killed\); starting a new one", 20, start)
        a.wait_raw(rb"Keel console on com1", 20, start)
        prompt(a)
        a.command("echo after-respawn")
        respawned = any(r == "after-respawn" for r in a.screen()["rows"])
        paste_on = b"\x1b[?2004h" in a.data
        a.send(b"\x1b[200~echo pa\tst\x01e\x1b[201~\r")
        a.settle(0.5)
        as_text = any(r == "keel> echo pa^Ist^Ae" for r in a.screen()["rows"])  # drawn as text, not keys
        if refused and respawned and paste_on and as_text:
            suite.ok("shell respawn, kernel tasks refused, bracketed paste", "shell %s killed and restarted" % shell[0])
        else:
            suite.fail("shell respawn, kernel tasks refused, bracketed paste", "refused=%s respawned=%s paste_on=%s "
                       "as_text=%s" % (refused, respawned, paste_on, as_text), "\n".join(a.screen()["rows"]))
    except (Timeout, IndexError) as e:
        suite.fail("shell respawn, kernel tasks refused, bracketed paste", repr(e), "\n".join(a.screen()["rows"]))
    finally:
        g.close()


def test_budget_soak(suite):
    """Four consoles whose terminals claim 1000x500 and flood 990-character lines for a while:
    each size is clamped to what the console's memory budget allows (said once), every console
    answers afterwards, and `mem` shows every terminal within its budget. -m 128M."""
    g = Guest(ports=4, extra=["-m", "128M"])
    links = []
    try:
        links = [g.link(i, 500, 1000) for i in range(4)]
        ready(links[0])
        for link in links:
            prompt(link, 60)
        def uptime():  # wall time taken the moment the answer arrives
            a = links[0]
            a.poll, start = 0.002, len(a.data)
            a.send("uptime\r")
            m = a.wait_raw(rb"up (\d+):(\d\d):(\d\d)\.(\d{3})", 60, start)
            wall = time.monotonic()
            a.poll = 0.05
            a.settle(0.3)
            h, mi, se, ms = (int(x) for x in m.groups())
            return wall, h * 3600 + mi * 60 + se + ms / 1000.0
        w0, u0 = uptime()
        line = "y" * 990
        for link in links[1:]:
            link.send("yes %s\r" % line)
        time.sleep(20)
        w1, u1 = uptime()  # read under the flood of the other three
        links[0].send("yes %s\r" % line)
        time.sleep(3)
        for link in links:
            link.send("\x03")
        for link in links:
            link.wait_raw(rb"interrupted", 60)
        ok = True
        for i, link in enumerate(links):
            link.command("echo alive-%d" % i, timeout=60)
            ok = ok and "alive-%d" % i in link.data.decode("utf-8", "replace")
        out = links[0].command("mem", timeout=60).decode("utf-8", "replace")
        shares = re.findall(r"terminal (\d+) KiB of its (\d+) KiB budget", " ".join(links[0].screen()["rows"]))
        clamped = links[0].data.count(b"memory budget") >= 1
        within = len(shares) == 4 and all(int(u) <= int(b) for u, b in shares)
        skew = abs((u1 - u0) - (w1 - w0)) / (w1 - w0)
        if ok and within and clamped and skew < 0.01 and g.proc.poll() is None:
            suite.ok("four consoles flooding at a claimed 1000x500", "clamped; all answer; terminals (KiB): %s; "
                     "uptime %.2fs over %.2fs of wall time under the flood" % (
                         ", ".join("%s/%s" % sh for sh in shares), u1 - u0, w1 - w0))
        else:
            suite.fail("four consoles flooding at a claimed 1000x500", "answer=%s within=%s clamped=%s shares=%s "
                       "uptime %.2f vs wall %.2f" % (ok, within, clamped, shares, u1 - u0, w1 - w0), out[-1500:])
    except Timeout as e:
        suite.fail("four consoles flooding at a claimed 1000x500", str(e))
    finally:
        g.close()


def test_tiny_memory(suite):
    """-m 16M, four ports whose terminals claim 1000x500: every console either starts and answers,
    or is refused with a message on its own port; nothing wedges, nothing panics."""
    g = Guest(ports=4, extra=["-m", "16M"])
    try:
        links = [g.link(i, 500, 1000) for i in range(4)]
        ready(links[0], 120)
        states = []
        for i, link in enumerate(links):
            link.send("\r")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                link.pump(0.2)
                text = link.data.decode("utf-8", "replace")
                if "no console on" in text:
                    states.append("refused")
                    break
                if "keel> " in text:
                    link.command("echo up-%d" % i, timeout=60)
                    states.append("answers" if "up-%d" % i in link.data.decode("utf-8", "replace") else "mute")
                    break
            else:
                states.append("wedged")
        panicked = any(b"PANIC" in link.data for link in links)
        if all(s in ("answers", "refused") for s in states) and not panicked and "answers" in states:
            suite.ok("-m 16M, four consoles", ", ".join(states))
        else:
            suite.fail("-m 16M, four consoles", "states %s, panicked=%s" % (states, panicked))
    except Timeout as e:
        suite.fail("-m 16M, four consoles", str(e))
    finally:
        g.close()


def test_four_ports_no_display(suite):
    """COM1-COM4 (IRQ 4 shared by COM1/COM3, IRQ 3 by COM2/COM4), no VGA at all, and line
    settings from the command line."""
    g = Guest(ports=4, append="keel.com2=9600,7E1 keel.com4=38400", extra=["-vga", "none"])
    try:
        links = [g.link(i) for i in range(4)]
        ready(links[0])
        for ln in links:
            prompt(ln)
        for i, ln in enumerate(links):
            ln.send("echo port-%d\r" % (i + 1))
        for i, ln in enumerate(links):
            ln.wait_screen(r"^port-%d$" % (i + 1), 20)
        links[2].command("serialstat")
        rows = links[2].screen()["rows"]
        text = "\n".join(rows)
        ok = ("com2: 9600 7E1, IRQ 3" in text and "com4: 38400 8N1, IRQ 3" in text and
              "com3: 115200 8N1, IRQ 4" in text and "com1: 115200 8N1, IRQ 4" in text)
        if ok:
            suite.ok("four ports on shared IRQs, no display, line settings")
        else:
            suite.fail("four ports on shared IRQs, no display, line settings", "serialstat differs", text)
    except Timeout as e:
        suite.fail("four ports on shared IRQs, no display, line settings", str(e))
    finally:
        g.close()


def test_log_above_prompt(suite):
    """A kernel log line arriving while a half-typed line sits at the prompt is printed above it;
    the prompt and the typed text are redrawn intact, and the line still runs."""
    g = Guest()
    try:
        a = g.link(0)
        ready(a)
        prompt(a)
        a.command("logger -d 700 a message from the kernel log")
        a.send("echo typed-before-the-log")
        a.wait_screen(r"logger: a message from the kernel log$", 20)
        a.settle(0.3)
        s = a.screen()
        rows = [r for r in s["rows"] if r.strip()]
        ok = rows[-1] == "keel> echo typed-before-the-log" and "logger: a message" in rows[-2]
        last = max(i for i, r in enumerate(s["rows"]) if r.strip())
        ok = ok and s["cursor"] == (last, len(rows[-1]))
        a.send("\r")
        a.wait_screen(r"^typed-before-the-log$", 20)
        # Ctrl-D on an empty line: ignored with a hint; an overlong line: refused with a message.
        a.send("\x04")
        a.wait_screen(r"(?i)ctrl-d|exit|poweroff", 20)
        a.send("x" * 1100 + "\r")
        a.wait_screen(r"(?i)too long", 20)
        a.command("echo still-fine")
        if ok and any(r == "still-fine" for r in a.screen()["rows"]):
            suite.ok("log line above the prompt; Ctrl-D hint; overlong line refused")
        else:
            suite.fail("log line above the prompt; Ctrl-D hint; overlong line refused", "screen differs",
                       "\n".join(rows))
    except Timeout as e:
        suite.fail("log line above the prompt; Ctrl-D hint; overlong line refused", str(e))
    finally:
        g.close()


def test_renderer_economy(suite):
    """Bytes the serial renderer sends for `clear` and a full-screen `colors`, vs the screen size."""
    g = Guest()
    try:
        a = g.link(0, 24, 80)
        ready(a)
        prompt(a)
        a.command("colors")
        out_colors = a.command("colors")
        out_clear = a.command("clear")
        cells = 24 * 80
        suite.ok("renderer byte counts", "colors %d bytes, clear %d bytes (screen %d cells)" %
                 (len(out_colors), len(out_clear), cells))
    except Timeout as e:
        suite.fail("renderer byte counts", str(e))
    finally:
        g.close()


def test_typed_size_query(suite):
    """A size query typed at the prompt (ESC [ 6 n: only an echo of Keel's own output holds one) is
    taken for an echoing peer: the input is ignored until it is quiet, then the console answers
    again. Eight times, after a line typed a byte at a time, so the reader is feeding the editor
    when the query empties the queue. That queue used to be skipped a second time by the reader:
    its head ran past its tail, then an endless stream of junk input ("line too long"), or a hang
    with interrupts off (the old code failed here by the third round)."""
    g = Guest()
    try:
        a = g.link(0)
        ready(a)
        prompt(a)
        for i in range(8):
            start = len(a.data)
            a.send(b"echo " + b"y" * 40, chunk=1)
            a.send(b"z" * 20 + b"\x1b[6n")
            a.wait_raw(rb"the other end echoes", 20, start)
            time.sleep(1.5)
            a.settle(0.5)
            n0 = len(a.data)
            time.sleep(0.8)
            a.pump(0.1)
            if len(a.data) - n0 > 200 or b"line too long" in a.data[start:]:
                raise Timeout("round %d: input runs away after the query: %r" % (i, a.data[-300:]))
            a.send(b"\r")
            time.sleep(1.2)
        prompt(a)
        a.command("echo alive")
        if not any(r.strip() == "alive" for r in a.screen()["rows"]):
            raise Timeout("no answer:\n%s" % "\n".join(a.screen()["rows"]))
        out = a.command("consoles").decode("utf-8", "replace")
        m = re.search(r"com1\b.*?input (\d+) B", out)
        if not m or int(m.group(1)) > 4096:
            raise Timeout("consoles: %r" % out)
        suite.ok("size query typed at the prompt", "ignored as an echo 8 times mid-line; the console answers, "
                 "%s B queued" % m.group(1))
    except Timeout as e:
        suite.fail("size query typed at the prompt", str(e))
    finally:
        g.close()


def main():
    suite = Suite("console")
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    tests = [
        ("make-run-bios", lambda: run_make(suite, "make run (BIOS): prompt and a command", False)),
        ("make-run-uefi", lambda: run_make(suite, "make run UEFI=1: prompt and a command", True)),
        ("two", lambda: test_two_consoles(suite)),
        ("edit", lambda: test_editing_and_interrupt(suite)),
        ("paste", lambda: test_paste(suite)),
        ("noise", lambda: test_noise(suite)),
        ("economy", lambda: test_renderer_economy(suite)),
        ("echo", lambda: test_echo_peer(suite)),
        ("query", lambda: test_typed_size_query(suite)),
        ("session", lambda: test_session_and_paste(suite)),
        ("budget", lambda: test_budget_soak(suite)),
        ("tiny", lambda: test_tiny_memory(suite)),
        ("ports", lambda: test_four_ports_no_display(suite)),
        ("log", lambda: test_log_above_prompt(suite)),
    ]
    for name, fn in tests:
        if not only or only in name:
            fn()
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
