#!/usr/bin/env python3
"""The image for tests/bench/bench_fat.c: a FAT32 volume made by mkfs.fat with 512-byte
clusters (the worst case for chain walking) holding /big.bin (64 MiB, contiguous) and
/frag.bin (8 MiB written into 64 KiB holes left by deleting every other small file, so it has
~128 fragments), both from a fixed seed.

Usage: mkbenchimg.py OUT.img
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")


def run(*args):
    subprocess.run(args, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    img = sys.argv[1]
    rng = random.Random(8)
    tmp = tempfile.mkdtemp()
    try:
        if os.path.exists(img):
            os.unlink(img)
        run(shutil.which("mkfs.fat") or "/usr/sbin/mkfs.fat", "-C", "-F", "32", "-s", "1",
            "-n", "BENCH", img, str(100 * 1024))
        spec = ["-i", img]
        big = os.path.join(tmp, "big.bin")
        with open(big, "wb") as f:
            f.write(rng.randbytes(64 << 20))
        run("mcopy", *spec, big, "::/")
        holes = []
        for i in range(256):
            p = os.path.join(tmp, "h%03d" % i)
            with open(p, "wb") as f:
                f.write(bytes(64 << 10))
            holes.append(p)
        run("mcopy", *spec, *holes, "::/")
        free = subprocess.run(["mdir", *spec, "::/"], env=ENV, check=True,
                              stdout=subprocess.PIPE).stdout.decode()
        free = int(re.search(r"([\d ]+) bytes free", free).group(1).replace(" ", ""))
        filler = os.path.join(tmp, "filler")
        with open(filler, "wb") as f:
            f.truncate(free - (256 << 10))
        run("mcopy", *spec, filler, "::/")
        run("mdel", *spec, *["::/h%03d" % i for i in range(0, 256, 2)])
        frag = os.path.join(tmp, "frag.bin")
        with open(frag, "wb") as f:
            f.write(rng.randbytes(8 << 20))
        run("mcopy", *spec, frag, "::/")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
