package io.github.tempcreds.core.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where the engine runs loads and timers. Production uses {@link DaemonRefreshScheduler}; tests use a
 * manual implementation driven by a manual clock, so they never sleep.
 *
 * <p>Implementations are thread-safe and never run a task on the calling thread while the caller
 * holds a lock, except for test implementations that run {@link #execute} inline by design.
 */
public interface RefreshScheduler {

    /**
     * Runs a load task asynchronously.
     *
     * @throws RejectedExecutionException when the scheduler is closed or saturated
     */
    void execute(Runnable task);

    /**
     * Runs a task once after a delay (by the scheduler's notion of time).
     *
     * @throws RejectedExecutionException when the scheduler is closed
     */
    Cancellable schedule(Runnable task, Duration delay);

    /**
     * Stops every thread this scheduler started; idempotent. Tasks not yet run are dropped. The
     * scheduler may be used again afterwards: it starts its threads lazily again.
     */
    void close();

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run; idempotent. */
        void cancel();
    }
}
