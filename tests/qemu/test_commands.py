#!/usr/bin/env python3
"""Every command `help` lists, run end to end over the serial console: with no arguments, with
good arguments, with a bad one, and with an absurd one (a 900-byte word). None may panic or hang;
every failure prints exactly one line, naming the command ("cmd: ..." or "usage: ..."); good runs
print what they should. A command `help` lists that this table does not know fails the suite, so
a new command cannot land without its three runs. Ends with "commands: N passed, N failed".
"""
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, Link, Timeout  # noqa: E402
from qemu_lib import Suite  # noqa: E402
from test_console import Guest  # noqa: E402

DEMO = os.path.join(ROOT, "build", "fatdemo.img")
ROWS, COLS = 120, 200
OK, ERR, ANY = "ok", "err", "any"

# name: (no-argument outcome, [(good arguments, regex the output must match)], [bad arguments])
TABLE = {
    "help": (OK, [("ls", r"^ls \[-l\]")], ["nosuch"]),
    "echo": (OK, [("hello  world", r"^hello world$"), ("-n tail", r"^tail$")], []),
    "clear": (OK, [], ["x"]),
    "history": (OK, [], ["x"]),
    "sleep": (ERR, [("20", None)], ["abc", "-5"]),
    "version": (OK, [], ["x"]),
    "cmdline": (OK, [], ["x"]),
    "resize": (OK, [], ["x"]),
    "yes": ("flood", [], ["a b"]),
    "uptime": (OK, [], ["x"]),
    "mem": (OK, [], ["x"]),
    "ps": (OK, [], ["x"]),
    "kill": (ERR, [("LOGGER_TASK", None)], ["abc", "1", "999999"]),
    "dmesg": (OK, [("3", r"\] info ")], ["abc", "1 2"]),
    "irqstat": (OK, [], ["x"]),
    "serialstat": (OK, [], ["x"]),
    "lsblk": (OK, [], ["x"]),
    "lspci": (OK, [("-v", r"capabilities:"), ("00:00.0", r"^00:00\.0 8086:1237 host bridge \[0600\]"),
                   ("00:01", r"^00:01\.1 8086:7010 IDE interface")],
              ["zz:00.0", "00:1f.7", "00:20.0", "-q", "00:00.0 00:01.0"]),
    "consoles": (OK, [], ["x"]),
    "acpi": (ANY, [("APIC", None)], ["NOPE", "a b"]),
    "boottime": (OK, [], ["x"]),
    "cpu": (OK, [], ["x"]),
    "loglevel": (OK, [("info", None)], ["loud"]),
    "logger": (ERR, [("hello-from-logger", None), ("-d 100000 later", None)], ["-d", "-d abc text"]),
    "colors": (OK, [], ["x"]),
    "recv": ("recv", [], ["x"]),
    "termdump": (OK, [("0", None)], ["abc"]),
    "reboot": ("exit", [], ["x"]),
    "poweroff": ("exit", [], ["x"]),
    "mount": (OK, [], ["x"]),
    "ls": (OK, [("/ram0", r"RAMP\.BIN|ramp\.bin"), ("-l /ram0", r"ramp\.bin")], ["/nosuch", "-q"]),
    "cd": (OK, [("/ram0", None)], ["/nosuch", "a b"]),
    "pwd": (OK, [], ["x"]),
    "stat": (ERR, [("/ram0/ramp.bin", r"65536")], ["/nosuch"]),
    "tree": (OK, [("/ram0", r"ramp\.bin")], ["/nosuch"]),
    "find": (ERR, [("ramp /ram0", r"/ram0/ramp\.bin")], ["zzzz-not-there /ram0"]),
    "cat": (ERR, [("/ram0/README.TXT", r"Keel")], ["/nosuch", "/ram0"]),
    "hexdump": (ERR, [("-n 32 /ram0/ramp.bin", r"^00000010  10 11")], ["-n abc /ram0/ramp.bin", "/nosuch"]),
    "crc32": (ERR, [("/ram0/ramp.bin", r"65536")], ["/nosuch"]),
    "md5sum": (ERR, [("/ram0/ramp.bin", r"[0-9a-f]{32}")], ["/nosuch"]),
}


class Console:
    def __init__(self, extra=()):
        self.g = Guest(extra=["-initrd", DEMO] + list(extra))
        self.link = Link(self.g.socks[0], ROWS, COLS)
        self.link.wait_raw(rb"console: waiting for input", 60)
        self.link.send("\r")
        self.link.wait_screen(r"^keel>$", 30)

    def run(self, line, timeout=30):
        """Clear the screen, run one line, return the output rows between its prompt and the next."""
        self.link.command("clear", timeout=timeout)
        self.link.command(line, timeout=timeout)
        rows = [r.rstrip() for r in self.link.screen()["rows"]]
        while rows and not rows[-1]:
            rows.pop()
        if "panic" in self.link.data.decode("utf-8", "replace").lower():
            raise Timeout("the kernel panicked")
        starts = [i for i, r in enumerate(rows) if r.startswith("keel> ") and r[6:].startswith(line[:40])]
        if not starts:  # the command cleared the screen (clear): what is left above the prompt
            return rows[:-1]
        return rows[starts[-1] + 1:-1]

    def close(self):
        self.link.close()
        self.g.close()


def one_error_line(name, out):
    return len(out) == 1 and (out[0].startswith(name + ": ") or out[0].startswith("usage: "))


def check_command(suite, con, name, spec):
    no_arg, goods, bads = spec
    problems = []
    try:
        if no_arg in (OK, ERR, ANY):
            out = con.run(name)
            if no_arg == ERR and not one_error_line(name, out):
                problems.append("no arguments: expected one error line, got %r" % out[:4])
            if no_arg == OK and any(r.startswith("usage: ") or r.startswith(name + ": ") for r in out):
                problems.append("no arguments: failed: %r" % out[:4])
        for args, want in goods:
            if args == "LOGGER_TASK":
                con.run("logger -d 100000 to-be-killed")
                ps = con.run("ps")
                ids = [r.split()[0] for r in ps if len(r.split()) >= 4 and r.split()[3] == "logger"]
                if not ids:
                    problems.append("no logger task to kill in ps: %r" % ps)
                    continue
                args = ids[0]
            out = con.run("%s %s" % (name, args))
            if any(r.startswith("usage: ") or r.startswith(name + ": ") for r in out):
                problems.append("%s %s: failed: %r" % (name, args, out[:4]))
            elif want and not any(re.search(want, r) for r in out):
                problems.append("%s %s: output lacks %r: %r" % (name, args, want, out[:6]))
        for args in bads:
            out = con.run("%s %s" % (name, args))
            if not one_error_line(name, out):
                problems.append("%s %s: expected exactly one error line, got %r" % (name, args, out[:4]))
        out = con.run("%s %s" % (name, "W" * 900))
    except Timeout as e:
        problems.append(str(e))
    if problems:
        suite.fail(name, "; ".join(problems))
    else:
        suite.ok(name, "%d good, %d bad runs, one error line each" % (len(goods), len(bads)))
    return not any("panicked" in p or "no prompt" in p for p in problems)


def check_special(suite, con, name):
    link = con.link
    try:
        if name == "yes":
            link.command("clear")
            start = len(link.data)
            link.send("yes flood-line\r")
            link.wait_raw(rb"flood-line", 20, start)
            time.sleep(0.5)
            t0 = time.monotonic()
            link.send("\x03")
            link.wait_raw(rb"interrupted", 20, start)
            suite.ok("yes", "flood stopped by Ctrl-C in %.2fs" % (time.monotonic() - t0))
        elif name == "recv":
            link.command("clear")
            link.send("recv\r")
            link.wait_screen(r"^recv: paste", 20)
            link.send("line one\rline two\r.\r")
            link.wait_screen(r"^recv: 2 lines, 18 bytes", 20)
            link.send("recv\r")
            link.wait_screen(r"^recv: paste", 20)
            link.send("only\r\x04")
            link.wait_screen(r"^recv: 1 lines, 5 bytes", 20)
            suite.ok("recv", "'.' and Ctrl-D both end the input")
    except Timeout as e:
        suite.fail(name, str(e))


def check_exit(suite, name):
    con = Console()
    try:
        out = con.run("%s now" % name)
        if not one_error_line(name, out):
            raise Timeout("%s now: expected one error line, got %r" % (name, out))
        con.link.send("%s\r" % name)
        con.g.proc.wait(30)
        suite.ok(name, "bad argument refused; the machine went down (QEMU exit %d)" % con.g.proc.returncode)
    except (Timeout, Exception) as e:  # subprocess.TimeoutExpired too
        suite.fail(name, str(e))
    finally:
        con.close()


def main():
    suite = Suite("commands")
    con = Console()
    try:
        listed = con.run("help")
        names = sorted({r.split()[0] for r in listed if " -- " in r})
        missing = [n for n in names if n not in TABLE]
        if missing:
            suite.fail("every listed command has a test", "not in the table: %s" % " ".join(missing))
        else:
            suite.ok("every listed command has a test", "%d commands" % len(names))
        for name in names:
            spec = TABLE.get(name)
            if not spec or spec[0] == "exit":
                continue
            if spec[0] in ("flood", "recv"):
                check_special(suite, con, name)
                for args in spec[2]:
                    out = con.run("%s %s" % (name, args))
                    if not one_error_line(name, out):
                        suite.fail(name + " (bad argument)", "got %r" % out)
                continue
            if not check_command(suite, con, name, spec):
                con.close()
                con = Console()
    finally:
        con.close()
    for name in ("reboot", "poweroff"):
        check_exit(suite, name)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
