package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsException;
import java.util.concurrent.CompletableFuture;

/**
 * One in-flight load. Callers wait on {@link #result}; the load completes it, or the load-timeout
 * watchdog completes it exceptionally first (and interrupts the loading thread). The engine keeps the
 * flight as its single in-flight load until the loader actually returns, so loads never overlap.
 *
 * <p>Concurrency: {@code runner}, {@code interruptedByUs} and {@code watchdog} are guarded by
 * {@code this}; {@link #result} is thread-safe and is never completed while the monitor is held.
 */
final class Flight {
    final CompletableFuture<CachedCredentials> result = new CompletableFuture<>();
    final long startedMillis;
    /** Whether this load is the provider's first since it was built or closed (spread its refresh). */
    final boolean first;
    private Thread runner;
    private boolean abandoned;
    /**
     * Set by close() before it fails this flight's waiters: they then try once more (a call after close
     * loads again), so one SDK client closing a shared provider does not fail another client's call.
     */
    volatile boolean closedWhileLoading;
    private boolean finished;
    private boolean interruptedByUs;
    private RefreshScheduler.Cancellable watchdog;

    Flight(long startedMillis, boolean first) {
        this.startedMillis = startedMillis;
        this.first = first;
    }

    /** Marks the load as running on {@code thread}; false when the watchdog abandoned it before it ran. */
    synchronized boolean running(Thread thread) {
        if (abandoned) {
            return false;
        }
        runner = thread;
        return true;
    }

    /**
     * Called by the watchdog: when the executor accepted the load but never ran it (a discard policy, a
     * shut-down executor, a saturated pool), marks it abandoned so it never runs, and answers true; the
     * engine then clears it like a failed load, so a later call can try again.
     */
    synchronized boolean abandonIfNotStarted() {
        if (finished || runner != null) {
            return false;
        }
        abandoned = true;
        finished = true;
        return true;
    }

    /** Marks the loader as returned; answers whether this flight interrupted the current thread. */
    synchronized boolean finished() {
        runner = null;
        finished = true;
        if (watchdog != null) {
            watchdog.cancel();
        }
        return interruptedByUs;
    }

    synchronized void watchdog(RefreshScheduler.Cancellable watchdog) {
        if (finished) {
            watchdog.cancel();
        } else {
            this.watchdog = watchdog;
        }
    }

    /**
     * Gives up waiting: fails the result with {@code timeout} first (so waiters see the timeout, not
     * the loader's reaction to the interrupt), then interrupts the loader if it still runs.
     */
    void timeOut(CredentialsException timeout) {
        synchronized (this) {
            if (finished) {
                return;
            }
        }
        result.completeExceptionally(timeout);
        synchronized (this) {
            if (!finished && runner != null) {
                interruptedByUs = true;
                runner.interrupt();
            }
        }
    }
}
