package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsListener;
import java.time.Duration;

/**
 * Counts finished loads (succeeded or failed) so the demo can wait for a background refresh to end
 * before it reads the fake's journal, without sleeping.
 *
 * <p>Concurrency: the count is guarded by {@code this}; waiters use {@link Object#wait(long)}.
 */
final class RefreshTracker implements CredentialsListener {
    private int finished;
    private int succeeded;

    @Override
    public synchronized void refreshSucceeded(CredentialsEvent event) {
        finished++;
        succeeded++;
        notifyAll();
    }

    @Override
    public synchronized void refreshFailed(CredentialsEvent event) {
        finished++;
        notifyAll();
    }

    /** Loads finished so far. */
    synchronized int finished() {
        return finished;
    }

    /** Loads that succeeded so far. */
    synchronized int succeeded() {
        return succeeded;
    }

    /**
     * Waits until more than {@code seen} loads have finished.
     *
     * @return whether that happened within the timeout
     */
    synchronized boolean awaitMoreThan(int seen, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished <= seen) {
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
