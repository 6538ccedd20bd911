#!/usr/bin/env python3
"""Run libvterm's t/*.test assertions black-box against Keel's terminal core.

libvterm (github:neovim/libvterm, tag v0.3.3) describes its behaviour in test scripts for its
harness: commands (INIT, RESET, RESIZE, PUSH "bytes", ...), expected callback events, and
assertions on the resulting state ("?cursor = 0,3", "?screen_row 0 = "ABC"", "?pen bold = on",
"?screen_cell ...", ...). Keel has no libvterm callbacks, so only the assertions are checked:
each is asked of build/host/termtest (Keel behind the harness protocol) and compared as
libvterm's run-test.pl compares it. Fetch libvterm outside the repository and pass its path
(or its t/ directory). Not part of `make check`. Usage:
    tools/vterm_t_run.py LIBVTERM_DIR [--termtest build/host/termtest] [-v]
    tools/vterm_t_run.py LIBVTERM_DIR --libvterm-harness PATH   (libvterm itself, same counting)
Prints each failing assertion with -v, a count per file, and "N passed, N failed".
"""
import argparse
import os
import re
import subprocess
import sys


def to_bytes(s):
    """A Perl string as the bytes PUSH sends: byte-sized characters as themselves, others UTF-8."""
    return b"".join(bytes([ord(c)]) if ord(c) < 256 else c.encode("utf-8") for c in s)


def perl_string(expr):
    """Evaluate the small Perl string expressions the tests use: "..." with escapes, '.'
    concatenation and "x N" repetition. Returns a str of code points (a 2-digit hex escape is one
    byte-sized character, the braced form any code point)."""
    pos = 0
    out = ""

    def skip_ws():
        nonlocal pos
        while pos < len(expr) and expr[pos] in " \t":
            pos += 1

    def literal():
        nonlocal pos
        assert expr[pos] == '"', expr
        pos += 1
        b = []
        while expr[pos] != '"':
            c = expr[pos]
            if c != "\\":
                b.append(c)
                pos += 1
                continue
            e = expr[pos + 1]
            pos += 2
            simple = {"e": 0x1b, "n": 0x0a, "r": 0x0d, "t": 0x09, "a": 0x07, "b": 0x08, "f": 0x0c,
                      "0": 0x00}
            if e == "x":
                if expr[pos] == "{":
                    end = expr.index("}", pos)
                    cp = int(expr[pos + 1:end], 16)
                    pos = end + 1
                    b.append(chr(cp))
                else:
                    m = re.match(r"[0-9a-fA-F]{1,2}", expr[pos:])
                    b.append(chr(int(m.group(0), 16)))
                    pos += len(m.group(0))
            elif e in simple:
                b.append(chr(simple[e]))
            else:
                b.append(e)
        pos += 1
        return "".join(b)

    def term():
        nonlocal pos
        skip_ws()
        v = literal()
        skip_ws()
        m = re.match(r"x\s*(\d+)", expr[pos:])
        if m:
            v = v * int(m.group(1))
            pos += len(m.group(0))
        return v

    out = term()
    skip_ws()
    while pos < len(expr) and expr[pos] == ".":
        pos += 1
        out += term()
        skip_ws()
    return out


class Harness:
    """termtest answers only queries; libvterm's own t/harness (--libvterm-harness, for the
    comparison) also prints events and DONE after every command, which are skipped."""

    def __init__(self, path, events):
        self.events = events
        self.p = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                  errors="replace")

    def send(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        if self.events and not line.startswith("?"):
            while True:
                out = self.p.stdout.readline()
                if out in ("", "DONE\n", "?\n"):
                    break

    def ask(self, line):
        self.send(line)
        return self.p.stdout.readline().rstrip("\n")

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def run_file(path, termtest, verbose, events=False):
    h = Harness(termtest, events)
    passed = failed = 0
    lines = open(path, encoding="utf-8").read().split("\n")

    def do_line(line, num):
        nonlocal passed, failed
        m = re.match(r"^(PUSH|ENCIN) (.*)$", line)
        if m:
            h.send("%s %s" % (m.group(1), to_bytes(perl_string(m.group(2))).hex()))
            return
        m = re.match(r"^(SELECTION \d+) +(\[?)(.*?)(\]?)$", line)
        if m:
            h.send("%s %s %s %s" % (m.group(1), m.group(2), to_bytes(perl_string(m.group(3))).hex(),
                                    m.group(4)))
            return
        if re.match(r"^[A-Z]", line):
            h.send(line)
            return
        m = re.match(r"^\?screen_row\s+(\d+)\s*=\s*(.*)$", line)
        if m:
            row, want = m.group(1), m.group(2)
            want = [ord(c) for c in perl_string(want)] if want.startswith('"') else \
                [int(x, 16) for x in want.split(",") if x.strip()]
            resp = h.ask("?screen_chars %s" % row)
            got = [int(x, 16) for x in resp.split(",") if x.strip()] if resp != "?" else None
            report(got == want, num, "?screen_row " + row, want, resp)
            return
        m = re.match(r"^\?([a-z]+.*?=)\s*(.*)$", line)
        if m:
            assertion = re.match(r"^(.*)\s+=", m.group(1)).group(1)
            expect = m.group(2)
            resp = h.ask("?" + assertion).strip()
            if assertion.startswith("screen_chars") and expect.startswith('"'):
                expect = ",".join("0x%02x" % ord(c) for c in perl_string(expect))
            report(resp == expect, num, assertion, expect, resp)
            return
        m = re.match(r"^\$SEQ\s+(\d+)\s+(\d+):\s*(.*)$", line)
        if m:
            for v in range(int(m.group(1)), int(m.group(2)) + 1):
                do_line(m.group(3).replace("\\#", str(v)), num)
            return
        m = re.match(r"^\$REP\s+(\d+):\s*(.*)$", line)
        if m:
            for _ in range(int(m.group(1))):
                do_line(m.group(2), num)
            return
        # expected callback events (movecursor, putglyph, output, ...) are not checked

    def report(ok, num, what, want, got):
        nonlocal passed, failed
        if ok:
            passed += 1
            return
        failed += 1
        if verbose:
            print("  %s:%d %s: expected %r, got %r" % (os.path.basename(path), num, what, want, got))

    for num, line in enumerate(lines, 1):
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        if line == "__END__":
            break
        if line.startswith("!"):
            continue
        do_line(line, num)
    h.close()
    return passed, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("libvterm")
    ap.add_argument("--termtest", default="build/host/termtest")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--libvterm-harness", help="run libvterm's own t/harness instead (comparison)")
    args = ap.parse_args()
    tdir = args.libvterm
    if os.path.isdir(os.path.join(tdir, "t")):
        tdir = os.path.join(tdir, "t")
    termtest = os.path.abspath(args.libvterm_harness or args.termtest)
    if not os.access(termtest, os.X_OK):
        sys.exit("vterm_t_run: %s not built (make build/host/termtest)" % termtest)
    total_p = total_f = 0
    for name in sorted(os.listdir(tdir)):
        if not name.endswith(".test"):
            continue
        p, f = run_file(os.path.join(tdir, name), termtest, args.v, bool(args.libvterm_harness))
        if p or f:
            print("%-32s %3d passed, %3d failed" % (name, p, f))
        total_p += p
        total_f += f
    print("%d passed, %d failed" % (total_p, total_f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
