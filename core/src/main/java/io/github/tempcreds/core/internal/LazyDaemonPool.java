package io.github.tempcreds.core.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A per-provider pool of daemon threads that exists only while it is used: created on first use, its
 * threads end after an idle keep-alive, and {@link #close()} stops it for good. Never process-wide.
 * Internal: no compatibility promise (shared by the engine's scheduler and the IMDS request watchdog).
 *
 * <p>Concurrency: {@code pool} and {@code closed} are guarded by {@code this}; {@link #close()} waits for
 * the threads to end outside the lock; {@link #shutdown()} stops the threads but allows a new pool later, and does not wait when called from one of the pool's own threads.
 */
public final class LazyDaemonPool implements AutoCloseable {
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final String threadName;
    private final int threads;
    private final long keepAliveSeconds;
    private ScheduledThreadPoolExecutor pool;
    private boolean closed;

    /**
     * Creates the holder; starts no thread.
     *
     * @param threadName the name of every thread of the pool
     * @param threads the most threads the pool runs
     * @param keepAliveSeconds how long an idle thread lives
     */
    public LazyDaemonPool(String threadName, int threads, long keepAliveSeconds) {
        this.threadName = threadName;
        this.threads = threads;
        this.keepAliveSeconds = keepAliveSeconds;
    }

    /** The pool, created on first use; {@code null} once closed. */
    public synchronized ScheduledThreadPoolExecutor getOrNull() {
        if (closed) {
            return null;
        }
        if (pool == null) {
            ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            p.setKeepAliveTime(keepAliveSeconds, TimeUnit.SECONDS);
            p.allowCoreThreadTimeOut(true);
            p.setRemoveOnCancelPolicy(true);
            p.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pool = p;
        }
        return pool;
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the pool (pending tasks do not run) and waits up to 2 s for its threads. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        shutdown();
    }

    /**
     * Stops the threads (pending tasks do not run) and waits up to 2 s for them, like {@link #close()},
     * but the next {@link #getOrNull()} creates a new pool. Idempotent.
     */
    public void shutdown() {
        ScheduledThreadPoolExecutor p;
        synchronized (this) {
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
        return "LazyDaemonPool(" + threadName + ")";
    }
}
