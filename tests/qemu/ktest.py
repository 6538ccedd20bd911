#!/usr/bin/env python3
"""Run the in-kernel tests (KTEST) in QEMU and check the tests that must panic.

`keel.test` runs every regular test; the suite passes when the kernel prints its own
"ktest: N passed, 0 failed" line and exits QEMU with the pass status. Each KTEST_EXPLICIT test
listed in PANICS is booted alone and must produce its panic report (with a symbolized
backtrace) and the failure status, proving the fault paths work.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_lib import EXIT_FAIL, EXIT_PASS, Machine, Suite, Timeout  # noqa: E402
import diskimg  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402


def echo_peer(path, stop):
    """COM2's far end: echo every byte back (the serial tests send and compare)."""
    deadline = time.monotonic() + 30
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            break
        except OSError:
            time.sleep(0.05)
    else:
        return
    s.settimeout(0.2)
    with s:
        while not stop.is_set():
            try:
                data = s.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            while data and not stop.is_set():  # a guest holding input back blocks us here
                try:
                    data = data[s.send(data):]
                except socket.timeout:
                    continue
                except OSError:
                    return

PANICS = [
    ("panic_page_fault", [r"page fault at 0xffffc80000000008: non-present page on read",
                          r"cr2 0xffffc80000000008", r"backtrace:", r"ktest_fn_panic_page_fault\+0x"]),
    # With the scheduler linked, tests run in the "ktest" task (on a guard-paged task stack).
    ("panic_boot_stack_overflow", [r"stack overflow in task (boot|ktest) \(double fault",
                                   r"backtrace:", r"ktest_recurse"]),
    ("panic_assert", [r"ASSERT\(modules_count\(\) == 12345\) failed at tests/kernel/ktest_core.c:\d+",
                      r"keel_assert_fail\+0x"]),
    # Kernel services (issue 3): guard pages, lock rules and the heap's checks.
    ("panic_task_stack_overflow", [r"stack overflow in task deep-recursion \(double fault",
                                   r"backtrace:", r"overflow_recurse"]),
    ("panic_spinlock_across_switch", [r'task switch from "ktest" with 1 spinlock\(s\) held',
                                      r"sched_switch_to\+0x"]),
    ("panic_mutex_under_spinlock", [r'mutex "inner" taken where it may not sleep \(task, 1 spinlock\(s\) held\)']),
    ("panic_sleep_under_spinlock", [r"task_sleep_ms may sleep: called with 1 spinlock\(s\) held"]),
    ("panic_mutex_unlock_not_owner", [r'mutex "unowned" unlocked by task "ktest" but owned by nobody']),
    ("panic_heap_double_free", [r"heap: double free of 0x[0-9a-f]+ \(40 bytes allocated at "
                                r"tests/kernel/ktest_heap.c:\d+, already freed at tests/kernel/ktest_heap.c:\d+\), "
                                r"freed again at tests/kernel/ktest_heap.c:\d+"]),
    ("panic_heap_overflow", [r"heap: buffer overflow: red zone of 0x[0-9a-f]+ \(40 bytes allocated at "
                             r"tests/kernel/ktest_heap.c:\d+\) overwritten at byte 40; found by kfree"]),
    ("panic_heap_use_after_free", [r"heap: use after free: 0x[0-9a-f]+ \(100 bytes allocated at "
                                   r"tests/kernel/ktest_heap.c:\d+, freed at tests/kernel/ktest_heap.c:\d+\) "
                                   r"was written at byte 50"]),
]


def disks(tmp):
    """A patterned ramdisk module, the demo FAT image as a second module (tests/kernel/ktest_fs.c),
    a patterned 8 MiB IDE disk (primary master) and a sparse disk larger than LBA28 can address
    (primary slave), patterned around 2^28 and at its end."""
    ram = os.path.join(tmp, "ramdisk.img")
    ide = os.path.join(tmp, "ide.img")
    big = os.path.join(tmp, "big.img")
    diskimg.write_pattern(ram, 4096)
    diskimg.write_pattern(ide, 16384)
    n = (1 << 28) + 65536
    diskimg.write_sparse(big, n, [(0, 1), ((1 << 28) - 8, 256), (n - 4, 4)])
    demo = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "build", "fatdemo.img")
    if not os.path.exists(demo):
        subprocess.run(["make", "--no-print-directory", "-s", "build/fatdemo.img"],
                       cwd=os.path.dirname(os.path.dirname(demo)), check=True)
    return ["-initrd", ram + "," + demo,
            "-drive", "if=ide,index=0,format=raw,file=" + ide,
            "-drive", "if=ide,index=1,format=raw,file=" + big]


def main():
    elf = sys.argv[1] if len(sys.argv) > 1 else "build/keel-test.elf"
    tmp = tempfile.mkdtemp(prefix="keel-ktest-")
    extra = disks(tmp) + sys.argv[2:]
    suite = Suite("ktest-harness")
    sock = os.path.join(tmp, "com2.sock")
    stop = threading.Event()
    peer = threading.Thread(target=echo_peer, args=(sock, stop), daemon=True)
    peer.start()
    com2 = ["-chardev", "socket,id=com2,path=%s,server=on,wait=off" % sock]
    with Machine(["-M", "pc", "-kernel", elf, "-append", "keel.test"] + com2 + extra,
                 extra_serial=("chardev:com2",)) as m:
        try:
            rc = m.wait_exit(300)
            text = m.text()
            for line in text.splitlines():
                if line.startswith("ktest:"):
                    print(line, flush=True)
            s = re.search(r"^ktest: (\d+) passed, (\d+) failed", text, re.M)
            if rc == EXIT_PASS and s and int(s.group(2)) == 0 and int(s.group(1)) > 0:
                suite.ok("in-kernel tests", "%s passed" % s.group(1))
            else:
                suite.fail("in-kernel tests", "exit %s" % rc, text)
        except Timeout as e:
            suite.fail("in-kernel tests", str(e), m.text())
    for name, patterns in PANICS:
        with Machine(["-M", "pc", "-kernel", elf, "-append", "keel.test=" + name]) as m:
            try:
                rc = m.wait_exit(60)
                text = m.text()
                missing = [p for p in patterns if not re.search(p, text)]
                if rc == EXIT_FAIL and not missing and "KERNEL PANIC" in text:
                    suite.ok(name, "panicked as expected")
                else:
                    suite.fail(name, "exit %s, missing %r" % (rc, missing), text)
            except Timeout as e:
                suite.fail(name, str(e), m.text())
    stop.set()
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
