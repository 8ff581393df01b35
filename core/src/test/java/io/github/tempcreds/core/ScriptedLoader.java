package io.github.tempcreds.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** A loader a test scripts: lifetime of issued credentials, failures, and a gate that blocks loads. */
final class ScriptedLoader implements CredentialsLoader {
    final AtomicInteger loads = new AtomicInteger();
    final Semaphore entered = new Semaphore(0);
    final AtomicInteger interrupted = new AtomicInteger();
    private final Clock clock;
    volatile Duration lifetime = Duration.ofHours(1);
    volatile RuntimeException failure;
    volatile CountDownLatch gate;
    volatile AwsCredentials last;

    ScriptedLoader(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AwsCredentials load() {
        loads.incrementAndGet();
        entered.release();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw CredentialsRetrievalException.of("test loader interrupted");
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        Instant now = clock.instant();
        AwsCredentials c = TestCredentials.expiringAt(now.plus(lifetime));
        last = c;
        return c;
    }
}
