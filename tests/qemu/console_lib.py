"""Serial-console test helpers (Python standard library only).

Link: one serial port of a running QEMU on a Unix socket, acting as the remote terminal: it keeps
every byte Keel sends, answers cursor-position queries with the size it pretends to have, and can
render what it received with build/host/termdump (a real terminal emulation) to check the screen.
Also a reader for QEMU's debug console file, where the shell's `termdump` writes what the console
believes is on its screen.
"""
import os
import queue
import re
import socket
import subprocess
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TERMDUMP = os.path.join(ROOT, "build", "host", "termdump")


class Timeout(Exception):
    pass


def connect_unix(path, timeout):
    """A stream socket connected to the Unix socket QEMU serves at path (retrying until it exists)."""
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise Timeout("cannot connect to %s" % path)
            time.sleep(0.05)


class Link:
    """The remote terminal on one serial port. A reader thread drains the socket the moment it
    is connected and answers size queries at once, as a real terminal would: QEMU sends the
    guest's output one byte per write, and an unread Unix socket fills after a few hundred
    bytes, after which the guest's bounded polled writes give up and early output is lost."""

    def __init__(self, path, rows=24, cols=80, answer_cpr=True, timeout=20):
        self.rows, self.cols, self.answer_cpr = rows, cols, answer_cpr
        self.poll = 0.05  # seconds between looks in wait_raw (benchmarks look more often)
        self.data = b""
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self.sock = connect_unix(path, timeout)
        self._replies = queue.Queue()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self._replier = threading.Thread(target=self._reply_loop, daemon=True)
        self._replier.start()

    def _reply_loop(self):
        """Size reports go out from their own thread: like a real terminal, the link never stops
        reading the guest's output because its input side is full (a guest holding input back
        while it writes would otherwise deadlock with its own test)."""
        while True:
            data = self._replies.get()
            if data is None:
                return
            try:
                self.send(data)
            except OSError:
                return

    def _read_loop(self):
        tail = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._buf += chunk
            if self.answer_cpr:
                look = tail + chunk
                for _ in range(look.count(b"\x1b[6n")):
                    self._replies.put(b"\x1b[%d;%dR" % (self.rows, self.cols))
                tail = look[-3:]

    def pump(self, wait=0.05):
        """Wait up to `wait` seconds and take in what the reader thread received."""
        time.sleep(wait)
        with self._lock:
            if self._buf:
                self.data += bytes(self._buf)
                self._buf.clear()

    def send(self, data, chunk=None, pause=0.0):
        if isinstance(data, str):
            data = data.encode()
        if not chunk:
            with self._send_lock:
                self.sock.sendall(data)
            return
        for i in range(0, len(data), chunk):
            with self._send_lock:
                self.sock.sendall(data[i:i + chunk])
            self.pump(pause)

    def wait_raw(self, pattern, timeout, start=0):
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.data, start)
            if m:
                return m
            if time.monotonic() > deadline:
                raise Timeout("no %r within %.0fs" % (pattern, timeout))
            self.pump(self.poll)

    def screen(self):
        """What a terminal of this size shows after everything received so far."""
        out = subprocess.run([TERMDUMP, "-r", str(self.rows), "-c", str(self.cols)], input=self.data,
                             capture_output=True, check=True).stdout.decode("utf-8", "replace")
        return parse_dump(out)

    def screen_text(self):
        """The screen's rows joined with spaces (a long line the terminal wrapped reads whole)."""
        return " ".join(r.rstrip() for r in self.screen()["rows"])

    def wait_screen(self, pattern, timeout):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            self.pump(0.1)
            s = self.screen()
            if any(rx.search(r) for r in s["rows"]):
                return s
            if time.monotonic() > deadline:
                raise Timeout("screen never showed %r; it shows:\n%s" % (pattern, "\n".join(s["rows"])))

    def settle(self, quiet=0.4, timeout=20):
        """Wait until nothing has arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        n = -1
        while n != len(self.data) and time.monotonic() < deadline:
            n = len(self.data)
            self.pump(quiet)

    def command(self, line, expect=r"^keel>$", timeout=30):
        """Type a command line; wait until a prompt row is the last non-empty row again."""
        start = len(self.data)
        self.send(line + "\r")
        self.wait_raw(r"\r\n|\n", timeout, start)
        deadline = time.monotonic() + timeout
        while True:
            self.settle(0.3)
            rows = [r for r in self.screen()["rows"] if r.strip()]
            if rows and re.search(expect, rows[-1]):
                return self.data[start:]
            if time.monotonic() > deadline:
                raise Timeout("no prompt after %r; screen:\n%s" % (line, "\n".join(rows)))

    def close(self):
        self._replies.put(None)
        try:
            self.sock.close()
        except OSError:
            pass


def parse_dump(text):
    """termdump's format -> {'size': (r, c), 'cursor': (r, c), 'rows': [...]}"""
    res = {"rows": []}
    for line in text.splitlines():
        if line.startswith("size "):
            _, r, c = line.split()
            res["size"] = (int(r), int(c))
        elif line.startswith("cursor "):
            p = line.split()
            res["cursor"] = (int(p[1]), int(p[2]))
        elif line.startswith("row "):
            m = re.match(r"row +\d+ \|(.*)\|$", line)
            res["rows"].append(m.group(1) if m else "")
    return res


def read_debugcon(path, after=0):
    """The last complete screen dump in QEMU's debug console file (and where it ended)."""
    with open(path, "rb") as f:
        data = f.read()
    end = data.rfind(b"end\n")
    if end < after:
        return None, after
    start = data.rfind(b"size ", 0, end)
    return parse_dump(data[start:end].decode("utf-8", "replace")), end + 4
