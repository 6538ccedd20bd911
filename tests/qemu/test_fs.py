#!/usr/bin/env python3
"""File-system shell end to end, over the serial line (issue 8): boot with the demo FAT image
as a module (-initrd build/fatdemo.img), type mount, ls -l, cd, pwd, cat, stat, tree, find,
crc32, md5sum, hexdump and Tab completion of file names, and compare every answer with what
mtools says about the same image (mdir -b for the tree, mcopy -s for the bytes). Then boot with
a set of corrupted images (truncated, bad BPB, FAT chain loop, directory loops, garbage; made
by tests/qemu/fs_images.py) as modules: the kernel must keep running, name each problem in its
log and in `mount`, report the damage when the files are used, and still answer. Volumes are
mounted after "boot complete": a command typed before that (keel.settle.delay) waits for them.
"""
import hashlib
import os
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
import fs_images  # noqa: E402

DEMO = os.path.join(ROOT, "build", "fatdemo.img")
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
ROWS, COLS = 300, 160  # tall enough that one command's output never scrolls after `clear`


def screen_lines(link, cmd):
    """The rendered rows between the command's prompt row and the next prompt (trailing blanks cut)."""
    rows = [r.rstrip() for r in link.screen()["rows"]]
    head = "keel> " + cmd
    idx = max(i for i, r in enumerate(rows) if r.startswith(head[:COLS].rstrip()) or r == head.rstrip())
    end = max(i for i, r in enumerate(rows) if r.rstrip() == "keel>")
    return rows[idx + 1:end]


def run(link, suite, name, cmd, check, timeout=60):
    try:
        link.command("clear", timeout=timeout)
        link.command(cmd, timeout=timeout)
        lines = screen_lines(link, cmd)
    except (Timeout, ValueError) as e:
        suite.fail(name, "%s: %s" % (cmd, e))
        return None
    why = check(lines)
    if why is True or why is None:
        suite.ok(name, cmd)
    else:
        suite.fail(name, "%s: %s" % (cmd, why), "\n".join(lines))
    return lines


def ls_order(names):
    """ls's order: ASCII letters folded to lower case, then the bytes (UTF-8 as it is)."""
    fold = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))
    return sorted(names, key=lambda n: (n.encode().translate(fold), n.encode()))


def mtools_truth(tmp):
    """mdir's tree (paths in directory order) and mcopy's bytes of every file."""
    listing = subprocess.run(["mdir", "-b", "-/", "-i", DEMO, "::"], env=ENV, check=True,
                             capture_output=True).stdout.decode()
    paths = [ln[2:] for ln in listing.splitlines() if ln.startswith("::/")]
    out = os.path.join(tmp, "x")
    os.makedirs(out)
    subprocess.run(["mcopy", "-s", "-n", "-i", DEMO, "::/*", out], env=ENV, check=True)
    files = {}
    for p in paths:
        if not p.endswith("/"):
            with open(os.path.join(out, p.lstrip("/")), "rb") as f:
                files[p] = f.read()
    return paths, files


def expect_equal(got, want):
    return True if got == want else "got %r, want %r" % (got, want)


def test_demo(suite, tmp):
    paths, files = mtools_truth(tmp)
    label = subprocess.run(["mlabel", "-s", "-i", DEMO, "::"], env=ENV, capture_output=True).stdout.decode()
    g = Guest(extra=["-initrd", DEMO])
    try:
        link = g.link(0, ROWS, COLS)
        ready(link, 120)
        prompt(link, 60)
        log = link.data.decode("utf-8", "replace")
        if re.search(r"fs: ram0: FAT16 volume \"KEELDEMO\".*mounted as /ram0", log):
            suite.ok("boot log", "ram0 mounted")
        else:
            suite.fail("boot log", "no mount line for ram0", log)
        run(link, suite, "mount", "mount", lambda ls: True if any(
            re.match(r"ram0 +ram0 +FAT16 +4\.0 MiB +KEELDEMO$", ln) for ln in ls) and "KEELDEMO" in label
            else "no ram0 row")

        def root_entries():
            return [(p[1:].rstrip("/"), p.endswith("/")) for p in paths if p.count("/") == 1 or
                    (p.count("/") == 2 and p.endswith("/"))]

        def check_ls_l(lines):
            got = []
            for ln in lines:
                m = re.match(r"([d-])[r-][h-][s-][a-] +(\d+) \d{4}-\d\d-\d\d \d\d:\d\d  (.*)$", ln)
                if m:
                    name = m.group(3).rstrip("/")
                    got.append((name, m.group(1) == "d", int(m.group(2))))
            want = {n: (n, d, 0 if d else len(files["/" + n])) for n, d in root_entries()}
            return expect_equal(got, [want[n] for n in ls_order(want)])
        run(link, suite, "ls -l", "ls -l /ram0", check_ls_l)
        run(link, suite, "cd relative, mixed case", "cd DOCS/Guide", lambda ls: expect_equal(ls, [""]) if ls != []
            else True)
        run(link, suite, "pwd", "pwd", lambda ls: expect_equal(ls[0], "/ram0/docs/guide"))
        run(link, suite, "ls relative", "ls", lambda ls: expect_equal(
            [x for x in ls if x], ls_order([p.split("/")[-1] or p.split("/")[-2] + "/" for p in paths
                                            if p.startswith("/docs/guide/") and p.count("/") == 3 + p.endswith("/")])))
        run(link, suite, "cat", "cat chapter1.txt ../guide/chapter2.txt", lambda ls: expect_equal(
            "\n".join(ls).rstrip("\n"), (files["/docs/guide/chapter1.txt"] + files["/docs/guide/chapter2.txt"])
            .decode().rstrip("\n")))
        run(link, suite, "cd ..", "cd ../..", lambda ls: True)
        run(link, suite, "pwd after ..", "pwd", lambda ls: expect_equal(ls[0], "/ram0"))
        uni = [p for p in files if p.startswith("/Unicode")]
        for p in uni:
            run(link, suite, "cat unicode", "cat '%s'" % p[1:], lambda ls, p=p: expect_equal(
                "\n".join(ls).rstrip("\n"), files[p].decode().rstrip("\n")))
        run(link, suite, "stat", "stat ramp.bin", lambda ls: True if "  Size: %d" % len(files["/ramp.bin"]) in ls
            and "  Type: regular file" in ls else "size/type missing")

        def check_tree(lines):
            got = []
            stack = []
            for ln in lines[1:]:
                m = re.match(r"^( +)(.*)$", ln)
                if not m:
                    continue
                depth = len(m.group(1)) // 2 - 1
                stack = stack[:depth] + [m.group(2).rstrip("/")]
                got.append("/" + "/".join(stack) + ("/" if m.group(2).endswith("/") else ""))
            summary = "%d directories, %d files" % (sum(p.endswith("/") for p in paths),
                                                    sum(not p.endswith("/") for p in paths))
            if summary not in lines:
                return "no %r" % summary
            # the tree is depth first, mdir -/ lists directory by directory: same set, same
            # order inside each directory
            if sorted(got) != sorted(paths):
                return expect_equal(sorted(got), sorted(paths))
            for d in set(p.rsplit("/", 2)[0] for p in paths):
                a = [p for p in got if p.rstrip("/").rsplit("/", 1)[0] == d]
                b = [p for p in paths if p.rstrip("/").rsplit("/", 1)[0] == d]
                if a != b:
                    return expect_equal(a, b)
            return True
        run(link, suite, "tree", "tree /ram0", check_tree)
        run(link, suite, "find", "find CHAPTER", lambda ls: expect_equal(
            sorted(x for x in ls if x), sorted("/ram0" + p for p in paths if "chapter" in p.lower())))
        names = [p for p in files if " " not in p]
        run(link, suite, "crc32 (every file)", "crc32 " + " ".join(p[1:] for p in names), lambda ls: expect_equal(
            [x for x in ls if x], ["%08x  %d  %s" % (zlib.crc32(files[p]), len(files[p]), p[1:]) for p in names]))
        run(link, suite, "md5sum", "md5sum ramp.bin README.TXT empty.txt", lambda ls: expect_equal(
            [x for x in ls if x], ["%s  %s" % (hashlib.md5(files["/" + n]).hexdigest(), n)
                                   for n in ("ramp.bin", "README.TXT", "empty.txt")]))
        run(link, suite, "hexdump", "hexdump -s 250 -n 20 ramp.bin", lambda ls: expect_equal(
            [x for x in ls if x],
            ["000000fa  fa fb fc fd fe ff 00 01  02 03 04 05 06 07 08 09  |................|",
             "0000010a  0a 0b 0c 0d                                       |....|", "0000010e"]))
        # Errors
        run(link, suite, "cat a directory", "cat docs", lambda ls: expect_equal(ls[0], "cat: docs: is a directory"))
        run(link, suite, "missing file", "cat nope.txt", lambda ls: expect_equal(
            ls[0], "cat: nope.txt: no such file or directory"))
        run(link, suite, "bad option", "ls -z", lambda ls: True if ls[0] == "ls: unknown option -z (see 'help ls')"
            and not ls[1:2] else "got %r" % ls[:2])
        run(link, suite, "no such volume", "ls /nope", lambda ls: expect_equal(
            ls[0], "ls: /nope: no such volume"))
        # Ctrl-C stops a long dump
        link.send("hexdump ramp.bin\r")
        try:
            link.wait_raw(r"00000400  ", 60)
            link.send("\x03")
            link.wait_raw(r"\^C \(hexdump interrupted\)|hexdump: interrupted", 30)
            prompt(link)
            suite.ok("Ctrl-C", "hexdump interrupted")
        except Timeout as e:
            suite.fail("Ctrl-C", str(e))
        # Tab completion: a unique file, a directory (no space after '/'), then inside it
        try:
            link.send("cat READ\t|")  # a unique file: completed, then a space
            link.wait_screen(r"^keel> cat README\.TXT \|$", 20)
            link.send("\x15cd do\t")  # Ctrl-U clears the line
            link.wait_screen(r"^keel> cd docs/$", 20)
            link.send("gu\tchapter1\t")
            link.wait_screen(r"^keel> cd docs/guide/chapter1\.txt$", 20)
            link.send("\x15cat Uni\t")
            link.wait_screen(r"^keel> cat Unicode\\ ✓/$", 20)
            link.send("\x15cat /ra\t")
            link.wait_screen(r"^keel> cat /ram0/$", 20)
            link.send("\x15cat A\\ long\t")
            link.wait_screen(r"^keel> cat A\\ long\\ file\\ name\\ for\\ the\\ Keel\\ demo\.txt$", 20)
            link.command("")
            lines = screen_lines(link, "cat A\\ long\\ file\\ name\\ for\\ the\\ Keel\\ demo.txt")
            if "\n".join(lines).rstrip("\n") == files["/A long file name for the Keel demo.txt"].decode().rstrip("\n"):
                suite.ok("Tab completion", "file, directory, volume, escaped spaces; completed line runs")
            else:
                suite.fail("Tab completion", "completed command printed %r" % lines)
        except Timeout as e:
            suite.fail("Tab completion", str(e))
    finally:
        g.close()


def test_corrupt(suite, tmp):
    images = fs_images.make_all(tmp)
    g = Guest(extra=["-initrd", ",".join(p for p, _ in images)])
    try:
        link = g.link(0, ROWS, COLS)
        ready(link, 120)
        prompt(link, 60)
        log = link.data.decode("utf-8", "replace")
        mount = run(link, suite, "corrupt: mount lists all", "mount",
                    lambda ls: True if len([x for x in ls if re.match(r"ram\d ", x)]) == len(images) else "rows missing")
        # ram0 truncated, ram1 bad BPB: not mounted, the log and `mount` name the problem
        for i, (path, problem) in enumerate(images):
            name = os.path.basename(path)
            if i in (0, 1, 4):
                logl = [ln for ln in log.splitlines() if re.search(r"fs: ram%d: " % i, ln)]
                row = [ln for ln in mount if ln.startswith("ram%d " % i)]
                if logl and re.search(problem, logl[0]) and row and re.search(problem, row[0]) and "error:" in row[0]:
                    suite.ok("corrupt " + name, logl[0].split("fs: ")[1])
                else:
                    suite.fail("corrupt " + name, "log %r, mount %r" % (logl, row), log)
        # ram2: mounts; the looping file is refused with the reader's message, the rest reads
        run(link, suite, "corrupt chainloop.img: cat", "cat /ram2/LOOP.TXT /ram2/OK.TXT", lambda ls: True if
            re.search(images[2][1], ls[0]) and ls[1] == "still readable" else "got %r" % ls[:2])
        # ram3: tree reports both loops and carries on
        run(link, suite, "corrupt dirloop.img: tree", "tree /ram3", lambda ls: True if
            any(re.search(r"directory over 65536 entries", x) for x in ls) and
            any(re.search(r"directory loop", x) for x in ls) and any("B.TXT" in x for x in ls) is False and
            any(x.strip() == "OK.TXT" for x in ls) else "got %r" % ls, timeout=120)
        run(link, suite, "corrupt: shell still answers", "echo alive", lambda ls: expect_equal(ls[0], "alive"))
    finally:
        g.close()


def test_settle_wait(suite):
    """Volumes are mounted after "boot complete" (deferred modules, keel.settle.delay holds them
    back 2 s here): `ls /` typed before that waits for them and lists the volume, never an empty
    list; the wait is announced, and the mount comes after the command was typed. Then `mount`
    and `lsblk` show the device at once."""
    g = Guest(append="keel.settle.delay=2000", extra=["-initrd", DEMO])
    try:
        link = g.link(0, ROWS, COLS)
        ready(link, 120)
        prompt(link, 60)
        if re.search(rb"fs: ram0: ", link.data):
            suite.fail("ls / before the mount", "ram0 was mounted before the command", link.data.decode("utf-8", "replace"))
            return
        typed = len(link.data)
        link.command("ls /", timeout=60)  # the first command: run() would type `clear` first
        lines = [x for x in screen_lines(link, "ls /") if not re.match(r"\[ *\d+\.\d+\] ", x)]  # log lines
        if lines[:2] == ["(devices are still being probed and volumes mounted: waiting)", "ram0/"]:
            suite.ok("ls / before the mount", "waited, then listed ram0/")
        else:
            suite.fail("ls / before the mount", "got %r" % lines)
        m = re.search(rb"fs: ram0: FAT16 volume \"KEELDEMO\".*mounted as /ram0", link.data)
        settled = re.search(rb"modules: \d+ deferred modules in \d+ us: .*devices settled \d+ us from kernel entry",
                            link.data)
        if m and settled and m.start() > typed and settled.start() > typed:
            suite.ok("mounted after the command", "the command waited for the deferred mount")
        else:
            suite.fail("mounted after the command", "mount line %r at %s, typed at %d" %
                       (m and m.group(0), m and m.start(), typed), link.data.decode("utf-8", "replace"))
        run(link, suite, "lsblk after the wait", "lsblk", lambda ls: True if any(
            x.startswith("ram0") for x in ls) else "got %r" % ls)
        run(link, suite, "boottime shows the deferred phase", "boottime", lambda ls: True if any(
            re.match(r" +devices settled \(deferred\) +\d+\.\d{3} ms$", x) for x in ls) else "got %r" % ls)
    finally:
        g.close()


def test_settle_delay_bad(suite):
    """keel.settle.delay with no number, a word, or one far too large: a warning, the value is
    ignored, and the deferred modules still run (the volume is mounted)."""
    elf = os.path.join(ROOT, "build", "keel.elf")
    for value in ["", "=abc", "=99999999999999999999999999", "=10001"]:
        cmd = ["qemu-system-x86_64", "-M", "pc", "-m", "256M", "-display", "none", "-monitor", "none",
               "-no-reboot", "-serial", "stdio", "-kernel", elf, "-initrd", DEMO, "-append",
               "keel.settle.delay" + value]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        out, deadline = b"", time.monotonic() + 60
        try:
            while time.monotonic() < deadline and not re.search(rb"devices settled \d+ us", out):
                chunk = p.stdout.read1(65536)
                if not chunk:
                    break
                out += chunk
        finally:
            p.kill()
            p.wait()
        text = out.decode("utf-8", "replace")
        warned = re.search(r"warn  settle: keel.settle.delay=%s: not a number of ms up to 10000; ignored"
                           % re.escape(value[1:32]), text)  # the value as read: 31 characters at most
        if warned and "mounted as /ram0" in text and re.search(r"devices settled \d+ us", text):
            suite.ok("keel.settle.delay%s" % (value or " (no value)"), "warned, ignored, volumes mounted")
        else:
            suite.fail("keel.settle.delay%s" % (value or " (no value)"), "no warning or no mount", text[-1500:])


def test_fatdump_guards(suite, tmp):
    """The host tool has the kernel's guards: `fatdump tree` on the corrupted images ends, and a
    directory loop is reported instead of recursed into (it overflowed the stack before)."""
    fatdump = os.path.join(ROOT, "build", "host", "fatdump")
    os.makedirs(os.path.join(tmp, "host"), exist_ok=True)
    for path, _ in fs_images.make_all(os.path.join(tmp, "host")):
        r = subprocess.run([fatdump, path, "tree"], capture_output=True, text=True, timeout=60)
        name = os.path.basename(path)
        if r.returncode not in (0, 1) or "AddressSanitizer" in r.stderr:
            suite.fail("fatdump tree " + name, "exit %d" % r.returncode, r.stderr[-1500:])
        elif name == "dirloop.img" and "directory loop" not in r.stderr:
            suite.fail("fatdump tree " + name, "the loop was not reported", r.stderr[-500:])
        else:
            suite.ok("fatdump tree " + name, (r.stderr.strip().splitlines() or ["clean"])[-1][:70])


def main():
    suite = Suite("fs")
    subprocess.run(["make", "--no-print-directory", "-s", "build/fatdemo.img", "build/host/termdump",
                    "build/host/fatdump"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="keel-fs-")
    try:
        test_fatdump_guards(suite, tmp)
        test_demo(suite, tmp)
        test_settle_wait(suite)
        test_settle_delay_bad(suite)
        test_corrupt(suite, tmp)
    finally:
        subprocess.call(["rm", "-rf", tmp])
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
