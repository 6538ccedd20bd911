#!/usr/bin/env python3
"""Real serial clients against Keel: picocom, screen and minicom, each running inside tmux and
attached to QEMU's COM1 pseudo-terminal, exactly as a user would use them.

For each client: the prompt appears after a key press, line editing with the arrow keys works,
`colors` renders (256-colour and 24-bit SGR reach the pane), and the tmux pane shows exactly what
the console believes is on its screen: the shell's `termdump` command writes the console's
screen to QEMU's debug console, and every row of it must equal the pane's row.
Ends with "clients: N passed, N failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, read_debugcon  # noqa: E402
from qemu_lib import Suite  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
ELF = os.path.join(ROOT, os.environ.get("KEEL_ELF", "build/keel.elf"))
ROWS, COLS = 30, 100


class Fail(Exception):
    pass


def tmux(*args):
    return subprocess.run(["tmux"] + list(args), capture_output=True, text=True).stdout


def pane(session, escapes=False):
    return tmux("capture-pane", "-p", "-t", session, *(["-e"] if escapes else []))


def wait_pane(session, pattern, timeout):
    rx = re.compile(pattern, re.M)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = pane(session)
        if rx.search(text):
            return text
        time.sleep(0.2)
    raise Fail("pane never showed %r; it shows:\n%s" % (pattern, pane(session)))


def client_cmd(name, pty):
    if name == "picocom":
        return "picocom -q -b 115200 %s" % pty
    if name == "screen":
        return "screen %s 115200" % pty
    return "minicom -c on -o -b 115200 -D %s" % pty


def run_client(suite, name):
    tmp = tempfile.mkdtemp(prefix="keel-%s-" % name)
    debugcon = os.path.join(tmp, "debugcon.txt")
    session = "keel-%s-%d" % (name, os.getpid())
    q = subprocess.Popen([QEMU, "-M", "pc", "-m", "256M", "-display", "none", "-monitor", "none",
                          "-no-reboot", "-kernel", ELF, "-serial", "pty", "-debugcon", "file:" + debugcon,
                          "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = q.stdout.readline()
        m = re.search(r"(/dev/pts/\d+)", line)
        if not m:
            raise Fail("no pty from QEMU: %r" % line)
        time.sleep(1.5)  # let the kernel reach its console manager
        env = dict(os.environ, TERM="xterm-256color", HOME=tmp)
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(COLS), "-y", str(ROWS),
                        client_cmd(name, m.group(1))], env=env, check=True)
        time.sleep(1.0)
        tmux("send-keys", "-t", session, "Enter")
        wait_pane(session, r"^keel> ?$", 30)
        # Line editing with the arrow keys.
        tmux("send-keys", "-t", session, "-l", "echo wrld")
        tmux("send-keys", "-t", session, "Left", "Left", "Left")
        tmux("send-keys", "-t", session, "-l", "o")
        tmux("send-keys", "-t", session, "Enter")
        wait_pane(session, r"^world\s*$", 20)
        # colors renders, with its colours.
        tmux("send-keys", "-t", session, "-l", "colors")
        tmux("send-keys", "-t", session, "Enter")
        wait_pane(session, r"24-bit colour", 20)
        time.sleep(1.0)
        esc = pane(session, escapes=True)
        # minicom's emulation knows only the 8 basic colours; the others pass 256 and 24-bit on.
        wanted = r"\x1b\[[0-9;]*4[1-7]m" if name == "minicom" else r"\x1b\[[0-9;]*48;(5;\d+|2;\d+;\d+;\d+)"
        if not re.search(wanted, esc):
            raise Fail("the pane shows no coloured backgrounds (%s)" % wanted)
        # The pane equals what the console believes it shows.
        tmux("send-keys", "-t", session, "-l", "termdump 700")
        tmux("send-keys", "-t", session, "Enter")
        deadline = time.monotonic() + 20
        dump = None
        while dump is None and time.monotonic() < deadline:
            time.sleep(0.3)
            dump, _ = read_debugcon(debugcon)
        if dump is None:
            raise Fail("no screen dump on the debug console")
        time.sleep(0.3)
        shown = pane(session).split("\n")
        rows, cols = dump["size"]
        diffs = []
        for r in range(rows):
            want = dump["rows"][r].rstrip()
            got = shown[r][:cols].rstrip() if r < len(shown) else ""
            if want != got:
                diffs.append("row %d: console %r, pane %r" % (r, want, got))
        if diffs:
            raise Fail("pane differs from the console's screen (%dx%d):\n%s" % (cols, rows, "\n".join(diffs[:10])))
        suite.ok(name, "console %dx%d, pane identical" % (cols, rows))
    except Fail as e:
        suite.fail(name, str(e))
    finally:
        tmux("kill-session", "-t", session)
        q.kill()
        q.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    suite = Suite("clients")
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    for name in ("picocom", "screen", "minicom"):
        if only and only != name:
            continue
        if not shutil.which(name) or not shutil.which("tmux"):
            suite.fail(name, "%s or tmux is not installed" % name)
            continue
        run_client(suite, name)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
