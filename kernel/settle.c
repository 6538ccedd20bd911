/*
 * The settle task (keel/settle.h): spawned at the LATE level, it first runs when the scheduler
 * starts, which is after "boot complete" is logged; it runs the deferred modules in level order
 * (modules_init_deferred logs them and marks the "devices settled" boot phase) and wakes every
 * task waiting for them. `keel.settle.delay=MS` holds the work back MS milliseconds (at most
 * 10 s), so tests can show that commands typed meanwhile wait rather than show empty devices.
 */
#include <keel/cmdline.h>
#include <keel/context.h>
#include <keel/errno.h>
#include <keel/log.h>
#include <keel/module.h>
#include <keel/settle.h>
#include <keel/spinlock.h>
#include <keel/task.h>
#include <keel/waitqueue.h>

#define SETTLE_DELAY_MAX_MS 10000u

static struct spinlock settle_lock = SPINLOCK_INIT("settle");
static struct waitqueue settle_wq = WAITQUEUE_INIT;
static bool settle_done;

bool devices_settled(void)
{
	return __atomic_load_n(&settle_done, __ATOMIC_ACQUIRE);
}

bool devices_settle_wait(uint64_t ms)
{
	uint64_t flags;
	bool done;

	if (devices_settled())
		return true;
	might_sleep();
	flags = spin_lock_irqsave(&settle_lock);
	if (ms == 0) {
		while (!settle_done)
			waitqueue_wait(&settle_wq, &settle_lock, &flags);
	} else if (!settle_done) {
		(void)waitqueue_wait_timeout(&settle_wq, &settle_lock, &flags, ms);
	}
	done = settle_done;
	spin_unlock_irqrestore(&settle_lock, flags);
	return done;
}

static void settle_finish(void)
{
	uint64_t flags;

	(void)modules_init_deferred();
	flags = spin_lock_irqsave(&settle_lock);
	__atomic_store_n(&settle_done, true, __ATOMIC_RELEASE);
	waitqueue_wake_all(&settle_wq);
	spin_unlock_irqrestore(&settle_lock, flags);
}

/* The delay asked for on the command line, in ms (0 without one; a bad value is reported). */
static uint64_t settle_delay_ms(void)
{
	char v[32];
	uint64_t ms = 0;
	const char *p = v;

	if (!cmdline_find(cmdline_get(), "keel.settle.delay", v, sizeof(v)))
		return 0;
	while (*p >= '0' && *p <= '9' && ms <= SETTLE_DELAY_MAX_MS)
		ms = ms * 10 + (uint64_t)(*p++ - '0');
	if (p == v || *p || ms > SETTLE_DELAY_MAX_MS) {
		pr_warn("settle", "keel.settle.delay=%s: not a number of ms up to %u; ignored", v, SETTLE_DELAY_MAX_MS);
		return 0;
	}
	pr_info("settle", "keel.settle.delay: the deferred modules wait %llu ms", (unsigned long long)ms);
	return ms;
}

static int settle_task(void *arg)
{
	uint64_t ms = settle_delay_ms();

	(void)arg;
	if (ms)
		task_sleep_ms(ms);
	settle_finish();
	return 0;
}

static int settle_init(void)
{
	struct task *t = task_spawn_system("settle", settle_task, NULL);

	if (!t) {
		pr_warn("settle", "cannot start the settle task: the deferred modules run now");
		settle_finish();
		return -ENOMEM;
	}
	task_detach(t);
	return 0;
}

MODULE_INIT(settle, LATE, settle_init);
