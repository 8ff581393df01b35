package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Over random schedules (time jumps, loader latency and failures, loaders returning already-expired or
 * short-lived credentials, invalidations, background timers, many callers): no caller ever receives
 * credentials with less than minValidity left, and every value returned is the newest successfully
 * loaded one or an older one that is still usable.
 */
class RefreshingCredentialsProviderPropertyTest {

    /** One step of a schedule. */
    static final class Step {
        final String kind;
        final long millis;
        final long lifetimeMillis;
        final boolean fail;

        Step(String kind, long millis, long lifetimeMillis, boolean fail) {
            this.kind = kind;
            this.millis = millis;
            this.lifetimeMillis = lifetimeMillis;
            this.fail = fail;
        }

        @Override
        public String toString() {
            return kind + "(" + millis + "ms" + (kind.equals("loader") ? ", life=" + lifetimeMillis + "ms, fail=" + fail : "") + ")";
        }
    }

    /** Issues credentials as scripted by the schedule; latency moves the manual clock during the load. */
    static final class ScheduleLoader implements CredentialsLoader {
        final ManualClock clock;
        final List<AwsCredentials> issued = new CopyOnWriteArrayList<>();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        volatile long lifetimeMillis = Duration.ofHours(1).toMillis();
        volatile long latencyMillis;
        volatile boolean fail;
        volatile SplittableRandom random;

        ScheduleLoader(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public AwsCredentials load() {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                Instant issuedAt = clock.instant();
                long life = lifetimeMillis;
                boolean failing = fail;
                SplittableRandom r = random;
                if (r != null) { // concurrent mode: randomize per load, clock untouched
                    synchronized (r) {
                        life = r.nextLong(1_000, 2 * 3_600_000L);
                        failing = r.nextInt(4) == 0;
                    }
                } else if (latencyMillis > 0) {
                    clock.advance(Duration.ofMillis(latencyMillis));
                }
                if (failing) {
                    throw CredentialsRetrievalException.of("scripted failure");
                }
                AwsCredentials c = TestCredentials.expiringAt(issuedAt.plusMillis(life));
                issued.add(c);
                return c;
            } finally {
                active.decrementAndGet();
            }
        }
    }

    @Property(tries = 300)
    void returnedCredentials_haveMinValidityLeft_andAreNewestLoadedOrStillUsable(
            @ForAll("schedules") List<Step> schedule, @ForAll("policies") RefreshPolicy policy,
            @ForAll boolean backgroundRefresh) {
        ManualClock clock = ManualClock.start();
        ManualScheduler scheduler = ManualScheduler.inline(clock);
        ScheduleLoader loader = new ScheduleLoader(clock);
        List<AwsCredentials> accepted = new ArrayList<>();
        RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("property").loader(loader).refreshPolicy(policy)
                .backgroundRefresh(backgroundRefresh)
                .environment(TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(11)).build())
                .addListener(new CredentialsListener() {
                    @Override
                    public void refreshSucceeded(CredentialsEvent event) {
                        accepted.add(loader.issued.get(loader.issued.size() - 1));
                    }
                }))
                .scheduler(scheduler).build();
        long minValidity = policy.minValidity().toMillis();
        for (Step step : schedule) {
            switch (step.kind) {
                case "advance":
                    clock.advance(Duration.ofMillis(step.millis));
                    scheduler.runDue();
                    break;
                case "loader":
                    loader.lifetimeMillis = step.lifetimeMillis;
                    loader.fail = step.fail;
                    loader.latencyMillis = step.millis;
                    break;
                case "invalidate":
                    if (!accepted.isEmpty()) {
                        p.invalidate(accepted.get(accepted.size() - 1).accessKeyId());
                    }
                    break;
                default:
                    AwsCredentialsIdentity got;
                    try {
                        got = step.kind.equals("call") ? p.resolveCredentials() : p.resolveIdentity().join();
                    } catch (CredentialsException | java.util.concurrent.CompletionException e) {
                        assertThat(e instanceof CredentialsException || e.getCause() instanceof CredentialsException).isTrue();
                        // a failure is only allowed when the newest loaded value is not usable any more:
                        // an expiration at or before now + minValidity is unusable (RefreshWindows)
                        if (!accepted.isEmpty()) {
                            AwsCredentials newest = accepted.get(accepted.size() - 1);
                            assertThat(millisLeft(newest, clock)).isLessThanOrEqualTo(minValidity);
                        }
                        break;
                    }
                    assertThat(millisLeft(got, clock)).isGreaterThanOrEqualTo(minValidity);
                    assertThat(accepted).anyMatch(a -> a == got);
                    AwsCredentials newest = accepted.get(accepted.size() - 1);
                    assertThat(got == newest || millisLeft(got, clock) >= minValidity).isTrue();
            }
        }
        assertThat(loader.maxActive).hasValueLessThanOrEqualTo(1);
        p.close();
    }

    private static long millisLeft(AwsCredentialsIdentity c, ManualClock clock) {
        return c.expirationTime().orElseThrow().toEpochMilli() - clock.millis();
    }

    @Property(tries = 15)
    void manyCallers_concurrentTimeJumps_neverLessThanMinValidityAndOneLoadAtATime(
            @ForAll("jumps") List<Long> jumps, @ForAll("policies") RefreshPolicy policy) throws Exception {
        ManualClock clock = ManualClock.start();
        ExecutorService loads = Executors.newCachedThreadPool();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        ScheduleLoader loader = new ScheduleLoader(clock);
        loader.random = new SplittableRandom(jumps.size());
        RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("property-concurrent").loader(loader).refreshPolicy(policy)
                .environment(TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(13)).build()))
                .scheduler(new ManualScheduler(clock, loads)).build();
        long minValidity = policy.minValidity().toMillis();
        List<Future<?>> done = new ArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        try {
            for (int t = 0; t < 8; t++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        long before = clock.millis();
                        try {
                            AwsCredentials c = p.resolveCredentials();
                            if (c.expirationTime().orElseThrow().toEpochMilli() - before < minValidity
                                    || !loader.issued.contains(c)) {
                                violations.incrementAndGet();
                            }
                        } catch (CredentialsException expected) {
                            // allowed: failures and unusable values are reported as typed errors
                        }
                    }
                }));
            }
            for (long jump : jumps) {
                clock.advance(Duration.ofMillis(jump));
                Thread.yield();
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            p.close();
            callers.shutdownNow();
            loads.shutdownNow();
        }
        assertThat(violations).hasValue(0);
        assertThat(loader.maxActive).hasValueLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<List<Long>> jumps() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 2_000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 600_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 3_600_000)))
                .list().ofMinSize(20).ofMaxSize(200);
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Step> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 5_000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 600_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 7_200_000)))
                .map(ms -> new Step("advance", ms, 0, false));
        Arbitrary<Long> lifetimes = Arbitraries.oneOf(
                Arbitraries.of(1_000L, 4_000L, 5_000L, 6_000L, 10_000L, 30_000L, 120_000L, 900_000L, 3_600_000L, 43_200_000L),
                Arbitraries.longs().between(0, 7_200_000));
        Arbitrary<Step> loaderStep = Combinators.combine(
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 20_000))),
                lifetimes, Arbitraries.integers().between(0, 9).map(i -> i < 3))
                .as((latency, life, fail) -> new Step("loader", latency, life, fail));
        Arbitrary<Step> call = Arbitraries.of("call", "call", "call", "async")
                .map(k -> new Step(k, 0, 0, false));
        Arbitrary<Step> invalidate = Arbitraries.just(new Step("invalidate", 0, 0, false));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, advance),
                net.jqwik.api.Tuple.of(2, loaderStep),
                net.jqwik.api.Tuple.of(6, call),
                net.jqwik.api.Tuple.of(1, invalidate))
                .list().ofMinSize(1).ofMaxSize(80);
    }

    @Provide
    Arbitrary<RefreshPolicy> policies() {
        Arbitrary<Long> minValidity = Arbitraries.longs().between(0, 30_000);
        Arbitrary<Long> mandatoryExtra = Arbitraries.longs().between(1_000, 200_000);
        Arbitrary<Double> jitter = Arbitraries.doubles().between(0, 1);
        Arbitrary<Long> backoff = Arbitraries.longs().between(100, 60_000);
        Arbitrary<Long> backoffExtra = Arbitraries.longs().between(0, 600_000);
        return Combinators.combine(minValidity, mandatoryExtra, jitter, backoff, backoffExtra)
                .as((minV, extra, j, b, bx) -> RefreshPolicy.builder()
                        .minValidity(Duration.ofMillis(minV))
                        .mandatoryWindow(Duration.ofMillis(Math.min(minV + extra, 299_000)))
                        .advisoryJitter(j)
                        .initialBackoff(Duration.ofMillis(b))
                        .maxBackoff(Duration.ofMillis(b + bx))
                        .build());
    }
}
