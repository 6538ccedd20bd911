#!/usr/bin/env python3
"""Print the loadable size of an ELF (sum of PT_LOAD memory sizes): what the loader places in RAM."""
import struct
import sys

with open(sys.argv[1], "rb") as f:
    data = f.read()
if data[:4] != b"\x7fELF" or data[4] != 2:
    sys.exit("not an ELF64 file")
phoff, = struct.unpack_from("<Q", data, 0x20)
phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
total = 0
for i in range(phnum):
    p_type, = struct.unpack_from("<I", data, phoff + i * phentsize)
    if p_type == 1:
        total += struct.unpack_from("<Q", data, phoff + i * phentsize + 40)[0]
print(total)
