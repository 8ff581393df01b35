package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * One provider under measurement, ours or the SDK's, with what the harness needs around it: a name, a way
 * to wait until no background refresh of ours is running (so that counts taken on the manual clock are
 * attributed to the right moment), and everything to close afterwards.
 *
 * <p>Concurrency: {@code started}/{@code finished} are atomics updated from the providers' load threads.
 */
final class Subject implements AutoCloseable {
    private final String name;
    private final AwsCredentialsProvider provider;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final boolean ours;

    private Subject(String name, AwsCredentialsProvider provider, boolean ours) {
        this.name = name;
        this.provider = provider;
        this.ours = ours;
    }

    /** A listener to add to our provider's builder before {@link #ours} wraps it. */
    static final class Tracker implements CredentialsListener {
        private Subject subject;

        @Override
        public void refreshStarted(CredentialsEvent event) {
            subject.started.incrementAndGet();
        }

        @Override
        public void refreshSucceeded(CredentialsEvent event) {
            subject.finished.incrementAndGet();
        }

        @Override
        public void refreshFailed(CredentialsEvent event) {
            subject.finished.incrementAndGet();
        }
    }

    static Subject ours(String name, RefreshableCredentialsProvider provider, Tracker tracker, AutoCloseable... extra) {
        Subject s = new Subject(name, provider, true);
        tracker.subject = s;
        s.closeables.add(provider);
        s.closeables.addAll(List.of(extra));
        return s;
    }

    static Subject sdk(String name, AwsCredentialsProvider provider, AutoCloseable... closeables) {
        Subject s = new Subject(name, provider, false);
        if (provider instanceof AutoCloseable) {
            s.closeables.add((AutoCloseable) provider);
        }
        s.closeables.addAll(List.of(closeables));
        return s;
    }

    String name() {
        return name;
    }

    boolean isOurs() {
        return ours;
    }

    AwsCredentialsProvider provider() {
        return provider;
    }

    AwsCredentials resolve() {
        return provider.resolveCredentials();
    }

    /**
     * Waits until none of our refreshes is in flight (the SDK's refresh on the caller's thread, nothing to
     * wait for). A load decided but not yet started is caught by {@code health().refreshInFlight()}.
     */
    void awaitIdle() {
        if (!ours) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        RefreshableCredentialsProvider p = (RefreshableCredentialsProvider) provider;
        int quiet = 0;
        while (quiet < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": a refresh is still running after 60 s");
            }
            boolean idle = !p.health().refreshInFlight() && started.get() == finished.get();
            quiet = idle ? quiet + 1 : 0;
            LockSupport.parkNanos(200_000);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // closing a benchmark subject: nothing to report
            }
        }
    }
}
