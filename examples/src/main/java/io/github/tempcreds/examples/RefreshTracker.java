package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsListener;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Counts started and finished loads so the demo can wait, without sleeping, for a background refresh to
 * start and end before it reads the fakes' journals. Listener events come after the load's result is
 * handed out, so "quiet" (every started load finished) is what the demo waits for between steps.
 *
 * <p>Concurrency: the counts are guarded by {@code this}; waiters use {@link Object#wait(long)}.
 */
final class RefreshTracker implements CredentialsListener {
    private int started;
    private int finished;

    @Override
    public synchronized void refreshStarted(CredentialsEvent event) {
        started++;
        notifyAll();
    }

    @Override
    public synchronized void refreshSucceeded(CredentialsEvent event) {
        finished++;
        notifyAll();
    }

    @Override
    public synchronized void refreshFailed(CredentialsEvent event) {
        finished++;
        notifyAll();
    }

    /** Loads started so far. */
    synchronized int started() {
        return started;
    }

    /** Waits until every started load has finished; returns whether that happened in time. */
    synchronized boolean awaitQuiet(Duration timeout) {
        return await(() -> finished >= started, timeout);
    }

    /** Waits until more than {@code seen} loads have started and every started one has finished. */
    synchronized boolean awaitRefreshAfter(int seen, Duration timeout) {
        return await(() -> started > seen && finished >= started, timeout);
    }

    private boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
