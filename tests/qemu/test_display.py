#!/usr/bin/env python3
"""Display consoles end to end: boot the ISO, type commands through QEMU's PS/2 keyboard
(HMP sendkey), then compare what is really on the screen with the console's own screen (the
shell's termdump on the debug port): VGA text read from guest memory at 0xB8000 (HMP xp), a
framebuffer from a QEMU screendump decoded cell by cell against the PSF font. Machines: SeaBIOS
in VGA text mode, SeaBIOS with a framebuffer (ISO built with KEEL_GFX=1), OVMF (GOP), and OVMF
with a 24 bpp mode attempt (GRUB gfxmode=...x24). Writes a PNG screenshot of each display
console to build/screenshots/ (to docs/, the README's pictures, with KEEL_SCREENSHOTS=docs: a
test run leaves the tracked files alone). Scrollback: Shift+PgUp shows older lines, Shift+PgDn returns.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import ROOT  # noqa: E402
from display_lib import FontDecoder, Monitor, read_dump, write_png  # noqa: E402
from qemu_lib import Machine, Suite, Timeout  # noqa: E402

KBUILD = os.path.join(ROOT, "build")
ISO = os.path.join(KBUILD, "keel.iso")
DOCS = os.path.join(ROOT, "docs") if os.environ.get("KEEL_SCREENSHOTS") == "docs" else \
    os.path.join(ROOT, "build", "screenshots")


def build_iso(path, gfx, extra_cfg=""):
    cfg = os.path.join(KBUILD, os.path.basename(path) + ".cfg")
    with open(os.path.join(ROOT, "boot", "grub.cfg")) as f:
        text = f.read()
    if extra_cfg:
        text = text.replace('menuentry "Keel"', extra_cfg + '\nmenuentry "Keel"')
    with open(cfg, "w") as f:
        f.write(text)
    env = dict(os.environ, KEEL_GFX="1" if gfx else "0")
    subprocess.run(["sh", os.path.join(ROOT, "tools", "mkiso.sh"), path, os.path.join(KBUILD, "keel.elf"), cfg],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def wait_dump(dbg, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if os.path.exists(dbg):
            d = read_dump(dbg)
            if d:
                return d
        time.sleep(0.2)
    raise Timeout("no termdump on the debug console")


def run(suite, name, iso, uefi=False, vga="std", want=None):
    tmp = tempfile.mkdtemp(prefix="keel-display-")
    mon_path = os.path.join(tmp, "mon.sock")
    dbg = os.path.join(tmp, "debugcon.txt")
    m = Machine(["-cdrom", iso, "-vga", vga, "-monitor", "unix:%s,server,nowait" % mon_path,
                 "-debugcon", "file:" + dbg], memory="512M", uefi=uefi)
    mon = None
    try:
        kind = m.wait_for(r"display: (VGA text|framebuffer) ([^\r\n]*)\r?\n", timeout=180)
        info = kind.group(0)
        if want and not re.search(want, info):
            suite.fail(name + ": display kind", "expected /%s/, got %r" % (want, info))
        else:
            suite.ok(name + ": display detected", info)
        mon = Monitor(mon_path)
        time.sleep(3)
        mon.type("help\n")
        mon.type("echo hello display\n")
        time.sleep(1)
        mon.type("termdump 300\n")
        dump = wait_dump(dbg)
        time.sleep(0.5)
        rows, cols = dump["size"]
        exp = [r.ljust(cols) for r in dump["rows"]]
        if not any("hello display" in r for r in exp):
            suite.fail(name + ": typed command", "the console's screen lacks the echo output", "\n".join(exp))
        if "VGA text" in info:
            text, attrs = mon.vga_text(rows, cols)
            bad = [r for r in range(rows) if text[r].rstrip() != exp[r].rstrip()]
            if bad:
                suite.fail(name + ": 0xB8000 equals the console screen", "rows differ: %s" % bad,
                           "\n".join("%2d vga |%s|\n   term |%s|" % (r, text[r].rstrip(), exp[r].rstrip()) for r in bad[:4]))
            else:
                suite.ok(name + ": 0xB8000 equals the console screen", "%dx%d" % (cols, rows))
        else:
            w, h, rgb = mon.screendump(os.path.join(m.tmp, "screen.ppm"))
            dec = FontDecoder()
            cells = dec.decode(w, h, rgb, cursor=tuple(dump["cursor"]))
            bad = []
            for r in range(rows):
                for c in range(cols):
                    s = cells[r][c] if r < len(cells) and c < len(cells[r]) else None
                    if s is None or exp[r][c] not in s:
                        bad.append((r, c, exp[r][c], sorted(s)[:3] if s else None))
            if bad:
                suite.fail(name + ": screendump decodes to the console screen", "%d cells differ, first %s" %
                           (len(bad), bad[:5]))
            else:
                suite.ok(name + ": screendump decodes to the console screen", "%dx%d px, %dx%d cells" % (w, h, cols, rows))
        # screenshot
        w, h, rgb = mon.screendump(os.path.join(m.tmp, "shot.ppm"))
        os.makedirs(DOCS, exist_ok=True)
        png = os.path.join(DOCS, "screenshot-%s.png" % name)
        write_png(png, w, h, rgb)
        suite.ok(name + ": screenshot", os.path.relpath(png, ROOT))
        # scrollback through the view: fill, Shift+PgUp, compare top row with an older line
        if "VGA text" in info:
            mon.type("help\n")
            mon.type("help\n")
            time.sleep(1)
            before, _ = mon.vga_text(rows, cols)
            mon.cmd("sendkey shift-pgup")
            time.sleep(1)
            up, _ = mon.vga_text(rows, cols)
            mon.cmd("sendkey shift-pgdn")
            time.sleep(1)
            back, _ = mon.vga_text(rows, cols)
            shifted = up[rows // 2:] == before[:rows - rows // 2]
            if shifted and back == before:
                suite.ok(name + ": Shift+PgUp/PgDn scroll the view")
            else:
                suite.fail(name + ": Shift+PgUp/PgDn scroll the view", "view did not move by %d rows and back" % (rows // 2),
                           "\n".join(up))
    except (Timeout, OSError, EOFError) as e:
        suite.fail(name, str(e), m.text())
    finally:
        if mon:
            mon.close()
        m.close()


def main():
    suite = Suite("display")
    if not os.path.exists(ISO):
        subprocess.run(["make", "-C", ROOT, "-s", "build/keel.iso"], check=True)
    gfx = build_iso(os.path.join(KBUILD, "keel-gfx.iso"), True)
    iso24 = build_iso(os.path.join(KBUILD, "keel-gfx24.iso"), True, "set gfxmode=1024x768x24,auto\nset gfxpayload=keep")
    run(suite, "bios-vga", ISO, want=r"VGA text")
    run(suite, "bios-fb", gfx, want=r"framebuffer")
    run(suite, "uefi-gop", ISO, uefi=True, want=r"framebuffer")
    run(suite, "uefi-24bpp", iso24, uefi=True, vga="std", want=r"framebuffer \d+x\d+ 24 bpp")
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
