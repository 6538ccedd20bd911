#!/usr/bin/env python3
"""Seed corpus for tests/fuzz/fuzz_fat.c: small FAT12, FAT16, FAT32 and MBR-partitioned images
(a primary and a logical partition)
made by mkfs.fat and mtools (a few files, directories, long and Unicode names, a deleted file,
a fragmented file), with trailing zero bytes trimmed (the fuzz target zero-extends its input).

Usage: mkcorpus.py OUTDIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
MKFS = shutil.which("mkfs.fat") or "/usr/sbin/mkfs.fat"


def run(*args):
    subprocess.run(args, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fill(spec, tmp):
    names = {"README.TXT": b"hello\n", "A long file name.text": b"x" * 1500,
             "\u00e9t\u00e9 \u65e5\u672c.txt": b"u" * 700, "gap.bin": b"g" * 2048,
             "zero": b""}
    for n, data in names.items():
        with open(os.path.join(tmp, n), "wb") as f:
            f.write(data)
    run("mmd", "-i", spec, "::/dir", "::/dir/sub")
    run("mcopy", "-i", spec, *[os.path.join(tmp, n) for n in names], "::/")
    run("mcopy", "-i", spec, os.path.join(tmp, "README.TXT"), "::/dir/sub/")
    run("mdel", "-i", spec, "::/gap.bin")
    with open(os.path.join(tmp, "frag.bin"), "wb") as f:
        f.write(bytes(range(256)) * 20)
    run("mcopy", "-i", spec, os.path.join(tmp, "frag.bin"), "::/dir/")


def trim(path):
    with open(path, "rb") as f:
        data = f.read().rstrip(b"\0")
    size = (len(data) + 511) // 512 * 512
    with open(path, "wb") as f:
        f.write(data + bytes(size - len(data)))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp()
    try:
        for name, args, kib in (("fat12", ["-F", "12"], 200),
                                ("fat16", ["-F", "16", "-s", "1"], 2600),
                                ("fat32", ["-F", "32", "-s", "1", "-f", "1"], 34000)):
            path = os.path.join(out, "seed_%s.img" % name)
            if os.path.exists(path):
                os.unlink(path)
            run(MKFS, "-C", "-i", "1234abcd", "-n", name.upper(), *args, path, str(kib))
            fill(path, tmp)
            trim(path)
        # MBR: a FAT12 primary at sector 64 and an extended partition at 464 holding one
        # FAT12 logical partition at 528
        path = os.path.join(out, "seed_mbr.img")
        with open(path, "wb") as f:
            f.truncate((528 + 400) * 512)
            for sector, entries in ((0, [(0x80, 0x01, 64, 400), (0, 0x05, 464, 464)]),
                                    (464, [(0, 0x01, 64, 400)])):
                f.seek(sector * 512 + 446)
                f.write(b"".join(bytes([b, 0, 0, 0, t, 0, 0, 0]) + s.to_bytes(4, "little") +
                                 n.to_bytes(4, "little") for b, t, s, n in entries)
                        .ljust(64, b"\0") + b"\x55\xaa")
        for sector in (64, 528):
            run(MKFS, "-F", "12", "-i", "1234abcd", "--offset=%d" % sector, path, "200")
            fill(path + "@@%d" % (sector * 512), tmp)
        trim(path)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
