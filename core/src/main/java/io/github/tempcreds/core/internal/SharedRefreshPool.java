package io.github.tempcreds.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bounded pool a keyed cache lends to every provider it creates: loads run on at most
 * {@code loadThreads} daemon threads named {@code tempcreds-keyed-refresh} (or on a user executor),
 * timers and load-timeout watchdogs on one daemon thread named {@code tempcreds-keyed-timer}. Threads
 * start lazily and end after 30 s idle; the number of threads does not grow with the number of keys.
 * Providers created on it never close it (their {@code close()} only cancels their own timer); the
 * cache closes it with itself. Internal: no compatibility promise.
 *
 * <p>Providers built inside {@link #withCurrent(SharedRefreshPool, Supplier)} (a keyed cache's factory
 * call) with no executor of their own pick it up; passing it as a provider's executor has the same
 * effect.
 *
 * <p>Concurrency: thread-safe; the two pools' life cycles are {@link LazyDaemonPool}'s.
 */
public final class SharedRefreshPool implements Executor, AutoCloseable {
    /** Default number of load threads of a keyed cache. */
    public static final int DEFAULT_LOAD_THREADS = 4;
    static final String LOAD_THREAD = "tempcreds-keyed-refresh";
    static final String TIMER_THREAD = "tempcreds-keyed-timer";
    private static final ThreadLocal<SharedRefreshPool> CURRENT = new ThreadLocal<>();

    private final Executor userExecutor;
    private final LazyDaemonPool loads;
    private final LazyDaemonPool timers = new LazyDaemonPool(TIMER_THREAD, 1, 30);

    /**
     * Creates the pool; starts no thread.
     *
     * @param loadThreads the most load threads
     * @param userExecutor where loads run instead, or {@code null}; never shut down here
     */
    public SharedRefreshPool(int loadThreads, Executor userExecutor) {
        this.userExecutor = userExecutor;
        this.loads = new LazyDaemonPool(LOAD_THREAD, loadThreads, 30);
    }

    /** Runs {@code body} with {@code pool} lent to the providers built on this thread meanwhile. */
    public static <T> T withCurrent(SharedRefreshPool pool, Supplier<T> body) {
        SharedRefreshPool previous = CURRENT.get();
        CURRENT.set(pool);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The pool lent to providers built on this thread now, or {@code null}. */
    static SharedRefreshPool current() {
        return CURRENT.get();
    }

    /** Runs a load. */
    @Override
    public void execute(Runnable task) {
        if (userExecutor != null) {
            if (loads.isClosed()) {
                throw new RejectedExecutionException("closed");
            }
            userExecutor.execute(task);
        } else {
            pool(loads).execute(task);
        }
    }

    /** Runs a timer task on the timer thread. */
    RefreshScheduler.Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> f = pool(timers).schedule(task, DaemonRefreshScheduler.saturatedNanos(delay), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    private static ScheduledThreadPoolExecutor pool(LazyDaemonPool holder) {
        ScheduledThreadPoolExecutor p = holder.getOrNull();
        if (p == null) {
            throw new RejectedExecutionException("closed");
        }
        return p;
    }

    /** Stops both pools for good (never a user executor) and waits up to 2 s each for their threads. */
    @Override
    public void close() {
        loads.close();
        timers.close();
    }

    @Override
    public String toString() {
        return "SharedRefreshPool(" + (userExecutor != null ? "userExecutor" : LOAD_THREAD) + ")";
    }
}
