/*
 * Block read benchmark, in the test image only, run when the command line says keel.bench.blk
 * (tests/qemu/bench_virtio.py boots it for `make bench`): after boot, a task reads every block
 * device of at least 8 MiB (vda and ram0 over the same image) sequentially, whole, twice each in
 * 64 KiB and in 4 KiB requests (the file commands' piece size), through the io/ block interface,
 * and prints "blkbench: <dev> req=<bytes> bytes=<n> ns=<t> mib_s=<x.y>" per run, then exits QEMU.
 * Not a test: no threshold; the script prints the ratio of virtio-blk to the RAM disk.
 */
#include <keel/blockdev.h>
#include <keel/cmdline.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/ktest.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/task.h>
#include <keel/time.h>

#define BB_MIN_BYTES (8ull << 20)
#define BB_MAX_BYTES (64ull << 20)

static int bb_run(const struct blockdev *b, uint8_t *buf, uint32_t req)
{
	uint32_t bs = io_block_size(b->dev), per = req / bs;
	uint64_t blocks, done = 0, t0, ns;
	int ret;

	if (io_block_count(b->dev, &blocks) || blocks * bs < BB_MIN_BYTES || per == 0)
		return -ENODEV;
	if (blocks * bs > BB_MAX_BYTES)
		blocks = BB_MAX_BYTES / bs;
	blocks -= blocks % per;
	t0 = time_ns();
	while (done < blocks) {
		ret = io_block_read(b->dev, done, per, buf);
		if (ret) {
			pr_err("blkbench", "%s: read at block %llu: %s", b->name, (unsigned long long)done, keel_strerror(ret));
			return ret;
		}
		done += per;
	}
	ns = time_ns() - t0;
	if (ns == 0)
		ns = 1;
	{
		uint64_t bytes = blocks * bs, centi = bytes * 100ull * 1000000000ull / ns / (1024 * 1024);

		pr_info("blkbench", "%s req=%u bytes=%llu ns=%llu mib_s=%llu.%02llu", b->name, req,
			(unsigned long long)bytes, (unsigned long long)ns, (unsigned long long)(centi / 100),
			(unsigned long long)(centi % 100));
	}
	return 0;
}

static int bb_main(void *arg)
{
	uint8_t *buf = kmalloc(64 * 1024);

	(void)arg;
	if (!buf) {
		pr_err("blkbench", "no memory for the buffer");
		qemu_debug_exit(QEMU_EXIT_FAIL);
		return -ENOMEM;
	}
	pr_info("blkbench", "start: %u block device(s)", blockdev_count());
	for (unsigned i = 0; i < blockdev_count(); i++) {
		const struct blockdev *b = blockdev_get(i);

		for (int round = 0; round < 2; round++) {
			bb_run(b, buf, 64 * 1024);
			bb_run(b, buf, 4096);
		}
	}
	kfree(buf);
	pr_info("blkbench", "done");
	qemu_debug_exit(QEMU_EXIT_PASS);
	return 0;
}

static int bench_blk_init(void)
{
	struct task *t;

	if (!cmdline_find(cmdline_get(), "keel.bench.blk", NULL, 0))
		return -ENODEV;
	t = task_spawn("blkbench", bb_main, NULL);
	if (!t)
		return -ENOMEM;
	task_detach(t);
	return 0;
}

MODULE_INIT(bench_blk, LATE, bench_blk_init);
