#!/usr/bin/env python3
"""Build the FAT test images with the real tools and record what mtools sees in them.

Usage: mkimages.py OUTDIR

For each image NAME this writes OUTDIR/NAME.img (made by mkfs.fat, filled by mmd/mcopy/mdel,
fragmented by deleting files and copying big ones into the holes), OUTDIR/NAME.files/ (every
file extracted again with `mcopy -s`) and OUTDIR/NAME.manifest (the recursive `mdir -a`
listing, parsed), and finally OUTDIR/index with one line per volume:
    NAME<TAB>IMAGE-FILE<TAB>BYTE-OFFSET<TAB>BLOCK-SIZE
Manifest lines (tab separated):
    label  LABEL
    D      /path
    F      /path  SIZE  YYYY-MM-DD HH:MM  SHORTNAME   (SHORTNAME as mdir prints it)
Python standard library only. Deterministic contents (fixed seeds, fixed dates aside).
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
MKFS = shutil.which("mkfs.fat") or "/usr/sbin/mkfs.fat"


def run(*args):
    """Run a tool; its chatter (mtools' geometry warnings) is shown only if it fails."""
    r = subprocess.run(args, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.stderr.write(r.stdout.decode(errors="replace"))
        raise SystemExit("mkimages: %s failed (exit %d)" % (" ".join(args), r.returncode))


def out(*args):
    return subprocess.run(args, check=True, env=ENV, stdout=subprocess.PIPE).stdout.decode()


class Image:
    def __init__(self, outdir, name, kib, fat, extra=(), offset=0, label=None):
        self.name, self.path, self.offset = name, os.path.join(outdir, name + ".img"), offset
        self.spec = self.path + ("@@%d" % offset if offset else "")
        if offset == 0:
            if os.path.exists(self.path):
                os.unlink(self.path)
            args = [MKFS, "-C", "-F", str(fat), "-i", "4b45454c"]
        else:
            args = [MKFS, "-F", str(fat), "-i", "4b45454c", "--offset=%d" % (offset // 512)]
        if label:
            args += ["-n", label]
        args += list(extra) + [self.path, str(kib)]
        run(*args)
        self.tmp = tempfile.mkdtemp(prefix="fatimg-")
        self.rng = random.Random(name)

    def data(self, size):
        return bytes(self.rng.getrandbits(8) for _ in range(size)) if size < 4096 else \
            self.rng.randbytes(size)

    def mkdir(self, *paths):
        run("mmd", "-i", self.spec, *["::" + p for p in paths])

    def put(self, dest_dir, files):
        """files: list of (name, bytes); copied with one mcopy into dest_dir."""
        srcs = []
        d = tempfile.mkdtemp(dir=self.tmp)
        for name, content in files:
            p = os.path.join(d, name)
            with open(p, "wb") as f:
                f.write(content)
            srcs.append(p)
        run("mcopy", "-i", self.spec, "-m", *srcs, "::" + dest_dir)

    def delete(self, *paths):
        run("mdel", "-i", self.spec, *["::" + p for p in paths])

    def free_bytes(self):
        m = re.search(r"([\d ]+) bytes free", out("mdir", "-i", self.spec, "::/"))
        return int(m.group(1).replace(" ", ""))

    def fragment(self, dest_dir, prefix, big_sizes, hole_size, holes):
        """Fill with small files and a filler up to the end of the volume, delete every other
        small file, then copy the big files: they can only go into the holes."""
        assert sum(big_sizes) <= hole_size * (holes // 2)
        self.put(dest_dir, [("%s%03d.tmp" % (prefix, i), self.data(hole_size))
                            for i in range(holes)])
        self.put(dest_dir, [(prefix + "-filler.bin", bytes(self.free_bytes() - 65536))])
        self.delete(*["%s/%s%03d.tmp" % (dest_dir.rstrip("/"), prefix, i)
                      for i in range(0, holes, 2)])
        self.put(dest_dir, [("%s-big%d.bin" % (prefix, i), self.data(s))
                            for i, s in enumerate(big_sizes)])

    def finish(self, outdir, index, block_size=512):
        files = os.path.join(outdir, self.name + ".files")
        shutil.rmtree(files, ignore_errors=True)
        os.makedirs(files)
        run("mcopy", "-s", "-n", "-i", self.spec, "::/", files + "/")
        text = manifest(out("mdir", "-/", "-a", "-i", self.spec, "::/"))
        with open(os.path.join(outdir, self.name + ".manifest"), "w", encoding="utf-8") as f:
            f.write(text)
        # mtools 4.0.32 lower-cases non-ASCII letters of 8.3 names with the NT case bits in mdir
        # but not in mcopy ("café.txt" is extracted as "cafÉ.txt"): file those under mdir's name.
        for line in text.split("\n"):
            if line.startswith("F\t"):
                path = files + line.split("\t")[1]
                if not os.path.exists(path):
                    d, base = os.path.split(path)
                    for other in os.listdir(d):
                        if other.lower() == base.lower():
                            os.rename(os.path.join(d, other), path)
        index.append("%s\t%s\t%d\t%d" % (self.name, os.path.basename(self.path), self.offset,
                                         block_size))
        shutil.rmtree(self.tmp)


ENTRY = re.compile(r"^(.{8}) (.{3}) +(<DIR>|\d+) +(\d{4}-\d\d-\d\d) +(\d{1,2}:\d\d) ?(.*?)\s*$")


def manifest(listing):
    lines, cur = [], None
    for line in listing.split("\n"):
        if line.startswith(" Volume in drive"):
            m = re.match(r" Volume in drive . is (.*)$", line)
            label = m.group(1).rstrip() if m else ""
            if "has no label" not in line:
                lines.append("label\t" + label)
            continue
        if line.startswith("Directory for ::"):
            cur = line[len("Directory for ::"):].rstrip("/")
            continue
        m = ENTRY.match(line)
        if not m or cur is None:
            continue
        base, ext, size, date, time, long = m.groups()
        short = base.rstrip() + ("." + ext.rstrip() if ext.strip() else "")
        # "HH:MM" is followed by one space, then (two spaces into the line) the long name.
        long = long[1:] if long.startswith(" ") else ""
        name = long if long else short
        if name in (".", ".."):
            continue
        path = cur + "/" + name
        if size == "<DIR>":
            lines.append("D\t" + path)
        else:
            h, mi = time.split(":")
            lines.append("F\t%s\t%s\t%s %02d:%s\t%s" % (path, size, date, int(h), mi, short))
    return "\n".join(lines) + "\n"


def build_fat12(outdir, index):
    im = Image(outdir, "fat12", 1440, 12, label="FLOPPY")
    im.mkdir("/docs", "/docs/notes", "/empty-dir")
    im.put("/", [("README.TXT", b"Keel FAT12 floppy\n"), ("readme2.txt", b"lower case 8.3\n"),
                 ("Mixed Case Long Name.markdown", im.data(1500)), ("zero.len", b""),
                 ("caf\u00e9 cr\u00e8me.txt", im.data(700)), ("KERNEL.BIN", im.data(200000))])
    im.put("/docs", [("a.txt", im.data(513)), ("b.txt", im.data(512)), ("c", im.data(1))])
    im.put("/docs/notes", [("note %d.txt" % i, im.data(i * 37)) for i in range(12)])
    im.fragment("/docs", "frag", [60000, 30000], 1024, 200)
    im.finish(outdir, index)


def build_fat16(outdir, index):
    im = Image(outdir, "fat16", 16 * 1024, 16, extra=["-s", "4"], label="KEEL FAT16")
    deep = ["/deep"]
    for i in range(1, 24):
        deep.append(deep[-1] + "/level%02d" % i)
    im.mkdir(*deep, "/many")
    im.put(deep[-1], [("bottom.txt", b"the bottom of a deep tree\n")])
    im.put(deep[5], [("middle with a long name.dat", im.data(3000))])
    im.put("/many", [("file number %04d with a long name.txt" % i, im.data(i % 97))
                     for i in range(600)])
    im.put("/many", [("S%04d.TXT" % i, im.data(10)) for i in range(150)])
    im.delete("/many/file number 0100 with a long name.txt", "/many/S0010.TXT")
    im.fragment("/", "frag", [700001, 150000, 30000], 2048 * 3, 300)
    im.finish(outdir, index)


def build_fat32(outdir, index):
    im = Image(outdir, "fat32", 40 * 1024, 32, extra=["-s", "1"], label="KEEL32")
    im.mkdir("/unicode", "/unicode/\u65e5\u672c\u8a9e", "/sub", "/sub/inner")
    im.put("/unicode", [("\u00c9cole \u00e9t\u00e9.txt", im.data(100)),
                        ("\u03b1\u03b2\u03b3 \u0394\u0395\u0396.txt", im.data(200)),
                        ("\u041f\u0440\u0438\u0432\u0435\u0442.txt", im.data(300)),
                        ("emoji \U0001F600 \U0001F680.bin", im.data(4097)),
                        ("\u00dcBER-\u00df.TXT", im.data(10)), ("caf\u00e9.txt", im.data(11))])
    im.put("/unicode/\u65e5\u672c\u8a9e", [("\u6587\u4ef6.txt", im.data(64))])
    im.put("/sub/inner", [("x" * 200 + ".txt", im.data(77)), ("a.b.c.dat", im.data(5)),
                          ("  leading.txt", b"spaces"), ("trailing dots", b"dots"),
                          ("UPPER.TXT", b"u"), ("lower.txt", b"l"), ("MiXeD.TxT", b"m")])
    im.put("/", [("empty", b""), ("big.bin", im.data(3 * 1024 * 1024 + 123))])
    # the root directory grows cluster by cluster between these files' data: a fragmented
    # FAT32 root chain
    im.put("/", [("root file %02d with a long name.txt" % i, im.data(400 + i))
                 for i in range(60)])
    im.fragment("/sub", "frag", [400000, 60000], 512 * 5, 400)
    im.finish(outdir, index)


def build_fat16_4k(outdir, index):
    im = Image(outdir, "fat16_4k", 32 * 1024, 16, extra=["-S", "4096", "-s", "1"])
    im.mkdir("/dir")
    im.put("/dir", [("file%02d.bin" % i, im.data(i * 1000)) for i in range(30)])
    im.fragment("/", "frag", [300000], 4096 * 3, 60)
    im.finish(outdir, index, block_size=4096)


def build_demo(outdir, index):
    """The ISO's demo volume, built by its own script, checked like the others."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools",
                          "mkfatdemo.sh")
    path = os.path.join(outdir, "demo.img")
    run("sh", script, path)
    im = Image.__new__(Image)
    im.name, im.path, im.offset, im.spec = "demo", path, 0, path
    im.tmp = tempfile.mkdtemp(prefix="fatimg-")
    im.finish(outdir, index)


def build_huge_head(outdir):
    """A 4 GiB + 32 MiB FAT32 volume with 64 KiB clusters, as mkfs.fat makes it; only its first
    MiB (boot sector, FATs, root cluster) is kept: test_fat_images.c adds a 4 GiB - 1 file in
    memory and serves the data area from a pattern."""
    path = os.path.join(outdir, "huge.img")
    if os.path.exists(path):
        os.unlink(path)
    run(MKFS, "-C", "-F", "32", "-s", "128", "-i", "4b45454c", path, str(4 * 1024 * 1024 + 32 * 1024))
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    os.unlink(path)
    with open(os.path.join(outdir, "huge.head"), "wb") as f:
        f.write(head)


def mbr_entry(boot, ptype, start, count):
    e = bytes([boot, 0xFE, 0xFF, 0xFF, ptype, 0xFE, 0xFF, 0xFF])
    return e + start.to_bytes(4, "little") + count.to_bytes(4, "little")


def mbr_write(path, sector, entries):
    with open(path, "r+b") as f:
        f.seek(sector * 512 + 446)
        f.write(b"".join(mbr_entry(*e) for e in entries).ljust(64, b"\0") + b"\x55\xaa")


def build_mbr(outdir, index):
    """An MBR disk: FAT16 and FAT12 primaries, and an extended partition whose EBR chain holds
    a FAT12 and a FAT16 logical partition (Linux numbers them 5 and 6)."""
    path = os.path.join(outdir, "mbr.img")
    p1, n1, p2, n2 = 2048, 16 * 2048, 2048 + 16 * 2048, 2880
    ext, ebr2 = 40960, 49152
    l5, n5, l6, n6 = ext + 2048, 2880, ebr2 + 2048, 8192
    with open(path, "wb") as f:
        f.truncate((l6 + n6 + 100) * 512)
    mbr_write(path, 0, [(0x80, 0x06, p1, n1), (0, 0x01, p2, n2), (0, 0x0F, ext, l6 + n6 - ext)])
    mbr_write(path, ext, [(0, 0x01, l5 - ext, n5), (0, 0x05, ebr2 - ext, l6 + n6 - ebr2)])
    mbr_write(path, ebr2, [(0, 0x06, l6 - ebr2, n6)])
    for num, start, count, fat, label, files in (
            (1, p1, n1, 16, "PART ONE", [("in partition one.txt", 10000)]),
            (2, p2, n2, 12, "PART TWO", [("second.txt", 2000)]),
            (5, l5, n5, 12, "LOGICAL5", [("logical five.txt", 3000)]),
            (6, l6, n6, 16, "LOGICAL6", [("logical six.bin", 70000)])):
        im = Image(outdir, "mbr", count // 2, fat, offset=start * 512, label=label,
                   extra=["-s", "1"] if num == 6 else [])
        im.name = "mbr_p%d" % num
        im.mkdir("/dir%d" % num)
        im.put("/dir%d" % num, [(n, im.data(size)) for n, size in files])
        im.finish(outdir, index)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    index = []
    for build in (build_fat12, build_fat16, build_fat32, build_fat16_4k, build_mbr, build_demo):
        build(outdir, index)
    build_huge_head(outdir)
    with open(os.path.join(outdir, "index"), "w") as f:
        f.write("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
