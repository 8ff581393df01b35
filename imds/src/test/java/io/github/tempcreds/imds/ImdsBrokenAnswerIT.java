package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImdsCredentialsProvider} against {@link FakeImds} answers that start and then go wrong: a body that
 * drips slowly (bounded by the per-request deadline) and a connection that breaks mid-answer.
 */
class ImdsBrokenAnswerIT {
    @TempDir
    Path root;

    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    FakeImds imds;
    ImdsCredentialsProvider provider;

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).registry(CredentialRegistry.create("111122223333", new Random(7)))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        imds.close();
        assertThat(imds.journal()).filteredOn(r -> !r.method().equals("PUT"))
                .allSatisfy(r -> assertThat(r.header(FakeImds.TOKEN_HEADER)).as("token on " + r).isPresent());
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("tempcreds-imds"));
    }

    ImdsCredentialsProvider provider(Duration connectTimeout, Duration readTimeout) {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new Random(1))
                .homeDirectory(root).build();
        provider = ((ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .endpoint(imds.uri()).environment(env).connectTimeout(connectTimeout).readTimeout(readTimeout))
                .fileSystemRoot(root).sleeper(sleeps::add).build();
        return provider;
    }

    static CredentialsException failure(ImdsCredentialsProvider p) {
        try {
            p.resolveCredentials();
        } catch (CredentialsException e) {
            assertThat(e.getMessage()).doesNotContain("FakeSecret", "FakeSessionToken", "FakeImdsToken");
            return e;
        }
        throw new AssertionError("expected a CredentialsException");
    }

    @Test
    void slowDrip_bodyOutlastsRequestDeadline_abandonedWithinBoundThenRecovers() {
        // Deadline per request: connect + 2 x read = 300 ms + 2 x 1 s = 2.3 s. The body drips over 8 s in 20
        // pieces, 400 ms apart: each within the 1 s read timeout, so only a total deadline can end it.
        ImdsCredentialsProvider p = provider(Duration.ofMillis(300), Duration.ofSeconds(1));
        imds.inject(Fault.slowDrip(Duration.ofSeconds(8)).times(1).onOperation("GetCredentialsExtended"));
        long start = System.nanoTime();
        CredentialsException e = failure(p);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isLessThan(Duration.ofMillis(2300 + 1000 + 1500)); // deadline + one read + slack
        assertThat(e).isInstanceOf(CredentialsTimeoutException.class);
        assertThat(e.getMessage()).contains("GET /latest/meta-data/iam/security-credentials-extended/demo-role",
                "did not finish answering", "within 2300 ms", "arrived too slowly and was abandoned");
        assertThat(imds.journal("GetCredentialsExtended")).hasSize(1); // not retried
        assertThat(sleeps).isEmpty();

        imds.clearFaults();
        clock.advance(Duration.ofMinutes(1)); // past the engine's backoff
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo(imds.currentCredentials().accessKeyId());
    }

    @Test
    void slowDrip_tokenAnswerOutlastsDeadline_abandonedWithinBound() {
        ImdsCredentialsProvider p = provider(Duration.ofMillis(300), Duration.ofSeconds(1));
        imds.inject(Fault.slowDrip(Duration.ofSeconds(8)).times(1).onOperation("GetToken"));
        long start = System.nanoTime();
        CredentialsException e = failure(p);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isLessThan(Duration.ofMillis(2300 + 1000 + 1500)); // deadline + one read + slack
        assertThat(e).isInstanceOf(CredentialsTimeoutException.class);
        assertThat(e.getMessage()).contains("PUT /latest/api/token", "within 2300 ms", "too slowly");
        assertThat(e.getMessage()).doesNotContain("HttpPutResponseHopLimit"); // it did answer: not the hop limit
    }

    @Test
    void slowDrip_withinDeadline_served() {
        ImdsCredentialsProvider p = provider(Duration.ofMillis(500), Duration.ofSeconds(1));
        imds.inject(Fault.slowDrip(Duration.ofMillis(400)).times(1).onOperation("GetCredentialsExtended"));
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo(imds.currentCredentials().accessKeyId());
    }

    @Test
    void connectionResetMidBody_retriedThenBrokenConnectionDiagnosis() {
        ImdsCredentialsProvider p = provider(Duration.ofSeconds(1), Duration.ofSeconds(2));
        imds.inject(Fault.randomDataThenClose().onOperation("GetCredentialsExtended"));
        CredentialsException e = failure(p);

        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("The connection to IMDS at " + imds.url().replaceAll("/$", ""),
                "broke while reading the answer to GET /latest/meta-data/iam/security-credentials-extended/demo-role",
                "after 4 attempt(s)").doesNotContain("UncheckedIOException", "source failed");
        assertThat(imds.journal("GetCredentialsExtended")).hasSize(4); // 1 + maxRetries (3)
        assertThat(sleeps).hasSize(3);

        imds.clearFaults();
        clock.advance(Duration.ofMinutes(1));
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo(imds.currentCredentials().accessKeyId());
    }

    @Test
    void connectionResetMidBody_onceThenGood_retriedAndServed() {
        ImdsCredentialsProvider p = provider(Duration.ofSeconds(1), Duration.ofSeconds(2));
        imds.inject(Fault.randomDataThenClose().times(1).onOperation("GetCredentialsExtended"));
        assertThat(p.resolveCredentials().accessKeyId()).isEqualTo(imds.currentCredentials().accessKeyId());
        assertThat(imds.journal("GetCredentialsExtended")).hasSize(2);
    }
}
