package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.internal.EngineMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class RefreshingCredentialsProviderTest {
    private final ManualClock clock = ManualClock.start();
    private final Instant t0 = clock.instant();
    private final ManualScheduler scheduler = ManualScheduler.inline(clock);
    private final ScriptedLoader loader = new ScriptedLoader(clock);
    private final List<RefreshingCredentialsProvider> providers = new ArrayList<>();

    private TempcredsEnvironment env;

    @BeforeEach
    void setUp() {
        env = TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(7)).build();
    }

    @AfterEach
    void tearDown() {
        providers.forEach(RefreshingCredentialsProvider::close);
    }

    /** Spreading of the first refresh is off here: these tests pin the windows; spreading has its own tests. */
    private RefreshingCredentialsProvider.BuilderImpl builder() {
        RefreshingCredentialsProvider.BuilderImpl b = (RefreshingCredentialsProvider.BuilderImpl)
                RefreshingCredentialsProvider.builder().sourceName("test").loader(loader).environment(env)
                        .refreshPolicy(RefreshPolicy.builder().spreadFirstRefresh(false).build());
        return b.scheduler(scheduler);
    }

    private RefreshingCredentialsProvider provider(RefreshingCredentialsProvider.Builder b) {
        RefreshingCredentialsProvider p = b.build();
        providers.add(p);
        return p;
    }

    private RefreshingCredentialsProvider provider() {
        return provider(builder());
    }

    @Test
    void resolveCredentials_freshValue_loadsOnceAndReturnsTheCachedValue() {
        RefreshingCredentialsProvider p = provider();
        AwsCredentials first = p.resolveCredentials();
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(p.resolveCredentials()).isSameAs(first);
        }
        assertThat(loader.loads).hasValue(1);
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.FRESH);
    }

    @Test
    void resolveCredentials_advisoryWindow_returnsCachedValueAndRefreshesOnce() {
        RefreshingCredentialsProvider p = provider();
        AwsCredentials first = p.resolveCredentials();
        clock.set(t0.plus(Duration.ofMinutes(45)).plusSeconds(1)); // 1h credentials: advisory from 42..45 min
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.ADVISORY);
        AwsCredentials during = p.resolveCredentials(); // inline scheduler: the refresh runs and publishes
        assertThat(during).isSameAs(first);
        assertThat(loader.loads).hasValue(2);
        assertThat(p.resolveCredentials()).isSameAs(loader.last).isNotSameAs(first);
    }

    @Test
    void resolveCredentials_mandatoryAndLoadFails_returnsOldValueWhileUsable() {
        RefreshingCredentialsProvider p = provider();
        AwsCredentials first = p.resolveCredentials();
        clock.set(t0.plus(Duration.ofMinutes(59)).plusSeconds(10));
        loader.failure = CredentialsRetrievalException.of("503 from the test source");
        assertThat(p.resolveCredentials()).isSameAs(first);
        assertThat(loader.loads).hasValue(2);
        assertThat(p.resolveCredentials()).isSameAs(first); // backoff in force: no new load
        assertThat(loader.loads).hasValue(2);
        CredentialsHealth h = p.health();
        assertThat(h.state()).isEqualTo(CredentialsHealth.State.MANDATORY);
        assertThat(h.consecutiveFailures()).isEqualTo(1);
        assertThat(h.lastErrorCategory()).contains(CredentialsHealth.ErrorCategory.RETRIEVAL);
        assertThat(h.lastErrorMessage()).contains("503 from the test source");
        assertThat(h.nextAttempt()).isPresent();
    }

    @Test
    void resolveCredentials_unusableAndLoadFails_throwsTypedErrorNamingSourceExpirationAndNextAttempt() {
        RefreshingCredentialsProvider p = provider();
        AwsSessionCredentials first = (AwsSessionCredentials) p.resolveCredentials();
        Instant expiration = first.expirationTime().orElseThrow();
        clock.set(expiration.minusSeconds(4)); // less than minValidity (5 s) left
        loader.failure = CredentialsRetrievalException.of("503 from the test source");

        assertThatThrownBy(p::resolveCredentials)
                .isInstanceOfSatisfying(CredentialsRetrievalException.class, e -> {
                    assertThat(e.source()).contains("test");
                    assertThat(e.expiredAt()).contains(expiration);
                    assertThat(e.nextAttempt()).isPresent();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getCause()).hasMessage("503 from the test source");
                    assertThat(e.getMessage()).contains("test", "503 from the test source", expiration.toString(),
                            e.nextAttempt().orElseThrow().toString())
                            .doesNotContain(TestCredentials.SECRET, TestCredentials.TOKEN);
                });
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.UNUSABLE);
        // within the backoff no new load is attempted, and the error stays typed
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(loader.loads).hasValue(2);
    }

    @Test
    void resolveCredentials_configurationFailure_keepsCategory() {
        loader.failure = CredentialsConfigurationException.of("run `aws sso login --sso-session test`");
        RefreshingCredentialsProvider p = provider();
        assertThatThrownBy(p::resolveCredentials)
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("aws sso login")
                .hasMessageContaining(EngineMessages.NO_CREDENTIALS_YET.substring(0, 30));
    }

    @Test
    void resolveCredentials_loaderThrowsUnexpectedException_retrievalErrorWithCause() {
        loader.failure = new IllegalStateException("boom");
        RefreshingCredentialsProvider p = provider();
        assertThatThrownBy(p::resolveCredentials)
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void resolveCredentials_loaderReturnsAlreadyUnusableCredentials_failedLoadNotReturned() {
        loader.lifetime = Duration.ofSeconds(3); // below minValidity
        RefreshingCredentialsProvider p = provider();
        assertThatThrownBy(p::resolveCredentials)
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("less than the minimum validity");
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.NOT_LOADED);
    }

    @Test
    void resolveCredentials_delegateSdkProviderReturnsExpiredCredentials_typedErrorNotExpiredCredentials() {
        AwsSessionCredentials expired = TestCredentials.expiringAt(t0.minusSeconds(60));
        RefreshingCredentialsProvider p = provider(builder().delegate(StaticCredentialsProvider.create(expired)));
        assertThatThrownBy(p::resolveCredentials)
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining(expired.expirationTime().orElseThrow().toString());
    }

    @Test
    void resolveCredentials_delegateWithoutExpiration_neverRefreshes() {
        AwsBasicCredentials basic = AwsBasicCredentials.create("ASIATESTNOEXPIRY", TestCredentials.SECRET);
        RefreshingCredentialsProvider p = provider(builder().delegate(StaticCredentialsProvider.create(basic)));
        AwsCredentials first = p.resolveCredentials();
        assertThat(first.accessKeyId()).isEqualTo(basic.accessKeyId());
        clock.advance(Duration.ofDays(400));
        assertThat(p.resolveCredentials()).isSameAs(first);
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.FRESH);
    }

    @Test
    void backoff_longerThanUsableLife_nextAttemptStillBeforeUnusable() {
        RefreshPolicy policy = RefreshPolicy.builder().initialBackoff(Duration.ofMinutes(10))
                .maxBackoff(Duration.ofMinutes(10)).build();
        RefreshingCredentialsProvider p = provider(builder().refreshPolicy(policy));
        AwsCredentials first = p.resolveCredentials();
        Instant unusableAt = first.expirationTime().orElseThrow().minusSeconds(5);
        clock.set(t0.plus(Duration.ofMinutes(59)));
        loader.failure = CredentialsRetrievalException.of("down");
        assertThat(p.resolveCredentials()).isSameAs(first);
        Instant next = p.health().nextAttempt().orElseThrow();
        assertThat(next).isBefore(unusableAt);
        loader.failure = null;
        clock.set(next);
        AwsCredentials second = p.resolveCredentials();
        assertThat(second).isNotSameAs(first);
        assertThat(loader.loads).hasValue(3);
    }

    @Test
    void resolveCredentials_credentialsLiving30Seconds_alwaysReturnedWithMinValidityLeft() {
        loader.lifetime = Duration.ofSeconds(30);
        RefreshingCredentialsProvider p = provider();
        for (int i = 0; i < 300; i++) {
            AwsCredentials c = p.resolveCredentials();
            Duration left = Duration.between(clock.instant(), c.expirationTime().orElseThrow());
            assertThat(left).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            clock.advance(Duration.ofMillis(700));
        }
        // 210 s of traffic over 30 s credentials: refreshed, but not on every call
        assertThat(loader.loads.get()).isBetween(8, 100);
    }

    @Test
    void backgroundRefresh_noCallers_refreshesAtRefreshAt() {
        RefreshingCredentialsProvider p = provider(builder().backgroundRefresh(true));
        AwsCredentials first = p.resolveCredentials();
        scheduler.advance(Duration.ofMinutes(40));
        assertThat(loader.loads).hasValue(1);
        scheduler.advance(Duration.ofMinutes(6)); // refreshAt is within 42..45 min
        assertThat(loader.loads).hasValue(2);
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.FRESH);
        assertThat(p.resolveCredentials()).isSameAs(loader.last).isNotSameAs(first);
        assertThat(loader.loads).hasValue(2);
        scheduler.advance(Duration.ofMinutes(46)); // and again, still with no callers
        assertThat(loader.loads).hasValue(3);
    }

    @Test
    void backgroundRefresh_failure_retriesAfterBackoffWithoutCallers() {
        RefreshingCredentialsProvider p = provider(builder().backgroundRefresh(true));
        p.resolveCredentials();
        loader.failure = CredentialsRetrievalException.of("down");
        scheduler.advance(Duration.ofMinutes(46));
        assertThat(loader.loads).hasValue(2);
        loader.failure = null;
        scheduler.advance(RefreshPolicy.DEFAULT_INITIAL_BACKOFF);
        assertThat(loader.loads).hasValue(3);
        assertThat(p.health().consecutiveFailures()).isZero();
    }

    @Test
    void close_calledTwice_isIdempotentDropsTheValueAndTheNextCallReloads() {
        RefreshingCredentialsProvider p = provider(builder().backgroundRefresh(true));
        AwsCredentials first = p.resolveCredentials();
        assertThat(scheduler.pendingTimers()).isPositive();
        p.close();
        p.close();
        assertThat(scheduler.isClosed()).isTrue();
        assertThat(scheduler.pendingTimers()).isZero();
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
        AwsCredentials again = p.resolveCredentials(); // re-initialised lazily: a new load, not the old value
        assertThat(again).isNotSameAs(first).isSameAs(loader.last);
        assertThat(loader.loads).hasValue(2);
        assertThat(p.resolveIdentity().join()).isSameAs(again);
        assertThat(scheduler.pendingTimers()).isPositive(); // background refresh armed again
        p.close();
        loader.failure = CredentialsRetrievalException.of("down");
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(p.resolveIdentity()).isCompletedExceptionally();
    }

    @Test
    void invalidate_matchingKey_nextCallReloads_otherKeyIsNoOp() {
        RefreshingCredentialsProvider p = provider();
        AwsCredentials first = p.resolveCredentials();
        p.invalidate("ASIATESTSOMEONEELSE");
        p.invalidate(null);
        assertThat(p.resolveCredentials()).isSameAs(first);
        assertThat(loader.loads).hasValue(1);
        p.invalidate(first.accessKeyId());
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.MANDATORY);
        AwsCredentials second = p.resolveCredentials();
        assertThat(second).isNotSameAs(first);
        assertThat(loader.loads).hasValue(2);
        p.invalidate(first.accessKeyId()); // stale key: no-op
        assertThat(p.resolveCredentials()).isSameAs(second);
        assertThat(loader.loads).hasValue(2);
    }

    @Test
    void invalidate_whileBackoffAndOldValueUsable_respectsBackoff() {
        RefreshingCredentialsProvider p = provider();
        AwsCredentials first = p.resolveCredentials();
        clock.set(t0.plus(Duration.ofMinutes(59)));
        loader.failure = CredentialsRetrievalException.of("down");
        p.resolveCredentials();
        assertThat(loader.loads).hasValue(2);
        p.invalidate(first.accessKeyId());
        assertThat(p.resolveCredentials()).isSameAs(first);
        assertThat(loader.loads).hasValue(2);
    }

    @Test
    void graceMode_unusableAndLoadFails_servesStaleWithinGraceOnly() {
        List<CredentialsEvent> stale = new ArrayList<>();
        RefreshPolicy policy = RefreshPolicy.builder().graceMode(Duration.ofMinutes(2)).build();
        RefreshingCredentialsProvider p = provider(builder().refreshPolicy(policy).addListener(new CredentialsListener() {
            @Override
            public void servedStale(CredentialsEvent event) {
                stale.add(event);
            }
        }));
        AwsCredentials first = p.resolveCredentials();
        Instant expiration = first.expirationTime().orElseThrow();
        loader.failure = CredentialsRetrievalException.of("down");
        clock.set(expiration.plusSeconds(30));
        assertThat(p.resolveCredentials()).isSameAs(first);
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0).expiration()).contains(expiration);
        clock.set(expiration.plusSeconds(200)); // past unusableAt + grace
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
    }

    @Test
    void strictMode_default_neverServesStale() {
        RefreshingCredentialsProvider p = provider();
        AwsCredentials first = p.resolveCredentials();
        loader.failure = CredentialsRetrievalException.of("down");
        clock.set(first.expirationTime().orElseThrow().minusSeconds(1));
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
    }

    @Test
    void toString_andErrors_containNoSecret() {
        RefreshingCredentialsProvider p = provider();
        p.resolveCredentials();
        loader.failure = CredentialsRetrievalException.of("down");
        clock.advance(Duration.ofHours(2));
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(p::resolveCredentials);
        for (String text : List.of(p.toString(), p.health().toString(), error.toString(), String.valueOf(error.getCause()),
                RefreshPolicy.defaults().toString())) {
            assertThat(text).doesNotContain(TestCredentials.SECRET).doesNotContain(TestCredentials.TOKEN);
        }
        assertThat(p.toString()).contains("test", "RefreshPolicy");
    }

    @Test
    void build_missingSourceOrLoader_namesTheSetting() {
        assertThatThrownBy(() -> RefreshingCredentialsProvider.builder().loader(loader).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sourceName");
        assertThatThrownBy(() -> RefreshingCredentialsProvider.builder().sourceName("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("loader");
    }

    @Test
    void toBuilder_buildsIndependentProviderWithSameSettings() {
        RefreshingCredentialsProvider p = provider();
        RefreshingCredentialsProvider copy = p.toBuilder().build();
        providers.add(copy);
        assertThat(copy.sourceName()).isEqualTo("test");
        assertThat(copy).isNotSameAs(p);
        assertThat(copy.toString()).isEqualTo(p.toString());
    }

    @Test
    void logs_fullLifecycle_useMessageConstantsAndContainNoSecret() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            RefreshPolicy policy = RefreshPolicy.builder().graceMode(Duration.ofMinutes(2)).build();
            RefreshingCredentialsProvider p = provider(builder().refreshPolicy(policy));
            AwsCredentials first = p.resolveCredentials();
            loader.failure = CredentialsRetrievalException.of("down");
            clock.set(first.expirationTime().orElseThrow().plusSeconds(1));
            p.resolveCredentials();
            clock.advance(Duration.ofSeconds(1));
            p.resolveCredentials();
            p.invalidate(first.accessKeyId());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("Refreshing credentials from test failed: down")
                .contains("GRACE MODE: returning unusable credentials from test")
                .doesNotContain(TestCredentials.SECRET).doesNotContain(TestCredentials.TOKEN);
        assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("GRACE MODE")).count()).isEqualTo(1);
    }
}
