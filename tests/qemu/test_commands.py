#!/usr/bin/env python3
"""Every command `help` lists, run end to end over the serial console: with no arguments, with
good arguments, with a bad one, and with an absurd one (a 900-byte word). None may panic or hang;
every failure prints exactly one line, naming the command ("cmd: ..." or "usage: ..."); good runs
print what they should. A command `help` lists that this table does not know fails the suite, so
a new command cannot land without its three runs. Ends with "commands: N passed, N failed".

The filters (grep, head, tail, wc, sort, uniq) read stdin when they are given no file: their runs
type lines on the console (then Ctrl-D on an empty line, as a user ends a paste) and compare the
output lines, in order, with the typed lines' echoes taken out. Ctrl-C stops each one while it
waits for input.
"""
import hashlib
import os
import re
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT, Link, Timeout  # noqa: E402
from qemu_lib import Suite  # noqa: E402
from test_console import Guest  # noqa: E402

DEMO = os.path.join(ROOT, "build", "fatdemo.img")
ROWS, COLS = 120, 200
OK, ERR, ANY = "ok", "err", "any"
STDIN = "stdin"
LONG_A = "a" * 999  # wraps over 5 rows: the longest kind of line the editor takes, near its 1024 bytes
NUMS = ["9" * 150, "1" + "0" * 150, "-" + "9" * 150, "0" * 120 + "7"]

# name: (no-argument outcome, [(good arguments, regex the output must match)], [bad arguments])
TABLE = {
    "help": (OK, [("ls", r"^ls \[-lahrtS\]")], ["nosuch"]),
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
    "acpi": (ANY, [("APIC", None), ("APIC", r"^  local APIC NMI: LINT1 of every CPU$")], ["NOPE", "a b"]),
    "boottime": (OK, [], ["x"]),
    "cpu": (OK, [], ["x"]),
    "loglevel": (OK, [("info", None)], ["loud"]),
    "logger": (ERR, [("hello-from-logger", None), ("-d 100000000 later", None), ("y" * 99 + " " + "y" * 99, None)],
               ["-d", "-d abc text", "z" * 200, "-d 5 " + " ".join(["z" * 10] * 20)]),
    "colors": (OK, [], ["x"]),
    "termdump": (OK, [("0", None)], ["abc"]),
    "reboot": ("exit", [], ["x"]),
    "poweroff": ("exit", [], ["x"]),
    "mount": (OK, [], ["x"]),
    "ls": (OK, [("/ram0", r"RAMP\.BIN|ramp\.bin"), ("-l /ram0", r"ramp\.bin")], ["/nosuch", "-q"]),
    "cd": (OK, [("/ram0", None)], ["/nosuch", "a b"]),
    "pwd": (OK, [], ["x"]),
    "stat": (ERR, [("/ram0/ramp.bin", r"65536"), ("/ram0/ramp.bin", r"^Modify: 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$"),
                   ("/ram0", r"^Modify: -$"), ("/ram0", r"^  Attr: d---- \(a volume's root: no directory entry")],
             ["/nosuch"]),
    "tree": (OK, [("/ram0", r"ramp\.bin")], ["/nosuch"]),
    "find": (ERR, [("ramp /ram0", r"/ram0/ramp\.bin")], ["zzzz-not-there /ram0"]),
}

# Filters: name: (STDIN, [(arguments, typed lines, end with Ctrl-D, expected output lines)], [bad arguments]).
# A run without Ctrl-D is one where the command stops reading by itself (head, a refused sort).
# Lines typed must not fill whole rows exactly (a multiple of COLS): the editor adds an empty row.
# The bad arguments never read stdin; nor does the absurd 900-byte word (a pattern too long for
# grep, a file operand for the others), which must give one error line too.
THREE = ["a serial port", "nothing here", "SERIAL COM1"]
TWELVE = ["line%d" % i for i in range(1, 13)]
FILTERS = {
    "grep": (STDIN, [
        ("serial", THREE, True, ["a serial port"]),
        ("-i serial", THREE, True, ["a serial port", "SERIAL COM1"]),
        ("-v -n serial", THREE, True, ["2:nothing here", "3:SERIAL COM1"]),
        ("-c '^[a-z]* [^s]'", THREE, True, ["1"]),
        ("-in 'com[0-9]$'", THREE, True, ["3:SERIAL COM1"]),
        ("'s.*l p'", THREE, True, ["a serial port"]),
        ("-F 'a.c'", ["abc", "xa.cx", "a*c"], True, ["xa.cx"]),
        ("'a\\.c'", ["abc", "a.c"], True, ["a.c"]),
        ("x", [], True, []),
        ("-c a*a*a*a*a*a*a*a*b", [LONG_A, LONG_A[:-1] + "b", ""], True, ["1"]),
        ("'^a*$'", [LONG_A, "ab"], True, [LONG_A]),
    ], ["-q x", "'[ab'", "'ab\\'", "'[z-a]'", "-n"]),
    "head": (STDIN, [
        ("", TWELVE[:10], False, TWELVE[:10]),  # it stops after 10 lines by itself: no Ctrl-D
        ("-n 2", TWELVE[:2], False, TWELVE[:2]),
        ("-n 3", THREE, False, THREE),
        ("-n 0", [], False, []),
        ("-n 18446744073709551615", THREE, True, THREE),
        ("-n 1", [LONG_A], False, [LONG_A]),
    ], ["-n abc", "-n 99999999999999999999", "-x", "nosuchfile"]),
    "tail": (STDIN, [
        ("", TWELVE, True, TWELVE[2:]),
        ("-n 2", THREE, True, THREE[1:]),
        ("-n 0", [], False, []),
        ("-n 18446744073709551615", THREE, True, THREE),
        ("-n 1", [LONG_A, LONG_A[:-1] + "b"], True, [LONG_A[:-1] + "b"]),
    ], ["-n abc", "-n", "-x"]),
    "wc": (STDIN, [
        ("", ["hello world", "  foo  bar  "], True, ["      2       4      25"]),
        ("-l", THREE, True, ["3"]),
        ("-w -c", THREE, True, ["      7      39"]),
        ("-lwc", [], True, ["      0       0       0"]),
        ("-c", [LONG_A, LONG_A], True, ["2000"]),
        ("-l -", THREE, True, ["3 -"]),
    ], ["-x", "nosuchfile"]),
    "sort": (STDIN, [
        ("", ["banana", "apple", "Cherry", "apple"], True, ["Cherry", "apple", "apple", "banana"]),
        ("-r", ["b", "a", "c"], True, ["c", "b", "a"]),
        ("-n", ["10", "9", "-1", "x", "2.5"], True, ["-1", "x", "2.5", "9", "10"]),
        ("-n", ["2 b", "1 z", "2 a", "02 c"], True, ["1 z", "2 b", "2 a", "02 c"]),  # stable
        ("-rn", ["2 b", "1 z", "3 a", "2 a"], True, ["3 a", "2 b", "2 a", "1 z"]),  # stable, reversed
        ("-n", NUMS, True, [NUMS[2], NUMS[3], NUMS[0], NUMS[1]]),
        ("", [], True, []),
        ("-S 2K", [LONG_A[:590], LONG_A[:610]], False, ["sort: input larger than 2 KiB"]),
    ], ["-q", "-S abc", "-S 0", "nosuchfile"]),
    "uniq": (STDIN, [
        ("", ["a", "a", "b", "a"], True, ["a", "b", "a"]),
        ("-c", ["a", "a", "b", "a"], True, ["      2 a", "      1 b", "      1 a"]),
        ("-c", [LONG_A, LONG_A, LONG_A], True, ["      3 " + LONG_A]),
        ("", [], True, []),
    ], ["-x", "nosuchfile"]),
}

def crc_line(text, name="-"):
    return "%08x  %d  %s" % (zlib.crc32(text.encode()), len(text.encode()), name)


def md5_line(text, name="-"):
    return "%s  %s" % (hashlib.md5(text.encode()).hexdigest(), name)


def hex_line(off, data):
    """One line of hexdump -C."""
    cells = "".join((" " if i == 8 else "") + (" %02x" % data[i] if i < len(data) else "   ") for i in range(16))
    return "%08x %s  |%s|" % (off, cells, "".join(chr(b) if 0x20 <= b < 0x7f else "." for b in data))


# Commands that read files, or their standard input when given none (or "-").
READERS = {
    "cat": (STDIN, [
        ("", ["hello", "world"], True, ["hello", "world"]),
        ("-", ["x"], True, ["x"]),
        ("", [LONG_A], True, [LONG_A]),
        ("/ram0/empty.txt", [], False, []),
        ("/ram0/docs/guide/chapter1.txt - /ram0/empty.txt", ["middle"], True, None),  # file, stdin, file
    ], ["/nosuch", "/ram0", "/ram0/README.TXT/"]),
    "hexdump": (STDIN, [
        ("", ["abc"], True, [hex_line(0, b"abc\n"), "00000004"]),
        ("-n 16 /ram0/ramp.bin", [], False, [hex_line(0, bytes(range(16))), "00000010"]),
        ("-s 65530 /ram0/ramp.bin", [], False, [hex_line(65530, bytes(range(250, 256))), "00010000"]),
        ("-s 99999999 /ram0/ramp.bin", [], False, ["00010000"]),  # as util-linux: the end is the file's size
        ("-s 10", ["abc"], True, ["00000004"]),  # standard input ends before the skip: at its end
        ("-s 99999999 < /ram0/ramp.bin", [], False, ["00010000"]),  # a '<' file seeks, to its end
        ("-s 65535 < /ram0/ramp.bin", [], False, [hex_line(65535, b"\xff"), "00010000"]),
        ("-s 2 -n 9", ["abc"], True, [hex_line(2, b"c\n"), "00000004"]),
        # as util-linux: a run of lines equal to the one before is one "*"; -v shows them; empty input, nothing
        ("", ["a" * 63], True, [hex_line(0, b"a" * 16), "*", hex_line(48, b"a" * 15 + b"\n"), "00000040"]),
        ("-v -n 40", ["a" * 63], False, [hex_line(0, b"a" * 16), hex_line(16, b"a" * 16), hex_line(32, b"a" * 8),
                                        "00000028"]),
        ("/ram0/empty.txt", [], False, []),
        ("-n 0 /ram0/ramp.bin", [], False, []),
    ], ["-n abc /ram0/ramp.bin", "/nosuch", "a b", "-s", "-x"]),
    "crc32": (STDIN, [
        ("", ["abc", "def"], True, [crc_line("abc\ndef\n")]),
        ("", [], True, [crc_line("")]),
        ("", [LONG_A], True, [crc_line(LONG_A + "\n")]),
        ("/ram0/empty.txt", [], False, [crc_line("", "/ram0/empty.txt")]),
    ], ["/nosuch", "/ram0"]),
    "md5sum": (STDIN, [
        ("", ["abc"], True, [md5_line("abc\n")]),
        ("/ram0/empty.txt -", ["x"], True, [md5_line("", "/ram0/empty.txt"), md5_line("x\n")]),
    ], ["/nosuch", "/ram0/docs"]),
}
TABLE.update(FILTERS)
TABLE.update(READERS)


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

    def feed(self, line, typed, eof=True, timeout=30):
        """Run one line, type `typed` as its input (then Ctrl-D if eof) and return its output rows
        with the typed lines' echoes taken out (each echo comes before that line's output)."""
        link = self.link
        link.command("clear", timeout=timeout)
        link.send(line + "\r")
        time.sleep(0.2)
        link.send("".join(t + "\r" for t in typed) + ("\x04" if eof else ""))
        deadline = time.monotonic() + timeout
        while True:
            link.settle(0.3)
            rows = [r.rstrip() for r in link.screen()["rows"]]
            while rows and not rows[-1]:
                rows.pop()
            if rows and rows[-1] == "keel>":
                break
            if time.monotonic() > deadline:
                raise Timeout("no prompt after %r and its input; screen:\n%s" % (line, "\n".join(rows)))
        if "panic" in link.data.decode("utf-8", "replace").lower():
            raise Timeout("the kernel panicked")
        starts = [i for i, r in enumerate(rows) if r == ("keel> " + line).rstrip()]
        if not starts:
            raise Timeout("command row %r not on the screen" % line)
        out = rows[starts[-1] + 1:-1]
        for t in typed:
            echo = wrapped(t)
            for i in range(len(out) - len(echo) + 1):
                if out[i:i + len(echo)] == echo:
                    del out[i:i + len(echo)]
                    break
            else:
                raise Timeout("the echo of %r is not on the screen: %r" % (t[:40], out[:8]))
        return out

    def close(self):
        self.link.close()
        self.g.close()


def logical(rows):
    """Rows back into lines: a full row continues on the next one (as wrapped() split them)."""
    out = []
    for i, r in enumerate(rows):
        if i and len(rows[i - 1]) == COLS:
            out[-1] += r
        else:
            out.append(r)
    return out


def wrapped(line):
    """The rows a line shows as on the COLS-wide screen (trailing blanks gone)."""
    rows = [line[i:i + COLS].rstrip() for i in range(0, len(line), COLS)] or [""]
    return rows


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
            line = "%s %s" % (name, args)
            out = logical(con.run(line)[len(wrapped("keel> " + line)) - 1:])  # the command's wrapped rows out
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
    except Timeout as e:
        suite.fail(name, str(e))


def check_filter(suite, con, name, spec):
    """A filter's typed-input runs, its bad arguments, the absurd word and Ctrl-C while it reads."""
    _, runs, bads = spec
    problems = []
    try:
        if name == "grep":  # the others read stdin without arguments: their runs cover that
            out = con.run("grep")
            if not one_error_line(name, out):
                problems.append("grep without a pattern: expected one usage line, got %r" % out[:4])
        for args, typed, eof, want in runs:
            line = ("%s %s" % (name, args)).rstrip()
            out = con.feed(line, typed, eof)
            if want is None:  # only that it ran: output from files and stdin in order, no error
                if any(r.startswith(name + ":") for r in out) or "middle" not in out:
                    problems.append("%s: got %r" % (line, out[:6]))
                continue
            expect = [r for w in want for r in wrapped(w)]
            if out != expect:
                problems.append("%s (%d lines typed): got %r, want %r" % (line, len(typed), out[:6], expect[:6]))
        for args in bads + ["W" * 900]:
            line = "%s %s" % (name, args)
            out = logical(con.run(line)[len(wrapped("keel> " + line)) - 1:])  # the command's wrapped rows out
            if not one_error_line(name, out):
                problems.append("%s %s: expected exactly one error line, got %r" % (name, args[:40], out[:4]))
        link = con.link
        link.command("clear")
        start = len(link.data)
        link.send("%s\r" % ("grep x" if name == "grep" else name))
        time.sleep(0.5)
        link.send("\x03")
        link.wait_raw(rb"interrupted", 20, start)
        link.command("echo alive")
        if not any(r.strip() == "alive" for r in link.screen()["rows"]):
            problems.append("no shell after Ctrl-C")
    except Timeout as e:
        problems.append(str(e))
    if problems:
        suite.fail(name, "; ".join(problems))
    else:
        suite.ok(name, "%d typed-input runs, %d bad, Ctrl-C" % (len(runs), len(bads) + 1))
    return not any("panicked" in p or "no prompt" in p for p in problems)


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


def check_long_sleep(suite, con):
    """`sleep 18446744073709551000` (and any sleep of 2^63 ms or more) sleeps until Ctrl-C: its wake
    tick once wrapped the scheduler's signed comparison and it ended at once."""
    link = con.link
    line = "sleep 18446744073709551000"
    try:
        start = len(link.data)
        link.send(line + "\r")
        end = link.wait_raw(rb"\r\n|\n", 20, start).end()
        time.sleep(2.0)
        link.pump(0.1)
        if b"keel>" in link.data[end:]:
            raise Timeout("the sleep ended at once: %r" % link.data[end:][-200:])
        link.send("\x03")
        link.wait_raw(rb"keel>", 20, end)
        suite.ok("sleep (huge)", "still asleep after 2 s; Ctrl-C ends it")
    except Timeout as e:
        suite.fail("sleep (huge)", str(e))


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
            if spec[0] == "flood":
                check_special(suite, con, name)
                for args in spec[2]:
                    out = con.run("%s %s" % (name, args))
                    if not one_error_line(name, out):
                        suite.fail(name + " (bad argument)", "got %r" % out)
                continue
            if spec[0] == STDIN:
                if not check_filter(suite, con, name, spec):
                    con.close()
                    con = Console()
                continue
            if not check_command(suite, con, name, spec):
                con.close()
                con = Console()
        check_long_sleep(suite, con)
    finally:
        con.close()
    for name in ("reboot", "poweroff"):
        check_exit(suite, name)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
