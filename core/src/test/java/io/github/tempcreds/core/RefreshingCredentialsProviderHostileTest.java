package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Absurd expirations, a trust cap, error-cache timing, misbehaving executors and listeners, and quiet
 * logs: each a defect that broke a promise before it was fixed in the engine.
 */
class RefreshingCredentialsProviderHostileTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ManualClock clock = ManualClock.start();
    private final ManualScheduler scheduler = ManualScheduler.inline(clock);
    private final TempcredsEnvironment env =
            TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(3)).build();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private RefreshingCredentialsProvider provider(CredentialsLoader loader, RefreshPolicy policy) {
        RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("test").loader(loader).environment(env).refreshPolicy(policy))
                .scheduler(scheduler).build();
        closeables.add(p);
        return p;
    }

    // ---- never expired, whatever the source says

    @Test
    void resolveCredentials_expirationInTheFarPast_isATypedRetrievalErrorAndNeverCached() {
        for (Instant absurd : List.of(Instant.MIN, Instant.ofEpochMilli(Long.MIN_VALUE),
                Instant.parse("-999999999-01-01T00:00:00Z"), Instant.ofEpochMilli(Long.MIN_VALUE).minusSeconds(1))) {
            AtomicInteger loads = new AtomicInteger();
            RefreshingCredentialsProvider p = provider(() -> {
                loads.incrementAndGet();
                return TestCredentials.expiringAt(absurd);
            }, RefreshPolicy.defaults());
            assertThatThrownBy(p::resolveCredentials).as("expiration %s", absurd)
                    .isInstanceOf(CredentialsRetrievalException.class).hasMessageContaining("expire at");
            assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.NOT_LOADED);
            clock.advance(Duration.ofSeconds(6)); // past the backoff: the source is asked again, nothing was cached
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void resolveCredentials_expirationDecadesAhead_reloadedAfterMaxCacheTimeButNeverServedPastIt() {
        List<Instant> expirations = new ArrayList<>(List.of(clock.instant().plus(Duration.ofDays(365 * 40)),
                Instant.parse("+300000000-01-01T00:00:00Z"), Instant.MAX));
        AtomicInteger loads = new AtomicInteger();
        RefreshingCredentialsProvider p = provider(() -> {
            loads.incrementAndGet();
            return TestCredentials.expiringAt(expirations.get(Math.min(loads.get() - 1, expirations.size() - 1)));
        }, RefreshPolicy.builder().spreadFirstRefresh(false).build());
        AwsCredentials first = p.resolveCredentials();
        clock.advance(Duration.ofHours(10));
        assertThat(p.resolveCredentials()).isSameAs(first);
        assertThat(loads).hasValue(1);
        clock.advance(Duration.ofHours(2)); // 12 h after the load: the trust cap made it due
        AwsCredentials second = p.resolveCredentials();
        assertThat(loads).hasValue(2);
        assertThat(second).isNotSameAs(first);
        clock.advance(RefreshPolicy.DEFAULT_MAX_CACHE_TIME);
        AwsCredentials third = p.resolveCredentials();
        assertThat(loads).hasValue(3);
        assertThat(third.expirationTime()).contains(Instant.MAX);
    }

    @Test
    void maxCacheTime_reloadFails_oldValueServedOnlyUntilItsRealExpiration() {
        ScriptedLoader loader = new ScriptedLoader(clock);
        loader.lifetime = Duration.ofHours(14);
        RefreshingCredentialsProvider p = provider(loader, RefreshPolicy.builder().maxCacheTime(Duration.ofHours(2))
                .spreadFirstRefresh(false).build());
        AwsCredentials first = p.resolveCredentials();
        loader.failure = CredentialsRetrievalException.of("down");
        clock.advance(Duration.ofHours(2));
        assertThat(p.resolveCredentials()).isSameAs(first); // due, reload failed, still usable
        assertThat(loader.loads.get()).isGreaterThan(1);
        clock.set(first.expirationTime().orElseThrow().minusSeconds(4));
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
    }

    // ---- error cache timing

    @Test
    void backoff_configurationErrors_retriedAtMostEverySecondAndAtLeastEveryFiveSeconds() {
        AtomicInteger loads = new AtomicInteger();
        RefreshingCredentialsProvider p = provider(() -> {
            loads.incrementAndGet();
            throw CredentialsConfigurationException.of("no role_arn in profile");
        }, RefreshPolicy.defaults());
        for (int i = 1; i <= 12; i++) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class);
            assertThat(loads).hasValue(i);
            Duration wait = Duration.between(clock.instant(), p.health().nextAttempt().orElseThrow());
            assertThat(wait).as("wait after failure %d", i).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
            clock.advance(wait.minusMillis(1));
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class);
            assertThat(loads).as("retried before the backoff ended").hasValue(i);
            clock.advance(Duration.ofMillis(1));
        }
    }

    @Test
    void backoff_noUsableValue_neverSpacesOutBeyondFiveSeconds_recoveredSourceUsedWithinFive() {
        ScriptedLoader loader = new ScriptedLoader(clock);
        loader.failure = CredentialsRetrievalException.of("down");
        RefreshingCredentialsProvider p = provider(loader, RefreshPolicy.defaults());
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class);
            assertThat(Duration.between(clock.instant(), p.health().nextAttempt().orElseThrow()))
                    .isLessThanOrEqualTo(Duration.ofSeconds(5));
            clock.advance(Duration.ofSeconds(5));
        }
        loader.failure = null;
        assertThat(p.resolveCredentials()).isSameAs(loader.last);
    }

    // ---- executors and listeners that misbehave (real threads; timeouts are bounds)

    @Test
    void resolveIdentity_oneThreadUserSchedulerAndHungLoader_completesExceptionallyWithinLoadTimeout() throws Exception {
        ScheduledExecutorService one = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch release = new CountDownLatch(1);
        closeables.add(() -> {
            release.countDown();
            one.shutdownNow();
        });
        RefreshingCredentialsProvider p = RefreshingCredentialsProvider.builder().sourceName("hung-" + System.nanoTime())
                .loader(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw CredentialsRetrievalException.of("released");
                })
                .refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofMillis(200)).build())
                .executor(one).build();
        closeables.add(p);
        CompletableFuture<? extends AwsCredentialsIdentity> f = p.resolveIdentity();
        assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CredentialsTimeoutException.class);
    }

    @Test
    void executorThatDiscardsTheLoad_watchdogClearsTheFlight_laterCallLoads() throws Exception {
        ExecutorService real = Executors.newCachedThreadPool();
        closeables.add(real::shutdownNow);
        AtomicInteger offered = new AtomicInteger();
        Executor discardFirst = task -> {
            if (offered.incrementAndGet() > 1) {
                real.execute(task);
            } // the first load is accepted and never run (a discard policy, shutdownNow())
        };
        ScriptedLoader loader = new ScriptedLoader(java.time.Clock.systemUTC());
        RefreshingCredentialsProvider p = RefreshingCredentialsProvider.builder().sourceName("discard-" + System.nanoTime())
                .loader(loader).refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofMillis(200)).build())
                .executor(discardFirst).build();
        closeables.add(p);
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsTimeoutException.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (p.health().refreshInFlight() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(p.health().refreshInFlight()).isFalse();
        Instant next = p.health().nextAttempt().orElse(Instant.now());
        while (Instant.now().isBefore(next) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(p.resolveCredentials()).isSameAs(loader.last);
        assertThat(loader.loads).hasValue(1);
    }

    /** An Error that is not a VirtualMachineError. */
    static final class ListenerBug extends Error {
        ListenerBug() {
            super("listener bug");
        }
    }

    @Test
    void listenerThrowingErrors_fromRefreshStarted_doNotWedgeTheEngine() {
        for (Error thrown : List.of(new ListenerBug(), new StackOverflowError("listener recursion"))) {
            ScriptedLoader loader = new ScriptedLoader(clock);
            RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                    .builder().sourceName("test").loader(loader).environment(env).addListener(new CredentialsListener() {
                        @Override
                        public void refreshStarted(CredentialsEvent event) {
                            throw thrown;
                        }
                    })).scheduler(new ManualScheduler(clock, task -> {
                        try {
                            task.run();
                        } catch (StackOverflowError expected) {
                            // the engine rethrows a VirtualMachineError to the executor after clearing the flight
                        }
                    })).build();
            closeables.add(p);
            try {
                p.resolveCredentials();
            } catch (CredentialsException e) {
                // a VirtualMachineError fails this load; the next one must be possible
            }
            assertThat(p.health().refreshInFlight()).as("wedged by %s", thrown).isFalse();
            clock.advance(Duration.ofSeconds(6));
            if (thrown instanceof ListenerBug) {
                assertThat(p.resolveCredentials()).isSameAs(loader.last);
            }
        }
    }

    // ---- quiet logs

    @Test
    void logs_failureStreak_oneWarnThenDebug_oneInfoOnRecovery_noDoubledPunctuation() {
        ScriptedLoader loader = new ScriptedLoader(clock);
        RefreshingCredentialsProvider p = provider(loader, RefreshPolicy.defaults());
        String log = captureStderr(() -> {
            loader.failure = CredentialsRetrievalException.of("STS is throttling; it will be tried again later.");
            for (int i = 0; i < 6; i++) {
                try {
                    p.resolveCredentials();
                } catch (CredentialsException e) {
                    assertThat(e.getMessage()).contains("tried again later").doesNotContainPattern(DOUBLED);
                }
                clock.advance(Duration.ofSeconds(6));
            }
            loader.failure = null;
            p.resolveCredentials();
            loader.failure = CredentialsRetrievalException.of("down again.");
            clock.advance(Duration.ofMinutes(50));
            p.resolveCredentials(); // advisory: a failed refresh starts a new streak
        });
        List<String> warns = log.lines().filter(l -> l.contains("WARN") && l.contains("failed")).toList();
        assertThat(warns).hasSize(2);
        assertThat(log.lines().filter(l -> l.contains("INFO") && l.contains("loaded again after 6 failed")).count())
                .isEqualTo(1);
        assertThat(log).contains("tried again later; current credentials").doesNotContainPattern(DOUBLED);
    }

    @Test
    void nestedEngines_failureBeforeAnyValue_stateSentenceOnce() {
        ScriptedLoader loader = new ScriptedLoader(clock);
        loader.failure = CredentialsRetrievalException.of("IMDS refused the token request");
        RefreshingCredentialsProvider inner = provider(loader, RefreshPolicy.defaults());
        RefreshingCredentialsProvider outer = provider(inner::resolveCredentials, RefreshPolicy.defaults());

        assertThatThrownBy(outer::resolveCredentials).isInstanceOf(CredentialsException.class).satisfies(e -> {
            String m = e.getMessage();
            assertThat(m).contains("IMDS refused the token request").doesNotContainPattern(DOUBLED);
            assertThat(m.split("No credentials have been loaded yet", -1)).as(m).hasSize(2);
        });
    }

    private static final Pattern DOUBLED = Pattern.compile("[.;:,]\\s?[.;:,]");

    private static String captureStderr(Runnable action) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
