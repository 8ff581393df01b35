package io.github.tempcreds.imds.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fires the per-request deadline of {@link ImdsClient}: at the deadline it runs the request's abort action
 * (closing its connection), so a blocked read ends even when the server keeps dripping bytes within the
 * socket read timeout. Internal: no compatibility promise.
 *
 * <p>One per provider. The timer thread, a daemon named {@value #THREAD_NAME}, is created on the first
 * request and ends after {@value #KEEP_ALIVE_SECONDS} s without requests, so an idle provider holds no
 * thread. {@link #close()} stops it and waits (up to 2 s) for it to end.
 *
 * <p>Concurrency: {@code pool} and {@code closed} are guarded by {@code this}; no lock is held while an
 * abort action runs.
 */
final class ImdsWatchdog implements AutoCloseable {
    static final String THREAD_NAME = "tempcreds-imds-deadline";
    private static final long KEEP_ALIVE_SECONDS = 10;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private ScheduledThreadPoolExecutor pool;
    private boolean closed;

    /** A running deadline. */
    @FunctionalInterface
    interface Armed {
        /** Disarms it; the abort action will not run unless it already started. */
        void disarm();
    }

    /**
     * Runs {@code onDeadline} after {@code timeout} unless disarmed first.
     *
     * @return the handle to disarm; when this watchdog is closed, one that does nothing (and no deadline
     *         runs: the provider is shutting down)
     */
    Armed arm(Duration timeout, Runnable onDeadline) {
        ScheduledThreadPoolExecutor p = pool();
        if (p == null) {
            return () -> { };
        }
        try {
            ScheduledFuture<?> f = p.schedule(onDeadline, timeout.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { }; // closed concurrently
        }
    }

    private synchronized ScheduledThreadPoolExecutor pool() {
        if (closed) {
            return null;
        }
        if (pool == null) {
            ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, THREAD_NAME);
                t.setDaemon(true);
                return t;
            });
            p.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            p.allowCoreThreadTimeOut(true);
            p.setRemoveOnCancelPolicy(true);
            p.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pool = p;
        }
        return pool;
    }

    /** Stops the timer thread; pending deadlines do not run. Idempotent. */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor p;
        synchronized (this) {
            closed = true;
            p = pool;
            pool = null;
        }
        if (p == null) {
            return;
        }
        p.shutdownNow();
        if (!Thread.currentThread().getName().equals(THREAD_NAME)) {
            try {
                p.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "ImdsWatchdog(" + THREAD_NAME + ")";
    }
}
