"""Test disk images with a known pattern, shared by the QEMU suites.

Sector `lba` holds b"KEELDISK", lba as little-endian u64, then bytes (lba*131 + j*7 + (lba>>8))
& 0xFF for j = 16..511 (tests/kernel/ktest_blk.c checks the same formula).
"""
import struct

SECTOR = 512


def sector(lba):
    head = b"KEELDISK" + struct.pack("<Q", lba)
    body = bytes(((lba * 131 + j * 7 + (lba >> 8)) & 0xFF) for j in range(16, SECTOR))
    return head + body


def write_pattern(path, sectors):
    """A whole image of `sectors` sectors, every one patterned."""
    with open(path, "wb") as f:
        for lba in range(sectors):
            f.write(sector(lba))


def write_sparse(path, sectors, patterned_ranges):
    """A sparse image of `sectors` sectors; only the given (start, count) ranges are written."""
    with open(path, "wb") as f:
        f.truncate(sectors * SECTOR)
        for start, count in patterned_ranges:
            f.seek(start * SECTOR)
            for lba in range(start, start + count):
                f.write(sector(lba))
