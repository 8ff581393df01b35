package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Spreading the first refresh over random lifetimes and start times keeps the never-expired promise
 * and does not more than double the loads.
 */
class SpreadFirstRefreshPropertyTest {

    private static long run(boolean spread, long startMillis, int lifetimeSeconds, int stepSeconds, long seed) {
        ManualClock clock = ManualClock.start();
        clock.set(Instant.ofEpochMilli(startMillis));
        ScriptedLoader loader = new ScriptedLoader(clock);
        loader.lifetime = Duration.ofSeconds(lifetimeSeconds);
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(seed)).build();
        RefreshPolicy policy = RefreshPolicy.builder().spreadFirstRefresh(spread).build();
        try (RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("spread").loader(loader).environment(env).refreshPolicy(policy))
                .scheduler(ManualScheduler.inline(clock)).build()) {
            long end = startMillis + 10L * lifetimeSeconds * 1000;
            while (clock.millis() < end) {
                AwsCredentials c = p.resolveCredentials();
                assertThat(Duration.between(clock.instant(), c.expirationTime().orElseThrow()))
                        .isGreaterThanOrEqualTo(policy.minValidity());
                clock.advance(Duration.ofSeconds(stepSeconds));
            }
        }
        return loader.loads.get();
    }

    @Property(tries = 200)
    void spreading_neverExpired_andAtMostDoublesLoads(@ForAll @IntRange(min = 60, max = 43_200) int lifetimeSeconds,
                                                      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long start,
                                                      @ForAll @IntRange(min = 1, max = 30) int stepSeconds,
                                                      @ForAll long seed) {
        int step = Math.min(stepSeconds, Math.max(1, lifetimeSeconds / 20));
        long spread = run(true, start, lifetimeSeconds, step, seed);
        long plain = run(false, start, lifetimeSeconds, step, seed);
        assertThat(spread).isLessThanOrEqualTo(2 * plain);
    }
}
