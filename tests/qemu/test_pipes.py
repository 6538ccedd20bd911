#!/usr/bin/env python3
"""Files and streams end to end over the serial line (issue 12): the VFS's root of mounts (`ls -l /`,
`tree /`), sorted listings (`ls`, `-t`, `-S`, `-r`), pipelines (`dmesg | grep serial | wc -l`,
`cat big | md5sum` against `md5sum big` and the host's digest), `<` redirection, `>` refused, a
writer stopped by its reader leaving (`yes | head`), Ctrl-C on `yes | cat`, `kill` of a pipeline's
middle command from a second console (the rest goes on), error lines from the
middle of a pipeline, pathname expansion (`echo *.txt`, quoting, no match, `< pattern`, its bounds),
and a 256 KiB paste into `crc32` on standard input checked against the host's
CRC. The guest boots with the demo volume (ram0) and a volume made here with mkfs.fat and mtools
(ram1: a 4 MiB random file, text files, names and times chosen to test the sort orders).
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
from console_lib import ROOT, Timeout  # noqa: E402
from qemu_lib import Suite  # noqa: E402
from test_console import Guest, prompt, ready  # noqa: E402
from test_fs import ENV, ls_order, screen_lines  # noqa: E402

DEMO = os.path.join(ROOT, "build", "fatdemo.img")
ROWS, COLS = 300, 160

# name -> (size, mtime as seconds after 2020-01-01): sort orders differ by name, size and time
SORT_FILES = {"zeta.txt": (30, 5), "Alpha.txt": (10, 1), "beta.txt": (50, 3), "10.txt": (20, 4),
              "9.txt": (40, 2), "Émile.txt": (60, 6)}
GLOB_FILES = {"x[1].txt": "bracket\n", "x1.txt": "plain\n"}  # FAT allows no '*' or '?' in a name
LINES = ["line %02d: %s" % (i, "serial" if i % 3 == 0 else "other") for i in range(40)]


def make_image(tmp):
    """ram1's image and the host's copy of its files."""
    img = os.path.join(tmp, "pipes.img")
    src = os.path.join(tmp, "src")
    os.makedirs(os.path.join(src, "sub"))
    files = {}
    rnd = random.Random(12)
    files["big.bin"] = bytes(rnd.getrandbits(8) for _ in range(4 << 20))
    files["lines.txt"] = "".join(s + "\n" for s in LINES).encode()
    base = 1577836800  # 2020-01-01
    for name, (size, t) in SORT_FILES.items():
        files["sub/" + name] = bytes((65 + i % 26) for i in range(size))
    for name, data in files.items():
        with open(os.path.join(src, name), "wb") as f:
            f.write(data)
    for name, (size, t) in SORT_FILES.items():
        os.utime(os.path.join(src, "sub", name), (base + t * 86400, base + t * 86400))
    subprocess.run(["mkfs.fat", "-C", "-F", "16", "-n", "PIPES", img, str(16 * 1024)], check=True,
                   capture_output=True)
    subprocess.run(["mmd", "-i", img, "::sub"], env=ENV, check=True)
    subprocess.run(["mcopy", "-i", img, os.path.join(src, "big.bin"), os.path.join(src, "lines.txt"), "::/"],
                   env=ENV, check=True)
    # mtools writes the directory in the order given: not sorted, so ls must sort.
    names = ["zeta.txt", "9.txt", "Alpha.txt", "Émile.txt", "10.txt", "beta.txt"]
    subprocess.run(["mcopy", "-m", "-i", img] + [os.path.join(src, "sub", n) for n in names] + ["::/sub/"],
                   env=ENV, check=True)
    # names with pattern characters in them: Tab must complete them escaped
    os.makedirs(os.path.join(src, "glob"))
    for name, text in GLOB_FILES.items():
        with open(os.path.join(src, "glob", name), "w") as f:
            f.write(text)
    subprocess.run(["mmd", "-i", img, "::glob"], env=ENV, check=True)
    subprocess.run(["mcopy", "-i", img] + [os.path.join(src, "glob", n) for n in GLOB_FILES] + ["::/glob/"],
                   env=ENV, check=True)
    return img, files


def check(suite, name, cond, detail, lines=()):
    if cond:
        suite.ok(name, detail)
    else:
        suite.fail(name, detail, "\n".join(lines))


def run(link, cmd, timeout=60):
    link.command("clear", timeout=timeout)
    link.command(cmd, timeout=timeout)
    return [ln for ln in screen_lines(link, cmd)]


def test_listings(suite, link, files):
    lines = run(link, "ls -l /")
    rows = [ln for ln in lines if ln]
    ok = (len(rows) == 2 and re.match(r"d---- +4\.0 MiB FAT16 +KEELDEMO +ram0/$", rows[0])
          and re.match(r"d---- +1[56]\.\d MiB FAT16 +PIPES +ram1/$", rows[1]))
    check(suite, "ls -l /", ok, "the mounts with type, size and label", lines)

    demo = [ln for ln in run(link, "tree /ram0") if re.match(r"\d+ directories, \d+ files$", ln)]
    lines = run(link, "tree /")
    summary = [ln for ln in lines if re.match(r"\d+ directories, \d+ files$", ln)]
    tops = [ln for ln in lines if re.match(r"^  \S.*/$", ln)]
    # ram0 as `tree /ram0` counts it (test_fs checks that against mdir), plus the two volumes
    # themselves, ram1's sub/ and glob/ and their files
    want = None
    if demo:
        d, f = map(int, re.findall(r"\d+", demo[0]))
        want = "%d directories, %d files" % (d + 2 + 2, f + 2 + len(SORT_FILES) + len(GLOB_FILES))
    check(suite, "tree /", lines[:1] == ["/"] and tops == ["  ram0/", "  ram1/"] and summary == [want],
          "both volumes walked from the root: %s (want %s)" % (summary[0] if summary else "no summary", want), lines)

    want = ls_order(SORT_FILES)
    got = [ln for ln in run(link, "ls /ram1/sub") if ln]
    check(suite, "ls sorted by name", got == want, "%s" % got, got)
    got = [ln for ln in run(link, "ls -r /ram1/sub") if ln]
    check(suite, "ls -r", got == want[::-1], "%s" % got, got)
    by_size = sorted(SORT_FILES, key=lambda n: -SORT_FILES[n][0])
    got = [ln.split()[-1] for ln in run(link, "ls -lS /ram1/sub") if ln]
    check(suite, "ls -S", got == by_size, "largest first: %s" % got, got)
    by_time = sorted(SORT_FILES, key=lambda n: -SORT_FILES[n][1])
    got = [ln for ln in run(link, "ls -t /ram1/sub") if ln]
    check(suite, "ls -t", got == by_time, "newest first: %s" % got, got)
    lines = run(link, "ls -lh /ram1")
    check(suite, "ls -lh", any(re.search(r" 4\.0 MiB .* big\.bin$", ln) for ln in lines),
          "human sizes", lines)
    lines = run(link, "ls -a /ram1/sub")
    check(suite, "ls -a", lines[:2] == ["./", "../"], "shows . and ..", lines)
    # operands as ls takes them: files first (named as given, sorted), then each directory
    lines = run(link, "ls /ram1/sub /ram1/sub/zeta.txt /ram0/src /ram1/lines.txt")
    want = ["/ram1/lines.txt", "/ram1/sub/zeta.txt", "", "/ram0/src:", "hello.c", "", "/ram1/sub:"] + ls_order(SORT_FILES)
    check(suite, "ls files and directories", lines == want, "%s" % lines, lines)
    lines = run(link, "ls -l /ram1/lines.txt")
    check(suite, "ls -l FILE", len(lines) == 1 and re.match(r"----a +%d .*  /ram1/lines\.txt$" % len(files["lines.txt"]),
                                                             lines[0]), "%s" % lines, lines)
    lines = run(link, "ls /ram1/nope /ram1/lines.txt")
    check(suite, "ls missing and file", lines == ["ls: /ram1/nope: no such file or directory", "/ram1/lines.txt"],
          "%s" % lines, lines)
    lines = run(link, "ls /ram1/sub")
    check(suite, "ls one directory: no header", lines == ls_order(SORT_FILES), "%s" % lines, lines)


def test_pipelines(suite, link, files):
    lines = run(link, "dmesg | grep serial")
    n = len([ln for ln in lines if ln])
    lines2 = run(link, "dmesg | grep serial | wc -l")
    check(suite, "dmesg | grep serial | wc -l", n > 0 and lines2[:1] == [str(n)],
          "%d lines, counted %s" % (n, lines2[:1]), lines2)
    lines = run(link, "dmesg | head -n 2")
    check(suite, "dmesg starts at the boot's first line", len(lines) >= 2 and "Keel 0.1 (nano_core) booting" in
          lines[0] and "boot: loader:" in lines[1], "lines buffered before the log ring are in it", lines)

    md5 = hashlib.md5(files["big.bin"]).hexdigest()
    lines = run(link, "cat /ram1/big.bin | md5sum", timeout=300)
    direct = run(link, "md5sum /ram1/big.bin", timeout=300)
    check(suite, "cat big | md5sum", lines[:1] == [md5 + "  -"] and direct[:1] == [md5 + "  /ram1/big.bin"],
          "4 MiB through a pipe: %s" % md5, lines + direct)

    lines = run(link, "head -n 3 < /ram1/lines.txt")
    check(suite, "head -n 3 < file", lines[:3] == LINES[:3] and (len(lines) == 3 or not lines[3]),
          "%s" % lines[:3], lines)
    lines = run(link, "cat < /ram1/lines.txt | grep -c serial")
    check(suite, "< into a pipeline", lines[:1] == [str(sum("serial" in s for s in LINES))], "%s" % lines[:1],
          lines)
    lines = run(link, "echo a | cat | cat")
    check(suite, "echo a | cat | cat", lines[:1] == ["a"], "%s" % lines[:1], lines)
    lines = run(link, "echo 'a | cat'")
    check(suite, "quoted |", lines[:1] == ["a | cat"], "%s" % lines[:1], lines)
    t0 = time.monotonic()
    lines = run(link, "yes | head -n 2")
    check(suite, "yes | head -n 2", lines[:2] == ["y", "y"] and (len(lines) == 2 or not lines[2]),
          "the writer ended when its reader left (%.1fs)" % (time.monotonic() - t0), lines)
    lines = run(link, "yes | cat | head -n 1")
    check(suite, "-EPIPE through two pipes", lines[:1] == ["y"], "%s" % lines[:1], lines)
    # cd in a pipeline changes only its own command's directory, as in sh (each runs in a subshell)
    home = run(link, "pwd")[:1]
    in_pipe = run(link, "cd /ram1/sub | pwd")[:1]
    run(link, "cd /ram1/sub | cat")
    after = run(link, "pwd")[:1]
    run(link, "cd /ram1/sub")
    alone = run(link, "pwd")[:1]
    sub = run(link, "pwd | cat")[:1]
    run(link, "cd " + (home[0] if home else "/"))
    check(suite, "cd in a pipeline", in_pipe == home and after == home and alone == ["/ram1/sub"] and
          sub == ["/ram1/sub"], "shell stays in %s; cd alone moves it; pwd | cat inherits it" % home,
          [str(x) for x in (home, in_pipe, after, alone, sub)])


def test_errors(suite, link):
    cases = [
        ("cat /ram1/nope | wc -l", ["cat: /ram1/nope: no such file or directory", "0"]),
        ("nosuch | cat", ["keel: unknown command 'nosuch' (type 'help' for the list)"]),
        ("echo a > /ram1/x", ["keel: > cannot write files: the volumes are read-only (at column 8)"]),
        ("ls /ram1/nope 2>&1 | wc -l",
         ["keel: N> (2>&1, 2>file) is not supported: error lines always go to the console (at column 15)"]),
        ("cat < /ram1/nope", ["keel: /ram1/nope: no such file or directory"]),
        ("cat < /ram1/sub", ["keel: /ram1/sub: is a directory"]),
        ("| cat", ["keel: a command is missing before | (at column 1)"]),
        ("cat |", ["keel: a command is missing after | (at column 6)"]),
        ("a|b|c|d|e|f|g|h|i", ["keel: too many commands in the pipeline (at column 16)"]),
    ]
    for cmd, want in cases:
        lines = [ln for ln in run(link, cmd) if ln]
        check(suite, "error: " + cmd, lines == want, "%s" % lines, lines)
    # the worst input: the longest pipeline, every stage reading the last one's output
    lines = run(link, "echo deep | cat | cat | cat | cat | cat | cat | wc -c")
    check(suite, "8-stage pipeline", lines[:1] == ["5"], "%s" % lines[:1], lines)


def test_globs(suite, link):
    """Pathname expansion: sorted as ls sorts, quoting, no match, '<', several parts, the bounds."""
    txt = ls_order(SORT_FILES)
    run(link, "cd /ram1/sub")
    cases = [
        ("echo *.txt", [" ".join(txt)]),
        ("echo ?.txt", ["9.txt"]),
        ("echo [a-c]*", [" ".join(n for n in txt if n[0].lower() in "abc")]),
        ("echo [!a-z]*", [" ".join(n for n in txt if not ("a" <= n[0].lower() <= "z"))]),
        ("echo *.TXT | wc -w", [str(len(txt))]),  # case ignored, as the FAT volume does
        ("echo '*.txt' \"*\" \\* z\\*", ["*.txt * * z*"]),  # quoted: no expansion
        ("echo nothing* [q-r]*", ["nothing* [q-r]*"]),  # no match: the word as typed
        ("ls no*.txt", ["ls: no*.txt: no such file or directory"]),
        ("echo /ram*/s*/Al*", ["/ram1/sub/Alpha.txt"]),
        ("echo ../*/", ["../glob/ ../sub/"]),
        ("echo ../*.bin ../l*", ["../big.bin ../lines.txt"]),
        ("wc -l < ../l*", ["40"]),
        ("cat < *", ["keel: *: ambiguous redirect (6 files match)"]),
        ("ls -l /ram0/A*", None),
        ("ls *.txt", txt),  # files: listed together, no headers
        ("cd /ram0 | echo z*", ["zeta.txt"]),  # expanded where the shell is, as in sh
    ]
    for cmd, want in cases:
        lines = [ln for ln in run(link, cmd) if ln]
        if want is None:
            ok = len(lines) == 1 and lines[0].endswith("A long file name for the Keel demo.txt")
        else:
            ok = lines == want
        check(suite, "glob: " + cmd, ok, "%s" % lines, lines)
    # the worst inputs: a pattern expanding past the bound, one with many stars, then a command
    lines = [ln for ln in run(link, "echo /*/*/../*/../*/../*/../*") if ln]
    check(suite, "glob: too many matches", lines == ["keel: /*/*/../*/../*/../*/../*: too many matches (a line expands "
                                                     "to at most 256 paths, reading 256 directories)"], "%s" % lines, lines)
    # just under the bound: every path built from the volumes' own listings, sorted as ls sorts
    paths = []
    for vol in ("ram0", "ram1"):
        names = [ln for ln in run(link, "ls /" + vol) if ln]
        dirs = [n[:-1] for n in names if n.endswith("/")]
        paths += ["/%s/%s/../%s/../%s/../%s" % (vol, a, b, c, e.rstrip("/"))
                  for a in dirs for b in dirs for c in dirs for e in names]
    paths = ls_order(paths)
    want = len((" ".join(paths) + "\n").encode())
    lines = [ln for ln in run(link, "echo /*/*/../*/../*/../* | wc -c") if ln]
    check(suite, "glob: %d matches" % len(paths), 100 < len(paths) <= 256 and lines == [str(want)],
          "%s bytes, want %d" % (lines, want), lines)
    star = "*a" * 40 + "*b"
    t0 = time.monotonic()
    lines = [ln for ln in run(link, "echo /ram0/" + star) if ln]
    check(suite, "glob: 40 stars", lines == ["/ram0/" + star], "%.1f s, %s" % (time.monotonic() - t0, lines[:1]), lines)
    lines = [ln for ln in run(link, "echo still here") if ln]
    check(suite, "glob: shell alive", lines == ["still here"], "%s" % lines, lines)
    # a name holding pattern characters: a pattern may match another file, Tab completes it escaped
    lines = [ln for ln in run(link, "echo /ram1/glob/x[1].txt")]
    check(suite, "glob: [1] is a set", lines == ["/ram1/glob/x1.txt"], "%s" % lines, lines)
    lines = [ln for ln in run(link, "cat '/ram1/glob/x[1].txt' /ram1/glob/x\\[1].txt")]
    check(suite, "glob: quoted [1] names the file", lines == ["bracket", "bracket"], "%s" % lines, lines)
    try:
        link.command("clear")
        link.send("cat /ram1/glob/x\\[\t")
        link.wait_screen(r"^keel> cat /ram1/glob/x\\\[1\]\.txt$", 20)  # then a space
        link.command("")
        lines = screen_lines(link, "cat /ram1/glob/x\\[1].txt")
        check(suite, "glob: Tab escapes pattern characters", lines == ["bracket"], "%s" % lines, lines)
    except Timeout as e:
        suite.fail("glob: Tab escapes pattern characters", str(e))
    run(link, "cd /")


def test_ctrl_c(suite, link):
    link.command("clear")
    start = len(link.data)
    link.send("yes | cat\r")
    link.wait_raw(rb"y\r\ny\r\n", 20, start)
    time.sleep(0.5)
    t0 = time.monotonic()
    link.send("\x03")
    link.wait_raw(rb"\^C \(yes \| cat interrupted\)", 20, start)
    dt = time.monotonic() - t0
    link.command("echo alive")
    check(suite, "Ctrl-C on yes | cat", "alive" in link.screen_text(), "both stopped in %.2fs" % dt)
    link.command("clear")
    start = len(link.data)
    link.send("cat | grep x\r")
    time.sleep(0.5)
    link.send("\x03")
    link.wait_raw(rb"\^C \(cat \| grep interrupted\)", 20, start)
    suite.ok("Ctrl-C on cat | grep waiting for input", "both stopped")


def start_and_kill(link, other, line, victim):
    """Run `line` on link, then `kill` its task named `victim` from the other console; the offset
    in link's output where the line started."""
    link.command("clear")
    start = len(link.data)
    link.send(line + "\r")
    time.sleep(0.5)
    ps = [r.split() for r in run(other, "ps")]
    ids = [r[0] for r in ps if len(r) >= 4 and r[3] == victim]
    if len(ids) != 1:
        raise Timeout("no single %s task in ps: %r" % (victim, ps))
    run(other, "kill " + ids[0])
    return start


def test_kill_middle(suite, link, other):
    """`kill` from another console ends the middle of `cat | grep x | wc -l`: wc sees the end of its
    input at once and prints 0, cat stops at its next write, the one killed says so; a single
    command killed the same way ends with "killed", not as if Ctrl-C had been pressed."""
    start = start_and_kill(link, other, "cat | grep x | wc -l", "grep")
    link.wait_raw(rb"wc -l\r\n(?:\x1b\[[?0-9;]*[a-zA-Z])*0\r\n", 20, start)  # the end of wc's input came with the kill
    link.send("a line for cat\r")  # cat finds its reader gone and stops: the prompt comes back
    link.wait_raw(rb"grep: killed\r\n", 20, start)
    link.wait_screen(r"^keel>$", 20)
    check(suite, "kill the middle of a pipeline", "interrupted" not in link.screen_text(),
          "wc printed 0 at once, then the prompt", [r.rstrip() for r in link.screen()["rows"] if r.strip()])
    start = start_and_kill(link, other, "cat", "cat")
    link.wait_raw(rb"cat: killed\r\n", 20, start)
    link.wait_screen(r"^keel>$", 20)
    check(suite, "kill a command from another console", "interrupted" not in link.screen_text(),
          "cat: killed", [r.rstrip() for r in link.screen()["rows"] if r.strip()])


def test_paste(suite, link):
    rnd = random.Random(256)
    lines, total = [], 0
    while total < 256 * 1024:
        n = rnd.randrange(0, 120)
        s = "".join(chr(rnd.randrange(0x20, 0x7F)) for _ in range(n))
        lines.append(s)
        total += len(s) + 1
    blob = "".join(s + "\n" for s in lines).encode()
    link.command("clear")
    start = len(link.data)
    link.send("crc32\r")
    time.sleep(0.3)
    t0 = time.monotonic()
    # At 115200 baud's pace (11,520 bytes a second).
    link.send("".join(s + "\r" for s in lines) + "\x04", chunk=1152, pause=0.1)
    m = link.wait_raw(rb"([0-9a-f]{8})  (\d+)  -\r\n", 600, start)
    got = (int(m.group(2)), int(m.group(1), 16))
    want = (len(blob), zlib.crc32(blob))
    check(suite, "256 KiB paste into crc32", got == want, "%d bytes in %.0fs, crc %08x (host %08x)" % (
        got[0], time.monotonic() - t0, got[1], want[1]))


def main():
    suite = Suite("pipes")
    subprocess.run(["make", "--no-print-directory", "-s", "build/fatdemo.img", "build/host/termdump"], cwd=ROOT,
                   check=True)
    tmp = tempfile.mkdtemp(prefix="keel-pipes-")
    g = None
    try:
        img, files = make_image(tmp)
        g = Guest(ports=2, extra=["-initrd", "%s,%s" % (DEMO, img)])
        link = g.link(0, rows=ROWS, cols=COLS)
        other = g.link(1, rows=ROWS, cols=COLS)
        ready(link)
        prompt(link)
        prompt(other)
        for test in (test_listings, test_pipelines):
            try:
                test(suite, link, files)
            except (Timeout, ValueError) as e:
                suite.fail(test.__name__, str(e))
        try:
            test_kill_middle(suite, link, other)
        except (Timeout, ValueError) as e:
            suite.fail("test_kill_middle", str(e))
        for test in (test_errors, test_globs, test_ctrl_c, test_paste):
            try:
                test(suite, link)
            except (Timeout, ValueError) as e:
                suite.fail(test.__name__, str(e))
    finally:
        if g:
            g.close()
        subprocess.call(["rm", "-rf", tmp])
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
