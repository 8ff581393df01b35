package io.github.tempcreds.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link RefreshScheduler}: per provider, never process-wide.
 *
 * <p>Without a user executor it lazily creates, on the first load or timer, one
 * {@link ScheduledThreadPoolExecutor} of at most two daemon threads named
 * {@code tempcreds-refresh-<source>} (one may run a load while the other fires the load-timeout
 * watchdog or the background timer). Idle threads end after {@value #KEEP_ALIVE_SECONDS} seconds, so a
 * provider that is not refreshing holds no thread unless a background timer is pending.
 *
 * <p>With a user {@link Executor}, loads run there; timers run on the user executor if it is a
 * {@link ScheduledExecutorService}, otherwise on the lazily created pool. A user executor is never
 * shut down by {@link #close()}.
 *
 * <p>Concurrency: the pool's life cycle is {@link LazyDaemonPool}'s; this class holds no other state.
 */
public final class DaemonRefreshScheduler implements RefreshScheduler {
    static final String THREAD_PREFIX = "tempcreds-refresh-";
    private static final long KEEP_ALIVE_SECONDS = 30;

    private final String threadName;
    private final Executor userExecutor;
    private final LazyDaemonPool pool;

    /**
     * Creates a scheduler; starts no thread.
     *
     * @param sourceName the provider's source name, part of the thread name
     * @param userExecutor the executor for loads, or {@code null} for the provider's own threads
     */
    public DaemonRefreshScheduler(String sourceName, Executor userExecutor) {
        this.threadName = THREAD_PREFIX + sourceName;
        this.userExecutor = userExecutor;
        this.pool = new LazyDaemonPool(threadName, 2, KEEP_ALIVE_SECONDS);
    }

    @Override
    public void execute(Runnable task) {
        if (userExecutor != null) {
            if (pool.isClosed()) {
                throw new RejectedExecutionException("closed");
            }
            userExecutor.execute(task);
        } else {
            pool().execute(task);
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        long nanos = Math.max(0, saturatedNanos(delay));
        ScheduledFuture<?> f;
        if (userExecutor instanceof ScheduledExecutorService) {
            f = ((ScheduledExecutorService) userExecutor).schedule(task, nanos, TimeUnit.NANOSECONDS);
        } else {
            f = pool().schedule(task, nanos, TimeUnit.NANOSECONDS);
        }
        return () -> f.cancel(false);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE / 2;
        }
    }

    private ScheduledThreadPoolExecutor pool() {
        ScheduledThreadPoolExecutor p = pool.getOrNull();
        if (p == null) {
            throw new RejectedExecutionException("closed");
        }
        return p;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "DaemonRefreshScheduler(" + threadName + (userExecutor != null ? ", userExecutor" : "") + ")";
    }
}
