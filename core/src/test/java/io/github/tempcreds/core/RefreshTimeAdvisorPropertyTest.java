package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.internal.RefreshTimeAdvisor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A source that hands out the set already held until it rotates (as IMDS does), with an advisor answering
 * anything (before now, past expiry, inside the windows, nothing): no caller ever gets credentials with
 * less than minValidity left, and whenever the source rotates at least the mandatory window ahead, no
 * caller ever gets an error.
 */
class RefreshTimeAdvisorPropertyTest {

    /** Hands out one set until {@code rotateBefore} its expiry, then a new one; advises at random. */
    static final class RotatingSource implements CredentialsLoader, RefreshTimeAdvisor {
        private final Clock clock;
        private final Duration lifetime;
        private final Duration rotateBefore;
        private final SplittableRandom random;
        private AwsCredentials current;
        int loads;

        RotatingSource(Clock clock, Duration lifetime, Duration rotateBefore, long seed) {
            this.clock = clock;
            this.lifetime = lifetime;
            this.rotateBefore = rotateBefore;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public AwsCredentials load() {
            loads++;
            Instant now = clock.instant();
            if (current == null || !now.isBefore(current.expirationTime().orElseThrow().minus(rotateBefore))) {
                current = TestCredentials.expiringAt(now.plus(lifetime));
            }
            return current;
        }

        @Override
        public Instant nextRefresh(AwsCredentials loaded, AwsCredentials held, Instant now) {
            Instant expiration = loaded.expirationTime().orElseThrow();
            switch (random.nextInt(6)) {
                case 0:
                    return null;
                case 1:
                    return now.minusSeconds(random.nextInt(1, 100_000));
                case 2:
                    return expiration.plusSeconds(random.nextInt(0, 100_000));
                case 3:
                    return random.nextBoolean() ? Instant.MAX : Instant.MIN;
                default:
                    long span = Math.max(1, Duration.between(now, expiration).toMillis());
                    return now.plusMillis(random.nextLong(span));
            }
        }
    }

    @Property(tries = 200)
    void anyAdvice_neverLessThanMinValidity_andNoErrorWhenTheSourceRotatesInTime(
            @ForAll @IntRange(min = 120, max = 43_200) int lifetimeSeconds,
            @ForAll @IntRange(min = 0, max = 1_000) int rotateBeforePermille,
            @ForAll @IntRange(min = 1, max = 30) int stepSeconds, @ForAll long seed) {
        ManualClock clock = ManualClock.start();
        Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
        Duration rotateBefore = lifetime.multipliedBy(rotateBeforePermille).dividedBy(2_000); // up to half
        RotatingSource source = new RotatingSource(clock, lifetime, rotateBefore, seed);
        RefreshPolicy policy = RefreshPolicy.defaults();
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(seed)).build();
        boolean rotatesInTime = rotateBefore.compareTo(policy.mandatoryWindow()) >= 0;
        int step = Math.min(stepSeconds, Math.max(1, lifetimeSeconds / 20));
        int errors = 0;
        try (RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("advised").loader(source).environment(env).refreshPolicy(policy))
                .scheduler(ManualScheduler.inline(clock)).build()) {
            Instant end = clock.instant().plus(lifetime.multipliedBy(6));
            while (clock.instant().isBefore(end)) {
                try {
                    AwsCredentials c = p.resolveCredentials();
                    assertThat(Duration.between(clock.instant(), c.expirationTime().orElseThrow()))
                            .isGreaterThanOrEqualTo(policy.minValidity());
                } catch (CredentialsException e) {
                    errors++;
                }
                clock.advance(Duration.ofSeconds(step));
            }
        }
        if (rotatesInTime) {
            assertThat(errors).isZero();
        }
        assertThat(source.loads).isPositive();
    }
}
