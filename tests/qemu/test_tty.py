#!/usr/bin/env python3
"""The console as users meet it, checked on what a real terminal shows.

Two paths, the same checks on each:
- `make run` itself inside a tmux pane: QEMU -nographic on the pane's tty, which keeps OPOST and
  ONLCR, so every LF the guest sends becomes CR LF on the way to the pane;
- picocom inside a tmux pane, attached to COM1 on a QEMU pty (a raw line).
Checks: long `hexdump` output is well-formed (the last screenful equals the host's rendering of
the file), `echo /ram0/d*/*/chapter?.txt` shows the expanded paths, typed-ahead lines appear
after their own prompts in order, `echo -n` output stays visible, Ctrl-L wipes text the console
never drew (QEMU's Ctrl-A h help, picocom's Ctrl-A Ctrl-V status), a resized window reflows at
the next prompt or at Ctrl-L, Tab completes right after '|' and '<', and a size query typed at
the prompt is ignored as an echo without breaking the input; under `make run`, boot lines longer
than the pane wrap (the firmware turned autowrap off) and `reboot` boots Keel again. What counts
is what tmux shows.
Ends with "tty: N passed, N failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT  # noqa: E402
from qemu_lib import Suite  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
ELF = os.path.join(ROOT, "build", "keel.elf")
DEMO = os.path.join(ROOT, "build", "fatdemo.img")
ROWS, COLS = 30, 100


class Fail(Exception):
    pass


# A tmux server of our own, with a scrollback long enough for a whole hexdump of ramp.bin (a
# user's terminal keeps every line: the check reads all of them back).
TMUX_SOCKET = "keel-tty-%d" % os.getpid()
TMUX_CONF = os.path.join(tempfile.mkdtemp(prefix="keel-tmux-"), "tmux.conf")
with open(TMUX_CONF, "w") as _f:
    _f.write("set -g history-limit 20000\n")
HISTORY = 20000
TMUX = ["tmux", "-L", TMUX_SOCKET, "-f", TMUX_CONF]


def tmux(*args):
    return subprocess.run(TMUX + list(args), capture_output=True, text=True).stdout


class Pane:
    def __init__(self, name, cmd, cwd, env=None):
        self.name = "keel-tty-%s-%d" % (name, os.getpid())
        subprocess.run(TMUX + ["new-session", "-d", "-s", self.name, "-x", str(COLS), "-y", str(ROWS), cmd],
                       cwd=cwd, env=env, check=True)

    def rows(self):
        return tmux("capture-pane", "-p", "-t", self.name).split("\n")[:ROWS]

    def text(self):
        return "\n".join(self.rows())

    def keys(self, *keys):
        tmux("send-keys", "-t", self.name, *keys)

    def type(self, text, enter=True):
        tmux("send-keys", "-t", self.name, "-l", text)
        if enter:
            self.keys("Enter")

    def wait(self, pattern, timeout=30):
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            t = self.text()
            if rx.search(t):
                return t
            time.sleep(0.15)
        raise Fail("pane never showed %r; it shows:\n%s" % (pattern, self.text()))

    def settle(self, quiet=0.6, timeout=30):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            t = self.text()
            if t == last:
                return t
            last = t
            time.sleep(quiet)
        return last

    def prompt_last(self, timeout=30):
        """Wait until the last non-empty row is a bare prompt."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = [r.rstrip() for r in self.settle(0.4).split("\n") if r.strip()]
            if rows and rows[-1] == "keel>":
                return rows
            time.sleep(0.2)
        raise Fail("no prompt; pane:\n%s" % self.text())

    def history(self):
        """Everything the pane has shown, wrapped rows joined into their lines (tmux -J)."""
        return tmux("capture-pane", "-p", "-J", "-S", "-%d" % HISTORY, "-t", self.name).split("\n")

    def close(self):
        tmux("kill-session", "-t", self.name)


def hexdump_lines(data):
    out = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        s = "%08x " % off
        for i in range(16):
            if i == 8:
                s += " "
            s += " %02x" % chunk[i] if i < len(chunk) else "   "
        s += "  |" + "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in chunk) + "|"
        out.append(s)
    out.append("%08x" % len(data))  # as hexdump -C: the end offset on a line of its own
    return out


def check_hexdump(p, path):
    p.keys("C-l")
    time.sleep(0.5)
    p.type("hexdump %s" % path)
    rows = p.prompt_last(90)
    want = hexdump_lines(bytes(range(256)) * 256)  # ramp.bin: 64 KiB of 0x00..0xff
    got = rows[-(ROWS - 2):-1]   # the screenful above the prompt
    tail = want[-len(got):]
    if got != tail:
        bad = [(i, g, w) for i, (g, w) in enumerate(zip(got, tail)) if g != w]
        raise Fail("hexdump rows differ from the file's (%d of %d):\n%s" % (
            len(bad), len(got), "\n".join("pane %r\nwant %r" % (g, w) for _, g, w in bad[:4])))
    # every line, not only the last screenful, is in the terminal's scrollback, in order (the
    # renderer used to send only the screen as it was at the end of each round of output)
    hist = [ln.rstrip() for ln in p.history()]
    start = max((i for i, ln in enumerate(hist) if ln.endswith("> hexdump %s" % path)), default=-1)
    lines = hist[start + 1:start + 1 + len(want)]
    if start < 0 or lines != want:
        bad = [(i, g, w) for i, (g, w) in enumerate(zip(lines, want)) if g != w]
        raise Fail("the pane's scrollback holds %d of the %d hexdump lines in order; first differences:\n%s" % (
            len(want) - len(bad) - max(0, len(want) - len(lines)), len(want),
            "\n".join("line %d: pane %r\nwant %r" % (i, g, w) for i, g, w in bad[:3])))


def check_echo_n(p):
    p.type("echo -n visible-without-newline")
    rows = p.prompt_last()
    if rows[-2] != "visible-without-newline":
        raise Fail("echo -n output not on its own line above the prompt: %r" % rows[-3:])


def check_glob(p):
    p.type("echo /ram0/d*/*/chapter?.txt '/ram0/*'")
    rows = p.prompt_last()
    want = "/ram0/docs/guide/chapter1.txt /ram0/docs/guide/chapter2.txt /ram0/*"
    if rows[-2] != want:
        raise Fail("pathname expansion shows %r, want %r" % (rows[-3:], want))


def check_typeahead(p):
    p.type("sleep 1500")
    time.sleep(0.3)
    p.type("echo first-typed")
    p.type("echo second-typed")
    time.sleep(2.5)
    rows = p.prompt_last()
    want = ["keel> sleep 1500", "keel> echo first-typed", "first-typed", "keel> echo second-typed",
            "second-typed", "keel>"]
    if rows[-len(want):] != want:
        raise Fail("typed-ahead lines not shown after their prompts, in order:\n%s" % "\n".join(rows[-8:]))


def check_ctrl_l(p, foreign_keys, foreign_pattern):
    p.keys(*foreign_keys)
    p.wait(foreign_pattern, 10)
    time.sleep(0.5)
    p.keys("C-l")
    time.sleep(1.0)
    rows = [r.rstrip() for r in p.settle().split("\n")]
    text = "\n".join(rows)
    if re.search(foreign_pattern, text, re.M):
        raise Fail("Ctrl-L left foreign text on the screen:\n%s" % text)
    if rows[0] != "keel>":
        raise Fail("after Ctrl-L the prompt is not at the top: %r" % rows[:3])


def check_resize(p):
    tmux("resize-window", "-t", p.name, "-x", "60", "-y", "20")
    time.sleep(0.5)
    p.keys("Enter")   # the next prompt asks the terminal's size
    time.sleep(1.0)
    p.type("echo " + "w" * 70)
    rows = [r.rstrip() for r in p.prompt_last()]
    if rows[-3:] != ["w" * 60, "w" * 10, "keel>"]:
        raise Fail("after resizing to 60x20 the output does not wrap at 60:\n%s" % "\n".join(rows[-6:]))
    tmux("resize-window", "-t", p.name, "-x", str(COLS), "-y", str(ROWS))
    time.sleep(0.5)
    p.keys("C-l")   # Ctrl-L at the prompt asks too: the line being typed takes the new width
    time.sleep(1.0)
    p.type("echo " + "v" * 80, enter=False)
    p.wait(r"^keel> echo " + "v" * 80 + "$", 10)
    p.keys("Enter")
    rows = [r.rstrip() for r in p.prompt_last()]
    if rows[-2] != "v" * 80:
        raise Fail("after resizing back to 100 columns an 80-column line wraps:\n%s" % "\n".join(rows[-6:]))


def check_size_query(p):
    """ESC [ 6 n typed at the prompt: only an echo of Keel's own output holds one, so the console
    ignores the input until it is quiet; then it answers again. The queue emptied under the reader
    used to be skipped twice: an endless stream of junk lines (or a hang), seen in this pane."""
    for i in range(2):
        p.type("echo x\x1b[6n", enter=False)
        p.wait(r"the other end echoes", 15)
        p.keys("Enter")
        time.sleep(2.5)
        first = p.settle(0.6)
        time.sleep(1.0)
        if p.text() != first or "line too long" in first or "overlong" in first:
            raise Fail("the console runs away after a typed size query:\n%s" % p.text())
        p.keys("Enter")
        p.type("echo alive-%d" % i)
        rows = p.prompt_last()
        if rows[-2] != "alive-%d" % i:
            raise Fail("no answer after a typed size query:\n%s" % "\n".join(rows[-6:]))
    p.type("consoles")
    rows = p.prompt_last()
    m = re.search(r"com1\b.*?input (\d+) B", "\n".join(rows))
    if not m or int(m.group(1)) > 4096:
        raise Fail("consoles after typed size queries:\n%s" % "\n".join(rows[-6:]))


def check_boot_lines_wrap(p):
    """The firmware leaves autowrap off (SeaBIOS sends ESC[?7l): the boot log longer than the pane
    must still wrap, not be cut at the margin."""
    lines = [ln.rstrip() for ln in p.history() if "info  irq: interrupt controller:" in ln]
    if not lines:
        raise Fail("no interrupt controller line in the pane's history:\n%s" % "\n".join(p.history()[:40]))
    if not re.search(r"\), IRQ 0-15 on vectors 32-47$", lines[0]) or len(lines[0]) <= COLS:
        raise Fail("a boot line longer than the pane was cut: %r" % lines[0])


def check_tab_after_operators(p):
    """Tab completes a pipeline stage's command right after '|' and a file right after '<'."""
    p.keys("C-l")
    p.type("echo tab-ok|hea", enter=False)
    p.keys("Tab")
    p.wait(r"^keel> echo tab-ok\|head ?$", 10)
    p.type("-n 1")
    rows = p.prompt_last()
    if "tab-ok" not in rows[-2]:
        raise Fail("echo tab-ok|head -n 1 after Tab:\n%s" % "\n".join(rows[-4:]))
    p.type("head -n 1</ram0/READ", enter=False)
    p.keys("Tab")
    p.wait(r"^keel> head -n 1</ram0/README\.TXT ?$", 10)
    p.keys("Enter")
    rows = p.prompt_last()
    if rows[-2] != "Keel demo volume":
        raise Fail("head -n 1</ram0/README.TXT after Tab:\n%s" % "\n".join(rows[-4:]))


def check_reboot(p):
    """`reboot` under make run restarts the machine (firmware, GRUB, Keel) in the same terminal,
    as a user expects, rather than ending QEMU."""
    booted = len([ln for ln in p.history() if "(nano_core) booting" in ln])
    p.type("reboot")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if len([ln for ln in p.history() if "(nano_core) booting" in ln]) > booted and \
                any("console: waiting for input" in ln for ln in p.history()[-60:]):
            break
        time.sleep(0.5)
    else:
        raise Fail("no second boot after reboot; pane:\n%s" % p.text())
    p.keys("Enter")
    p.wait(r"^keel> ?$", 30)
    p.type("echo after-reboot")
    rows = p.prompt_last()
    if rows[-2] != "after-reboot":
        raise Fail("no shell after the reboot:\n%s" % "\n".join(rows[-4:]))


def run_checks(suite, label, p, path, foreign_keys, foreign_pattern):
    for name, fn in (("hexdump well-formed, every line in the scrollback", lambda: check_hexdump(p, path)),
                     ("echo -n visible", lambda: check_echo_n(p)),
                     ("patterns expanded, quoted kept", lambda: check_glob(p)),
                     ("type-ahead in order", lambda: check_typeahead(p)),
                     ("Tab right after | and <", lambda: check_tab_after_operators(p)),
                     ("Ctrl-L wipes foreign text", lambda: check_ctrl_l(p, foreign_keys, foreign_pattern)),
                     ("resize reflows at the next prompt", lambda: check_resize(p)),
                     ("a typed size query is ignored, then input again", lambda: check_size_query(p))):
        try:
            fn()
            suite.ok("%s: %s" % (label, name))
        except Fail as e:
            suite.fail("%s: %s" % (label, name), str(e))
            p.keys("C-c")
            time.sleep(0.5)


def make_run(suite):
    t0 = time.monotonic()
    p = Pane("makerun", "make --no-print-directory run", ROOT)
    try:
        p.wait(r"console: waiting for input", 180)
        p.keys("Enter")
        p.wait(r"^keel> ?$", 30)
        suite.ok("make run: prompt in a tmux pane", "%.1fs after make run started" % (time.monotonic() - t0))
        try:
            check_boot_lines_wrap(p)
            suite.ok("make run: long boot lines wrap")
        except Fail as e:
            suite.fail("make run: long boot lines wrap", str(e))
        run_checks(suite, "make run", p, "/ram0/ramp.bin", ["C-a", "h"], r"C-a h +print this help")
        try:
            check_reboot(p)
            suite.ok("make run: reboot boots Keel again")
        except Fail as e:
            suite.fail("make run: reboot boots Keel again", str(e))
        p.keys("C-a", "x")
    except Fail as e:
        suite.fail("make run: prompt in a tmux pane", str(e))
    finally:
        p.close()


def picocom(suite):
    tmp = tempfile.mkdtemp(prefix="keel-tty-")
    q = subprocess.Popen([QEMU, "-M", "pc", "-m", "256M", "-display", "none", "-monitor", "none", "-no-reboot",
                          "-kernel", ELF, "-initrd", DEMO, "-serial", "pty"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    p = None
    try:
        m = re.search(r"(/dev/pts/\d+)", q.stdout.readline())
        if not m:
            raise Fail("no pty from QEMU")
        time.sleep(1.5)
        p = Pane("picocom", "picocom -q -b 115200 %s" % m.group(1), tmp,
                 env=dict(os.environ, TERM="xterm-256color", HOME=tmp))
        time.sleep(1.0)
        p.keys("Enter")
        p.wait(r"^keel> ?$", 30)
        suite.ok("picocom: prompt")
        run_checks(suite, "picocom", p, "/ram0/ramp.bin", ["C-a", "C-v"], r"\*\*\* baud: 115200")
    except Fail as e:
        suite.fail("picocom: prompt", str(e))
    finally:
        if p:
            p.close()
        q.kill()
        q.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    suite = Suite("tty")
    if not shutil.which("tmux") or not shutil.which("picocom"):
        suite.fail("tools", "tmux and picocom are needed")
        return suite.finish()
    subprocess.run(["make", "--no-print-directory", "-s", "iso", "build/fatdemo.img"], cwd=ROOT, check=True)
    try:
        make_run(suite)
        picocom(suite)
    finally:
        tmux("kill-server")
        shutil.rmtree(os.path.dirname(TMUX_CONF), ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
