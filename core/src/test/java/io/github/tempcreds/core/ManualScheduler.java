package io.github.tempcreds.core;

import io.github.tempcreds.core.internal.RefreshScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RefreshScheduler} driven by a {@link ManualClock}: timers run when the test advances the
 * clock; loads run inline (deterministic) or on a given executor (concurrency tests).
 */
final class ManualScheduler implements RefreshScheduler {
    private final ManualClock clock;
    private final Executor loads;
    private final List<Entry> timers = new ArrayList<>();
    private boolean closed;

    ManualScheduler(ManualClock clock, Executor loads) {
        this.clock = clock;
        this.loads = loads;
    }

    static ManualScheduler inline(ManualClock clock) {
        return new ManualScheduler(clock, null);
    }

    @Override
    public void execute(Runnable task) {
        if (loads == null) {
            task.run();
        } else {
            loads.execute(task);
        }
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Entry e = new Entry(clock.millis() + delay.toMillis(), task);
        timers.add(e);
        return () -> e.cancelled.set(true);
    }

    /** Advances the clock and runs every timer that became due, in order. */
    void advance(Duration d) {
        clock.advance(d);
        runDue();
    }

    void runDue() {
        while (true) {
            Entry next;
            synchronized (this) {
                timers.removeIf(e -> e.cancelled.get());
                next = timers.stream().filter(e -> e.due <= clock.millis())
                        .min(Comparator.comparingLong(e -> e.due)).orElse(null);
                if (next == null) {
                    return;
                }
                timers.remove(next);
            }
            next.task.run();
        }
    }

    synchronized int pendingTimers() {
        timers.removeIf(e -> e.cancelled.get());
        return timers.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Like the production scheduler: drops pending timers; usable again afterwards (lazily restarted). */
    @Override
    public synchronized void close() {
        closed = true;
        timers.clear();
    }

    private static final class Entry {
        final long due;
        final Runnable task;
        final AtomicBoolean cancelled = new AtomicBoolean();

        Entry(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }
    }
}
