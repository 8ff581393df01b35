package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/** The provider behind the refresh engine, against {@link FakeImds}, driven by one {@link MutableClock}. */
class ImdsRefreshIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRATION = T0.plus(Duration.ofHours(6));

    private final MutableClock clock = MutableClock.at(T0);
    private FakeImds imds;
    private ImdsCredentialsProvider provider;

    /** Runs loads only when the test says so, so a test can see that no caller waited for one. */
    static final class QueuedExecutor implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            Runnable r;
            while ((r = poll()) != null) {
                r.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        imds.close();
        assertThat(imds.journal()).filteredOn(r -> !r.method().equals("PUT"))
                .allSatisfy(r -> assertThat(r.header(FakeImds.TOKEN_HEADER)).isPresent());
    }

    private void startFake(Duration rotateBefore) {
        imds = FakeImds.builder().clock(clock).registry(CredentialRegistry.create("111122223333", new Random(3)))
                .rotateBefore(rotateBefore).build().start();
    }

    private ImdsCredentialsProvider.Builder builder() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new Random(1)).build();
        return ((ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .endpoint(imds.uri()).environment(env).readTimeout(Duration.ofSeconds(3))).sleeper(d -> { });
    }

    private AwsCredentials firstLoad(QueuedExecutor executor) {
        CompletableFuture<? extends AwsCredentialsIdentity> f =
                provider.resolveIdentity(ResolveIdentityRequest.builder().build());
        executor.runAll();
        return (AwsCredentials) f.join();
    }

    @Test
    void advisoryWindow_refreshedAheadInBackground_callerNeverWaits() {
        startFake(Duration.ofMinutes(90));
        QueuedExecutor executor = new QueuedExecutor();
        provider = builder().executor(executor).build();
        AwsCredentials first = firstLoad(executor);
        assertThat(first.expirationTime()).contains(EXPIRATION);
        int before = imds.journal().size();

        clock.set(EXPIRATION.minus(Duration.ofMinutes(55))); // advisory (60 min, jitter), not mandatory (1 min)
        AwsCredentials during = provider.resolveCredentials();
        assertThat(during.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(imds.journal()).hasSize(before); // answered from cache: no request made for this caller
        assertThat(executor.pending()).isEqualTo(1);

        executor.runAll();
        assertThat(imds.journal()).hasSize(before + 1); // the background refresh: one request
        AwsCredentials refreshed = provider.resolveCredentials();
        assertThat(refreshed.accessKeyId()).isNotEqualTo(first.accessKeyId())
                .isEqualTo(imds.currentCredentials().accessKeyId());
        assertThat(refreshed.expirationTime().orElseThrow()).isAfter(EXPIRATION);
    }

    @Test
    void outageDuringAdvisoryWindow_keepsServingValidCredentials() {
        startFake(Duration.ofMinutes(15));
        QueuedExecutor executor = new QueuedExecutor();
        provider = builder().executor(executor).build();
        AwsCredentials first = firstLoad(executor);
        imds.inject(Fault.status(500));

        clock.set(EXPIRATION.minus(Duration.ofMinutes(50)));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(first.accessKeyId());
        executor.runAll();
        assertThat(provider.health().lastErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("HTTP 500"));
        clock.advance(Duration.ofMinutes(20));
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(first.accessKeyId());
        executor.runAll();
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(first.accessKeyId());
    }

    @Test
    void outagePastMinValidity_typedErrorNeverExpiredCredentials() {
        startFake(Duration.ofMinutes(15));
        provider = builder().build();
        AwsCredentials first = provider.resolveCredentials();
        imds.inject(Fault.status(503));

        clock.set(EXPIRATION.minus(Duration.ofSeconds(30))); // mandatory: the load fails, the old value is still usable
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(first.accessKeyId());

        for (Duration before : List.of(Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(-10))) {
            clock.set(EXPIRATION.minus(before));
            CredentialsException e = null;
            try {
                AwsCredentials c = provider.resolveCredentials();
                throw new AssertionError("returned credentials expiring at " + c.expirationTime().orElseThrow()
                        + " at " + clock.instant());
            } catch (CredentialsException expected) {
                e = expected;
            }
            assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
            assertThat(e.source()).contains("imds");
            assertThat(e.expiredAt()).contains(EXPIRATION);
            assertThat(e.getMessage()).doesNotContain("FakeSecret", "FakeSessionToken");
        }

        imds.clearFaults();
        clock.advance(Duration.ofMinutes(5));
        AwsCredentials recovered = provider.resolveCredentials();
        assertThat(recovered.expirationTime().orElseThrow()).isAfter(clock.instant());
    }

    /**
     * The steady-state figure for the lead: a day of traffic, one call a minute, with the default token TTL
     * (6 h) and the fake rotating 15 minutes before expiry. Prints requests per refresh.
     */
    @Test
    void steadyState_dayOfTraffic_aboutOneRequestPerRefresh() {
        startFake(Duration.ofMinutes(15));
        provider = builder().executor(Runnable::run).build();
        provider.resolveCredentials();
        int coldRequests = imds.journal().size();
        imds.clearJournal();
        for (int minute = 1; minute <= 24 * 60; minute++) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            AwsCredentials c = provider.resolveCredentials();
            assertThat(c.expirationTime().orElseThrow()).isAfter(clock.instant().plusSeconds(5));
        }
        int refreshes = imds.journal("GetCredentialsExtended").size();
        int requests = imds.journal().size();
        System.out.printf("IMDS steady state over 24 h: cold start %d requests; %d refreshes, %d requests"
                + " (%d token PUTs): %.2f requests per refresh%n", coldRequests, refreshes, requests,
                imds.journal("GetToken").size(), (double) requests / refreshes);
        assertThat(coldRequests).isEqualTo(3);
        assertThat(imds.journal("ListRolesExtended")).isEmpty();
        assertThat(imds.journal("GetToken").size()).isLessThanOrEqualTo(5); // one per ~6 h token, not per refresh
        assertThat((double) requests / refreshes).isLessThan(1.6);
    }
}
