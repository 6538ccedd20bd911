"""Display-console test helpers (Python standard library only): a QEMU monitor (HMP) client on a
Unix socket, typing through the emulated PS/2 keyboard (sendkey), reading VGA text memory (xp),
QEMU screendumps (PPM) decoded cell by cell against the PSF font the kernel was built with, and
PPM -> PNG conversion (zlib + struct) for the screenshots in docs/.
"""
import os
import re
import socket
import struct
import sys
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import psf2c  # noqa: E402
from console_lib import connect_unix  # noqa: E402

FONT = os.environ.get("TERM_FONT_PSF", "/usr/share/consolefonts/Uni2-Terminus16.psf.gz")
CURSOR_LINES = 2

KEYS = {" ": "spc", "\n": "ret", "-": "minus", "=": "equal", ".": "dot", "/": "slash", ",": "comma",
        ";": "semicolon", "'": "apostrophe", "[": "bracket_left", "]": "bracket_right", "\\": "backslash",
        "`": "grave_accent"}
SHIFTED = {"_": "minus", "+": "equal", ">": "dot", "?": "slash", "<": "comma", ":": "semicolon",
           '"': "apostrophe", "{": "bracket_left", "}": "bracket_right", "|": "backslash", "~": "grave_accent",
           "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}


class Monitor:
    def __init__(self, path, timeout=30):
        self.sock = connect_unix(path, timeout)
        self.sock.settimeout(30)
        self._read_prompt()

    def _read_prompt(self):
        data = b""
        while not data.endswith(b"(qemu) "):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("monitor closed")
            data += chunk
        return data

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        out = self._read_prompt().decode("utf-8", "replace")
        out = re.sub(r"\x1b\[[0-9;]*[A-Za-z]|\x1b[^\[]", "", out)
        lines = out.replace("\r", "").split("\n")
        return "\n".join(l for l in lines[1:-1])

    def type(self, text, pause=0.03):
        for ch in text:
            if ch in SHIFTED:
                key = "shift-" + SHIFTED[ch]
            elif ch.isupper():
                key = "shift-" + ch.lower()
            else:
                key = KEYS.get(ch, ch)
            self.cmd("sendkey " + key)
            time.sleep(pause)

    def vga_text(self, rows=25, cols=80, addr=0xB8000):
        """The text buffer as (chars, attrs): CP437 bytes decoded to str rows, attribute bytes."""
        out = self.cmd("xp /%dhx 0x%x" % (rows * cols, addr))
        words = [int(w, 16) for w in re.findall(r"0x([0-9a-f]{4})\b", out.split(":", 1)[1] if ":" in out else out)]
        words = []
        for line in out.splitlines():
            if ":" in line:
                words += [int(w, 16) for w in line.split(":", 1)[1].split()]
        chars = bytes(w & 0xFF for w in words).decode("cp437")
        return [chars[r * cols:(r + 1) * cols] for r in range(rows)], [w >> 8 for w in words]

    def screendump(self, path):
        if os.path.exists(path):
            os.unlink(path)
        self.cmd("screendump " + path)
        for _ in range(100):
            if os.path.exists(path) and os.path.getsize(path) > 0:
                break
            time.sleep(0.05)
        return read_ppm(path)

    def close(self):
        self.sock.close()


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h * 3]


def write_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


class FontDecoder:
    """Cell bitmaps -> the characters the font draws that way."""

    def __init__(self, path=FONT):
        self.w, self.h, glyphs, cmap = psf2c.load(path)
        self.by_bits = {}
        for cp, g in cmap.items():
            self.by_bits.setdefault(bytes(glyphs[g]), set()).add(chr(cp))
        self.space = bytes(glyphs[cmap[0x20]])

    def decode(self, w, h, rgb, cursor=None):
        """Rows of sets of possible characters, one set per cell (None: not a 2-colour glyph)."""
        rows, cols = h // self.h, w // self.w
        out = []
        for r in range(rows):
            row = []
            for c in range(cols):
                pix = []
                for y in range(self.h):
                    line = []
                    for x in range(self.w):
                        o = ((r * self.h + y) * w + c * self.w + x) * 3
                        p = rgb[o:o + 3]
                        if cursor == (r, c) and y >= self.h - CURSOR_LINES:
                            p = bytes(255 - v for v in p)   # the drawn cursor inverts these lines
                        line.append(p)
                    pix.append(line)
                colours = {p for line in pix for p in line}
                if len(colours) == 1:
                    bits = self.space
                else:
                    bg = max(colours, key=lambda col: sum(line.count(col) for line in pix))
                    bits = bytes(sum(0x80 >> x for x in range(self.w) if pix[y][x] != bg) for y in range(self.h))
                row.append(self.by_bits.get(bits))
            out.append(row)
        return out


def read_dump(path):
    """The last complete termdump in a debug-console file that SeaBIOS also writes its log to."""
    from console_lib import parse_dump
    with open(path, "rb") as f:
        data = f.read()
    found = list(re.finditer(rb"size \d+ \d+\ncursor [^\n]*\n(?:row [^\n]*\n)*end\n", data))
    return parse_dump(found[-1].group(0).decode("utf-8", "replace")) if found else None
