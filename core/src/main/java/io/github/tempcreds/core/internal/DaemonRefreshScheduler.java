package io.github.tempcreds.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
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
 * <p>Concurrency: {@code pool} and {@code closed} are guarded by {@code this}.
 */
public final class DaemonRefreshScheduler implements RefreshScheduler {
    static final String THREAD_PREFIX = "tempcreds-refresh-";
    private static final long KEEP_ALIVE_SECONDS = 30;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final String threadName;
    private final Executor userExecutor;
    private ScheduledThreadPoolExecutor pool;
    private boolean closed;

    /**
     * Creates a scheduler; starts no thread.
     *
     * @param sourceName the provider's source name, part of the thread name
     * @param userExecutor the executor for loads, or {@code null} for the provider's own threads
     */
    public DaemonRefreshScheduler(String sourceName, Executor userExecutor) {
        this.threadName = THREAD_PREFIX + sourceName;
        this.userExecutor = userExecutor;
    }

    @Override
    public void execute(Runnable task) {
        if (userExecutor != null) {
            synchronized (this) {
                if (closed) {
                    throw new RejectedExecutionException("closed");
                }
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

    private synchronized ScheduledThreadPoolExecutor pool() {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        if (pool == null) {
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            };
            ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(2, factory);
            p.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            p.allowCoreThreadTimeOut(true);
            p.setRemoveOnCancelPolicy(true);
            p.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pool = p;
        }
        return pool;
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            p = pool;
            pool = null;
        }
        if (p == null) {
            return;
        }
        p.shutdownNow();
        if (!Thread.currentThread().getName().equals(threadName)) {
            try {
                p.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "DaemonRefreshScheduler(" + threadName + (userExecutor != null ? ", userExecutor" : "") + ")";
    }
}
