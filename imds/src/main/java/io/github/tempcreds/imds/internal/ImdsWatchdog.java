package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.internal.LazyDaemonPool;
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
 * thread. {@link #close()} stops it and waits (up to 2 s) for it to end; a request after that starts it
 * again.
 *
 * <p>Concurrency: the timer's life cycle is {@link LazyDaemonPool}'s; no lock is held while an abort
 * action runs.
 */
final class ImdsWatchdog implements AutoCloseable {
    static final String THREAD_NAME = "tempcreds-imds-deadline";
    private static final long KEEP_ALIVE_SECONDS = 10;

    private final LazyDaemonPool pool = new LazyDaemonPool(THREAD_NAME, 1, KEEP_ALIVE_SECONDS);

    /** A running deadline. */
    @FunctionalInterface
    interface Armed {
        /** Disarms it; the abort action will not run unless it already started. */
        void disarm();
    }

    /**
     * Runs {@code onDeadline} after {@code timeout} unless disarmed first.
     *
     * @return the handle to disarm; when this watchdog is being closed concurrently, one that does nothing
     *         (and no deadline runs: the provider is shutting down)
     */
    Armed arm(Duration timeout, Runnable onDeadline) {
        ScheduledThreadPoolExecutor p = pool.getOrNull();
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

    /** Stops the timer thread; pending deadlines do not run; a later {@link #arm} starts it again. Idempotent. */
    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public String toString() {
        return "ImdsWatchdog(" + THREAD_NAME + ")";
    }
}
