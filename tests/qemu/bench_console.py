#!/usr/bin/env python3
"""`make bench`: console latencies as a user at a serial terminal sees them, under TCG.

- key to prompt: the first key on a port to the first prompt, with a terminal that answers the
  size query and with one that does not (Keel waits at most 100 ms for it);
- Ctrl-C under a flood: `yes` running, Ctrl-C sent, until "interrupted" arrives;
- key echo at the prompt: one typed character until it is drawn.
Each is measured several times; the median and the worst are printed. Timed benchmarks only
report: nothing here fails on a number (the figures vary with the host under emulation).
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_lib import Link  # noqa: E402
from test_console import Guest  # noqa: E402


def key_to_prompt(answer):
    g = Guest()
    try:
        link = Link(g.socks[0], 24, 80)
        link.answer_cpr = answer
        link.poll = 0.001
        link.wait_raw(rb"console: waiting for input", 60)
        time.sleep(0.3)
        start = len(link.data)
        t0 = time.monotonic()
        link.send("\r")
        link.wait_raw(rb"keel> ", 30, start)
        return time.monotonic() - t0
    finally:
        g.close()


def flood_and_echo(rounds):
    g = Guest()
    ctrl_c, echo = [], []
    try:
        link = Link(g.socks[0], 24, 80)
        link.poll = 0.001
        link.wait_raw(rb"console: waiting for input", 60)
        link.send("\r")
        link.wait_screen(r"^keel>$", 30)
        for i in range(rounds):
            start = len(link.data)
            link.send("yes flood%d\r" % i)
            link.wait_screen(r"^flood%d$" % i, 20)
            time.sleep(0.5)
            mark = len(link.data)
            t0 = time.monotonic()
            link.send("\x03")
            link.wait_raw(rb"interrupted", 20, mark)
            ctrl_c.append(time.monotonic() - t0)
            link.wait_raw(rb"keel> ", 20, mark)
            link.settle(0.3)
            mark = len(link.data)
            t0 = time.monotonic()
            link.send("q")
            link.wait_raw(rb"q", 10, mark)
            echo.append(time.monotonic() - t0)
            link.send("\x15")
            link.settle(0.2)
        return ctrl_c, echo
    finally:
        g.close()


def show(what, xs):
    print("bench_console: %-44s median %6.1f ms, worst %6.1f ms (%d runs)" % (
        what, statistics.median(xs) * 1e3, max(xs) * 1e3, len(xs)))


def main():
    show("first key to prompt, terminal answers", [key_to_prompt(True) for _ in range(3)])
    show("first key to prompt, terminal silent", [key_to_prompt(False) for _ in range(3)])
    ctrl_c, echo = flood_and_echo(5)
    show("Ctrl-C under a `yes` flood to 'interrupted'", ctrl_c)
    show("typed key to its echo at the prompt", echo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
