package io.github.tempcreds.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.KeyedCredentialsProviders;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class TempcredsMetricsTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Semaphore loads = new Semaphore(0);
    private FakeImds imds;
    private ImdsCredentialsProvider provider;
    private final TempcredsMetrics metrics = TempcredsMetrics.create(clock);

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).credentialsLifetime(Duration.ofHours(1))
                .rotateBefore(Duration.ofMinutes(20)).build().start();
        CredentialsListener done = new CredentialsListener() {
            @Override
            public void refreshSucceeded(CredentialsEvent event) {
                loads.release();
            }

            @Override
            public void refreshFailed(CredentialsEvent event) {
                loads.release();
            }
        };
        provider = ImdsCredentialsProvider.builder()
                .environment(TempcredsEnvironment.builder().clock(clock).build())
                .endpoint(URI.create(imds.url())).backgroundRefresh(false)
                .refreshPolicy(RefreshPolicy.builder().minValidity(Duration.ofSeconds(10)).build())
                .addListener(metrics).addListener(done).build();
        metrics.monitor(provider).bindTo(registry);
    }

    @AfterEach
    void stop() {
        provider.close();
        imds.close();
    }

    private void awaitLoad() throws InterruptedException {
        assertThat(loads.tryAcquire(10, TimeUnit.SECONDS)).as("a load finished").isTrue();
    }

    private long refreshes(String outcome) {
        var t = registry.find(TempcredsMetrics.REFRESH).tag("outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double state(String state) {
        return registry.get(TempcredsMetrics.STATE).tag("state", state).gauge().value();
    }

    @Test
    void bindTo_refreshFailureStreakRecovery_metersFollow() throws Exception {
        assertThat(state("not.loaded")).isEqualTo(1.0);
        assertThat(gauge(TempcredsMetrics.EXPIRY)).isNaN();

        AwsCredentials first = provider.resolveCredentials();
        awaitLoad();
        assertThat(refreshes("success")).isEqualTo(1);
        assertThat(refreshes("failure")).isZero();
        assertThat(state("fresh")).isEqualTo(1.0);
        assertThat(state("unusable")).isZero();
        assertThat(gauge(TempcredsMetrics.EXPIRY)).isEqualTo(3600.0);
        assertThat(gauge(TempcredsMetrics.CONSECUTIVE_FAILURES)).isZero();

        // IMDS down; the value expires: a failure streak.
        imds.inject(Fault.status(500));
        clock.advance(Duration.ofMinutes(61));
        assertThatThrownBy(provider::resolveCredentials).isInstanceOf(RuntimeException.class);
        awaitLoad();
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(provider::resolveCredentials).isInstanceOf(RuntimeException.class);
        awaitLoad();
        assertThat(refreshes("failure")).isEqualTo(2);
        assertThat(gauge(TempcredsMetrics.CONSECUTIVE_FAILURES)).isEqualTo(2.0);
        assertThat(state("unusable")).isEqualTo(1.0);
        assertThat(gauge(TempcredsMetrics.EXPIRY)).isNegative();

        // Recovery.
        imds.clearFaults();
        clock.advance(Duration.ofMinutes(2));
        AwsCredentials recovered = provider.resolveCredentials();
        awaitLoad();
        assertThat(refreshes("success")).isEqualTo(2);
        assertThat(gauge(TempcredsMetrics.CONSECUTIVE_FAILURES)).isZero();
        assertThat(state("fresh")).isEqualTo(1.0);
        assertThat(registry.get(TempcredsMetrics.REFRESH).tag("outcome", "success").tag("source", "imds").timer())
                .isNotNull();

        // No key id and no secret in any tag or name.
        for (Meter m : registry.getMeters()) {
            for (Tag tag : m.getId().getTags()) {
                for (AwsCredentials c : new AwsCredentials[] {first, recovered}) {
                    assertThat(tag.getValue()).doesNotContain(c.accessKeyId()).doesNotContain(c.secretAccessKey());
                }
            }
            assertThat(m.getId().getName()).matches("[a-z.]+");
        }
    }

    @Test
    void monitor_keyedCache_sizeGauge() {
        try (KeyedCredentialsProviders<String> cache = KeyedCredentialsProviders.<String>builder(k -> provider).build()) {
            metrics.monitor("tenants", cache);
            assertThat(registry.get(TempcredsMetrics.KEYED_SIZE).tag("cache", "tenants").gauge().value()).isZero();
            cache.get("a");
            cache.get("b");
            assertThat(registry.get(TempcredsMetrics.KEYED_SIZE).tag("cache", "tenants").gauge().value()).isEqualTo(2.0);
        }
    }

    @Test
    void monitor_keyedCacheFull_evictionsCounted() {
        try (KeyedCredentialsProviders<String> cache = KeyedCredentialsProviders.<String>builder(k ->
                        io.github.tempcreds.core.RefreshingCredentialsProvider.builder().sourceName("tenant")
                                .loader(() -> software.amazon.awssdk.auth.credentials.AwsSessionCredentials.builder()
                                        .accessKeyId("ASIATESTEVICT00001").secretAccessKey("testsecret")
                                        .sessionToken("testtoken").build()).build())
                .maximumSize(1).build()) {
            metrics.monitor("tenants", cache);
            cache.get("a");
            cache.get("b");
            cache.get("c");
            assertThat(cache.estimatedSize()).isEqualTo(1);
            assertThat(registry.get(TempcredsMetrics.KEYED_EVICTIONS).tag("cache", "tenants").functionCounter().count())
                    .isEqualTo(2.0);
        }
    }
}
