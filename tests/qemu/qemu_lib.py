"""Run Keel under QEMU and talk to it over the serial line (Python standard library only).

A Machine starts qemu-system-x86_64 with COM1 on a pipe (or a socket for interactive tests),
collects everything the guest prints, and lets a test wait for a regular expression with a
deadline, so a hung boot fails within a bounded time instead of hanging the suite.
"""
import os
import re
import select
import shutil
import subprocess
import tempfile
import time

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
EXIT_PASS = 33  # isa-debug-exit: (0x10 << 1) | 1
EXIT_FAIL = 35


class Timeout(Exception):
    pass


class Machine:
    """One QEMU run. `args` are extra QEMU arguments (machine, firmware, boot media)."""

    def __init__(self, args, memory="256M", uefi=False, extra_serial=()):
        self.tmp = tempfile.mkdtemp(prefix="keel-qemu-")
        cmd = [QEMU, "-m", memory, "-display", "none", "-no-reboot", "-monitor", "none",
               "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        for s in extra_serial:
            cmd += ["-serial", s]
        if uefi:
            vars_copy = os.path.join(self.tmp, "vars.fd")
            shutil.copyfile(OVMF_VARS, vars_copy)  # fresh variables every run
            cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                    "-drive", "if=pflash,format=raw,file=" + vars_copy]
        cmd += list(args)
        self.cmd = cmd
        self.output = b""
        self.start = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        os.set_blocking(self.proc.stdout.fileno(), False)

    def _pump(self, timeout):
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                return True
            if not data:
                return False
            self.output += data
        return True

    def text(self):
        return self.output.decode("utf-8", "replace")

    def wait_for(self, pattern, timeout):
        """Wait until `pattern` (regex) appears in the output; return the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.text())
            if m:
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("no match for %r within %.0fs" % (pattern, timeout))
            if not self._pump(min(left, 0.2)) and self.proc.poll() is not None:
                m = rx.search(self.text())
                if m:
                    return m
                raise Timeout("QEMU exited (%s) before %r appeared" % (self.proc.returncode, pattern))

    def wait_exit(self, timeout):
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                raise Timeout("QEMU still running after %.0fs" % timeout)
            self._pump(0.2)
        while self._pump(0):
            if not select.select([self.proc.stdout.fileno()], [], [], 0)[0]:
                break
        return self.proc.returncode

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def elapsed(self):
        return time.monotonic() - self.start

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Suite:
    """Counts results and prints the closing line every Keel suite ends with."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def ok(self, what, detail=""):
        self.passed += 1
        print("ok   %s%s" % (what, "  " + detail if detail else ""), flush=True)

    def fail(self, what, why, log=""):
        self.failed += 1
        print("FAIL %s: %s" % (what, why), flush=True)
        if log:
            tail = log.strip().splitlines()[-25:]
            print("\n".join("    | " + line for line in tail), flush=True)

    def finish(self):
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed), flush=True)
        return 1 if self.failed else 0
