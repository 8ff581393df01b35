package io.github.tempcreds.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link RefreshScheduler}: per provider, never process-wide (except the pool a keyed
 * cache lends to the providers it creates, {@link SharedRefreshPool}).
 *
 * <p>Without a user executor it lazily creates, on the first load or timer, one
 * {@link ScheduledThreadPoolExecutor} of at most two daemon threads named
 * {@code tempcreds-refresh-<source>} (one may run a load while the other fires the load-timeout
 * watchdog or the background timer). Idle threads end after {@value #KEEP_ALIVE_SECONDS} seconds, so a
 * provider that is not refreshing holds no thread unless a background timer is pending.
 *
 * <p>With a user {@link Executor}, loads run there; timers and the load-timeout watchdog always run on
 * the lazily created pool, never on the user executor, so a hung, saturated or discarding user executor
 * cannot stop the watchdog. A user executor is never shut down.
 *
 * <p>{@link #close()} stops the threads; the scheduler starts them again lazily when used after that.
 *
 * <p>Concurrency: the pool's life cycle is {@link LazyDaemonPool}'s; this class holds no other state.
 */
public final class DaemonRefreshScheduler implements RefreshScheduler {
    static final String THREAD_PREFIX = "tempcreds-refresh-";
    private static final long KEEP_ALIVE_SECONDS = 30;

    private final String threadName;
    private final Executor userExecutor;
    private final SharedRefreshPool shared;
    private final LazyDaemonPool pool;

    /**
     * Creates a scheduler; starts no thread.
     *
     * @param sourceName the provider's source name, part of the thread name
     * @param userExecutor the executor for loads, or {@code null} for the provider's own threads (or the
     *        keyed cache's pool when built inside its factory); a {@link SharedRefreshPool} is used for
     *        loads and timers and never closed here
     */
    public DaemonRefreshScheduler(String sourceName, Executor userExecutor) {
        this.threadName = THREAD_PREFIX + sourceName;
        this.shared = userExecutor instanceof SharedRefreshPool ? (SharedRefreshPool) userExecutor
                : SharedRefreshPool.current();
        this.userExecutor = userExecutor instanceof SharedRefreshPool ? null : userExecutor;
        this.pool = new LazyDaemonPool(threadName, 2, KEEP_ALIVE_SECONDS);
    }

    @Override
    public void execute(Runnable task) {
        if (userExecutor != null) {
            userExecutor.execute(task);
        } else if (shared != null) {
            shared.execute(task);
        } else {
            pool().execute(task);
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        if (shared != null) {
            return shared.schedule(task, delay);
        }
        ScheduledFuture<?> f = pool().schedule(task, saturatedNanos(delay), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private ScheduledThreadPoolExecutor pool() {
        ScheduledThreadPoolExecutor p = pool.getOrNull();
        if (p == null) {
            throw new RejectedExecutionException("closed");
        }
        return p;
    }

    /** Stops this provider's own threads (never a shared pool or a user executor); they restart lazily. */
    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public String toString() {
        return "DaemonRefreshScheduler(" + threadName + (userExecutor != null ? ", userExecutor" : "")
                + (shared != null ? ", shared" : "") + ")";
    }
}
