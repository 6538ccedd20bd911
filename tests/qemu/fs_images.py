"""Corrupted FAT images for the in-QEMU robustness test (tests/qemu/test_fs.py), made with
mkfs.fat and mtools and then damaged on purpose by editing their bytes (Python stdlib only).

Each maker returns (file name, the problem the kernel must name: a regular expression over its
boot log / `mount` / command output)."""
import os
import random
import shutil
import struct
import subprocess

MKFS = shutil.which("mkfs.fat") or "/usr/sbin/mkfs.fat"
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")


def mkfs16(path, label):
    """A 4 MiB FAT16 volume (512-byte clusters) with a few files and directories."""
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run([MKFS, "-C", "-F", "16", "-s", "1", "-n", label, path, "4096"], check=True,
                   stdout=subprocess.DEVNULL)
    src = path + ".d"
    os.makedirs(os.path.join(src, "SUB"), exist_ok=True)
    os.makedirs(os.path.join(src, "DIR2", "INNER"), exist_ok=True)
    with open(os.path.join(src, "LOOP.TXT"), "wb") as f:
        f.write(bytes(range(256)) * 8)  # 2048 bytes: 4 clusters
    with open(os.path.join(src, "OK.TXT"), "w") as f:
        f.write("still readable\n")
    for i in range(20):  # SUB spans two 512-byte clusters; its first is full (no end mark)
        with open(os.path.join(src, "SUB", "F%02d.TXT" % i), "w") as f:
            f.write("%d\n" % i)
    with open(os.path.join(src, "DIR2", "INNER", "B.TXT"), "w") as f:
        f.write("b\n")
    subprocess.run(["mcopy", "-s", "-i", path] + [os.path.join(src, n) for n in ("LOOP.TXT", "OK.TXT", "SUB", "DIR2")]
                   + ["::/"], check=True, env=ENV)
    shutil.rmtree(src)


class Fat16:
    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.b = bytearray(f.read())
        b = self.b
        self.bps, self.spc = struct.unpack_from("<HB", b, 11)
        self.rsvd, self.nfats, self.rootents = struct.unpack_from("<HBH", b, 14)
        self.fatsz = struct.unpack_from("<H", b, 22)[0]
        self.root = (self.rsvd + self.nfats * self.fatsz) * self.bps
        self.data = self.root + self.rootents * 32

    def cluster_off(self, c):
        return self.data + (c - 2) * self.spc * self.bps

    def entry(self, dir_off, name83, count=16):
        """Offset of the 8.3 entry called name83 (11 bytes) in the directory at dir_off."""
        for i in range(count):
            o = dir_off + 32 * i
            if self.b[o:o + 11] == name83:
                return o
        raise KeyError(name83)

    def cluster(self, ent):
        return struct.unpack_from("<H", self.b, ent + 26)[0]

    def set_fat(self, c, value):
        for k in range(self.nfats):
            struct.pack_into("<H", self.b, (self.rsvd + k * self.fatsz) * self.bps + 2 * c, value)

    def save(self):
        with open(self.path, "wb") as f:
            f.write(self.b)


def make_all(tmp):
    """The corrupted set. Returns [(path, what the kernel must say)]."""
    out = []
    base = os.path.join(tmp, "base.img")
    mkfs16(base, "CORRUPT")

    p = os.path.join(tmp, "truncated.img")  # the first 64 KiB of a 4 MiB volume
    with open(base, "rb") as f:
        data = f.read(65536)
    with open(p, "wb") as f:
        f.write(data)
    out.append((p, r"volume larger than its device"))

    p = os.path.join(tmp, "badbpb.img")  # 768 bytes per sector: not a power of two
    img = Fat16(base)
    img.path = p
    struct.pack_into("<H", img.b, 11, 768)
    img.save()
    out.append((p, r"bytes per sector"))

    p = os.path.join(tmp, "chainloop.img")  # LOOP.TXT's last cluster points back to its second
    img = Fat16(base)
    img.path = p
    first = img.cluster(img.entry(img.root, b"LOOP    TXT"))
    img.set_fat(first + 3, first + 1)
    img.save()
    out.append((p, r"longer than the file size or looping"))

    # SUB's first cluster: every entry deleted and its FAT entry pointing to itself, so reading
    # SUB finds no end mark and loops (the reader stops at the 65536-entry limit); DIR2/INNER's
    # entry points back at DIR2 (a walker must not descend forever).
    p = os.path.join(tmp, "dirloop.img")
    img = Fat16(base)
    img.path = p
    sub = img.cluster(img.entry(img.root, b"SUB        "))
    for i in range(img.spc * img.bps // 32):
        img.b[img.cluster_off(sub) + 32 * i] = 0xE5
    img.set_fat(sub, sub)
    dir2 = img.cluster(img.entry(img.root, b"DIR2       "))
    inner = img.entry(img.cluster_off(dir2), b"INNER      ")
    struct.pack_into("<H", img.b, inner + 26, dir2)
    img.save()
    out.append((p, r"directory over 65536 entries|directory loop"))

    p = os.path.join(tmp, "garbage.img")  # 1 MiB of random bytes
    rnd = random.Random(8)
    with open(p, "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(1 << 20)))
    out.append((p, r"neither a FAT volume nor a partition table|MBR|boot sector"))
    os.unlink(base)
    return out
