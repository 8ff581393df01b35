package io.github.tempcreds.testkit;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Waits for a provider's refreshes without sleeping: a {@link CredentialsListener} you add to the provider's
 * builder, that records every finished load ({@code refreshSucceeded} or {@code refreshFailed}) and wakes
 * those waiting for one.
 *
 * <p>Arm before you trigger, so a refresh that finishes at once is not missed:
 * <pre>{@code
 * RefreshAwaiter refreshes = RefreshAwaiter.create();
 * ... provider builder ....addListener(refreshes).build();
 * provider.resolveCredentials();                         // first load
 * RefreshAwaiter.Next next = refreshes.next();           // arm
 * clock.advance(...);                                    // into the advisory window
 * provider.resolveCredentials();                         // answers at once, starts a background load
 * CredentialsEvent done = next.awaitSuccess(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Which load {@link #next()} waits for: the first to finish among those that were not running when it was
 * armed. A provider hands a loaded value to its callers before it notifies listeners, so the event of a load
 * the test already waited for can arrive after {@code next()}; it is skipped (loads are told apart by their
 * {@code refreshStarted} event, which comes before the load, per {@link CredentialsEvent#source()}).
 *
 * <p>The bound given to {@code await} is a limit for a broken test, never a measurement: the call returns
 * as soon as the refresh finishes.
 *
 * <p>Thread safety: thread-safe; events arrive on the provider's refresh threads.
 */
public final class RefreshAwaiter implements CredentialsListener {
    private final Object lock = new Object();
    private final List<CredentialsEvent> finished = new ArrayList<>();
    private final Map<String, Integer> startedBySource = new HashMap<>();
    private final Map<String, Integer> finishedBySource = new HashMap<>();

    private RefreshAwaiter() {
    }

    /** A new awaiter that has seen no refresh. */
    public static RefreshAwaiter create() {
        return new RefreshAwaiter();
    }

    /**
     * Arms a wait for the first load that finishes after this call.
     *
     * @return the handle to wait on
     */
    public Next next() {
        synchronized (lock) {
            Map<String, Integer> running = new HashMap<>();
            startedBySource.forEach((source, n) -> {
                int open = n - finishedBySource.getOrDefault(source, 0);
                if (open > 0) {
                    running.put(source, open);
                }
            });
            return new Next(finished.size(), running);
        }
    }

    /**
     * Waits for the first load that finishes after this call: {@code next().await(bound)}. Only right when the
     * refresh is triggered by another thread later; to trigger it yourself, arm with {@link #next()} first.
     */
    public CredentialsEvent awaitNext(Duration bound) throws InterruptedException {
        return next().await(bound);
    }

    /** Every finished load so far, oldest first (failed ones have {@link CredentialsEvent#error()}). */
    public List<CredentialsEvent> refreshes() {
        synchronized (lock) {
            return List.copyOf(finished);
        }
    }

    /** How many loads succeeded so far. */
    public int successes() {
        synchronized (lock) {
            return (int) finished.stream().filter(e -> e.error().isEmpty()).count();
        }
    }

    /** How many loads failed so far. */
    public int failures() {
        synchronized (lock) {
            return (int) finished.stream().filter(e -> e.error().isPresent()).count();
        }
    }

    @Override
    public void refreshStarted(CredentialsEvent event) {
        synchronized (lock) {
            startedBySource.merge(event.source(), 1, Integer::sum);
        }
    }

    @Override
    public void refreshSucceeded(CredentialsEvent event) {
        record(event);
    }

    @Override
    public void refreshFailed(CredentialsEvent event) {
        record(event);
    }

    private void record(CredentialsEvent event) {
        synchronized (lock) {
            finished.add(event);
            finishedBySource.merge(event.source(), 1, Integer::sum);
            lock.notifyAll();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RefreshAwaiter(" + finished.size() + " finished loads)";
        }
    }

    /** A wait armed by {@link RefreshAwaiter#next()}: for the first load that finished after it was armed. */
    public final class Next {
        private final int from;
        private final Map<String, Integer> running;

        private Next(int from, Map<String, Integer> running) {
            this.from = from;
            this.running = Map.copyOf(running);
        }

        /** The awaited event among those finished so far, or null. Called with the lock held. */
        private CredentialsEvent find() {
            Map<String, Integer> skip = new HashMap<>(running);
            for (int i = from; i < finished.size(); i++) {
                CredentialsEvent e = finished.get(i);
                Integer n = skip.get(e.source());
                if (n != null && n > 0) {
                    skip.put(e.source(), n - 1); // a load that was already running when armed
                } else {
                    return e;
                }
            }
            return null;
        }

        /**
         * Waits for that load, successful or not.
         *
         * @param bound the longest wait, a limit for a broken test
         * @return the load's event ({@link CredentialsEvent#error()} is present if it failed)
         * @throws AssertionError if no load finished within {@code bound}
         * @throws InterruptedException if interrupted while waiting
         */
        public CredentialsEvent await(Duration bound) throws InterruptedException {
            Objects.requireNonNull(bound, "bound");
            long deadline = System.nanoTime() + bound.toNanos();
            synchronized (lock) {
                CredentialsEvent found;
                while ((found = find()) == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no refresh finished within " + bound + " (" + from
                                + " finished before; did the call trigger one? a fresh value, or a backoff in force,"
                                + " starts no load)");
                    }
                    lock.wait(Math.max(1, left / 1_000_000), 0);
                }
                return found;
            }
        }

        /**
         * Waits for that load and requires it to have succeeded.
         *
         * @return the load's event
         * @throws AssertionError if no load finished within {@code bound}, or it failed (with its error)
         * @throws InterruptedException if interrupted while waiting
         */
        public CredentialsEvent awaitSuccess(Duration bound) throws InterruptedException {
            CredentialsEvent e = await(bound);
            if (e.error().isPresent()) {
                throw new AssertionError("the refresh failed: " + e.error().get().getMessage(), e.error().get());
            }
            return e;
        }
    }
}
