package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The boundaries over the full {@link Instant} range (its extremes and the epoch-millisecond extremes
 * included), any clock reading and any minValidity/maxCacheTime: a value is kept only if it has at least
 * minValidity left; {@code now < refreshAt <= mandatoryAt <= unusableAt = expiration - minValidity};
 * refresh and mandatory points never later than maxCacheTime after the load; the backoff stays in its
 * bounds.
 */
class RefreshWindowsPropertyTest {

    @Provide
    Arbitrary<Instant> anyInstant() {
        Arbitrary<Instant> extremes = Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH,
                Instant.ofEpochMilli(Long.MIN_VALUE), Instant.ofEpochMilli(Long.MAX_VALUE),
                Instant.ofEpochMilli(Long.MIN_VALUE).minusNanos(1), Instant.ofEpochMilli(Long.MAX_VALUE).plusMillis(1),
                Instant.parse("-999999999-01-01T00:00:00Z"), Instant.parse("+999999999-12-31T23:59:59Z"));
        Arbitrary<Instant> seconds = Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .map(Instant::ofEpochSecond);
        Arbitrary<Instant> millis = Arbitraries.longs().map(Instant::ofEpochMilli);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, extremes), net.jqwik.api.Tuple.of(3, seconds),
                net.jqwik.api.Tuple.of(3, millis));
    }

    @Provide
    Arbitrary<Long> anyNow() {
        return Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, Long.MAX_VALUE - 1, Long.MAX_VALUE),
                Arbitraries.longs().between(1_700_000_000_000L, 1_900_000_000_000L));
    }

    @Provide
    Arbitrary<Long> offsetMillis() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-10_000, 100_000_000L), Arbitraries.longs());
    }

    private static RefreshPolicy policy(long minValiditySeconds, long maxCacheMinutes) {
        return RefreshPolicy.builder().minValidity(Duration.ofSeconds(minValiditySeconds))
                .maxCacheTime(Duration.ofMinutes(maxCacheMinutes)).build();
    }

    private static AwsSessionCredentials expiringAt(Instant expiration) {
        return AwsSessionCredentials.builder().accessKeyId("ASIATEST").secretAccessKey("s").sessionToken("t")
                .expirationTime(expiration).build();
    }

    @Property(tries = 3000)
    void compute_anyExpirationAnyNow_keptOnlyWithMinValidityLeftAndBoundariesOrdered(
            @ForAll("anyInstant") Instant expiration, @ForAll("anyNow") long now,
            @ForAll @IntRange(min = 0, max = 59) int minValiditySeconds,
            @ForAll @IntRange(min = 2, max = 100_000) int maxCacheMinutes, @ForAll boolean spread,
            @ForAll long seed) {
        check(expiration, now, minValiditySeconds, maxCacheMinutes, spread, seed);
    }

    @Property(tries = 3000)
    void compute_expirationNearNow_keptOnlyWithMinValidityLeftAndBoundariesOrdered(
            @ForAll("offsetMillis") long offset, @ForAll("anyNow") long now,
            @ForAll @IntRange(min = 0, max = 59) int minValiditySeconds,
            @ForAll @IntRange(min = 2, max = 100_000) int maxCacheMinutes, @ForAll boolean spread,
            @ForAll long seed) {
        check(Instant.ofEpochMilli(now).plusMillis(offset), now, minValiditySeconds, maxCacheMinutes, spread, seed);
    }

    @Property(tries = 3000)
    void advised_anyAdviceAnyValue_refreshOnlyPostponedWithinTheAdvisorySpanAndNothingElseChanges(
            @ForAll("offsetMillis") long expirationOffset, @ForAll("anyNow") long now,
            @ForAll("anyInstant") Instant farAdvice, @ForAll("offsetMillis") long adviceOffset,
            @ForAll boolean nearAdvice, @ForAll boolean noAdvice, @ForAll long seed) {
        CachedCredentials c = RefreshWindows.compute(RefreshPolicy.defaults(),
                expiringAt(Instant.ofEpochMilli(now).plusMillis(expirationOffset)), now, new SplittableRandom(seed));
        if (c == null) {
            return;
        }
        Instant advice = noAdvice ? null
                : nearAdvice ? Instant.ofEpochMilli(RefreshWindows.add(now, adviceOffset)) : farAdvice;

        CachedCredentials a = RefreshWindows.advised(c, advice, now);

        assertThat(a.credentials).isSameAs(c.credentials);
        assertThat(a.mandatoryAtMillis).isEqualTo(c.mandatoryAtMillis);
        assertThat(a.unusableAtMillis).isEqualTo(c.unusableAtMillis);
        assertThat(a.refreshAtMillis).isGreaterThanOrEqualTo(c.refreshAtMillis).isLessThanOrEqualTo(a.mandatoryAtMillis);
        boolean within = advice != null && !RefreshWindows.isBeyondMillis(advice)
                && advice.toEpochMilli() > c.refreshAtMillis && advice.toEpochMilli() < c.mandatoryAtMillis;
        assertThat(a.refreshAtMillis).isEqualTo(within ? advice.toEpochMilli() : c.refreshAtMillis);
    }

    private static void check(Instant expiration, long now, int minValiditySeconds, int maxCacheMinutes,
                              boolean spread, long seed) {
        RefreshPolicy policy = policy(minValiditySeconds, maxCacheMinutes);
        CachedCredentials c = RefreshWindows.compute(policy, expiringAt(expiration), now, new SplittableRandom(seed), spread);
        Instant nowInstant = Instant.ofEpochMilli(now);
        boolean enoughLeft = expiration.isAfter(nowInstant.plusSeconds(minValiditySeconds));
        if (c == null) {
            boolean atLeastOneMillisecondMore = !expiration.isBefore(nowInstant.plusSeconds(minValiditySeconds).plusMillis(1));
            // (an expiration beyond the epoch-millisecond range saturates: with a clock reading within
            // minValidity of that range's end it is rejected, which no real clock reaches)
            assertThat(atLeastOneMillisecondMore && !RefreshWindows.isBeyondMillis(expiration))
                    .as("rejected although it has more than minValidity left").isFalse();
            return;
        }
        assertThat(enoughLeft).as("kept with less than minValidity left: %s", c).isTrue();
        assertThat(c.refreshAtMillis).isGreaterThan(now);
        assertThat(c.refreshAtMillis).isLessThanOrEqualTo(c.mandatoryAtMillis);
        assertThat(c.mandatoryAtMillis).isLessThanOrEqualTo(c.unusableAtMillis);
        // never usable past the real expiration - minValidity
        assertThat(Instant.ofEpochMilli(c.unusableAtMillis)).isBeforeOrEqualTo(expiration.minusSeconds(minValiditySeconds));
        // trusted for at most maxCacheTime
        assertThat(c.mandatoryAtMillis - now).isLessThanOrEqualTo(Duration.ofMinutes(maxCacheMinutes).toMillis());
    }

    @Property(tries = 2000)
    void backoff_noUsableValue_neverBeyondFiveSeconds_configurationErrorNeverBelowOneSecond(
            @ForAll @IntRange(min = 1, max = 10_000) int failures, @ForAll boolean configuration,
            @ForAll long seed, @ForAll("anyNow") long now) {
        long d = RefreshWindows.backoffMillis(RefreshPolicy.defaults(), failures, now, CachedCredentials.EMPTY,
                new SplittableRandom(seed), configuration);
        assertThat(d).isBetween(configuration ? 1_000L : 1L, 5_000L);
    }

    @Property(tries = 1000)
    void saturating_addAndSubtract_matchExactArithmeticOrSaturate(@ForAll long a, @ForAll long b) {
        java.math.BigInteger max = java.math.BigInteger.valueOf(Long.MAX_VALUE);
        java.math.BigInteger min = java.math.BigInteger.valueOf(Long.MIN_VALUE);
        java.math.BigInteger sum = java.math.BigInteger.valueOf(a).add(java.math.BigInteger.valueOf(b));
        java.math.BigInteger diff = java.math.BigInteger.valueOf(a).subtract(java.math.BigInteger.valueOf(b));
        assertThat(RefreshWindows.add(a, b)).isEqualTo(sum.max(min).min(max).longValueExact());
        assertThat(RefreshWindows.subtract(a, b)).isEqualTo(diff.max(min).min(max).longValueExact());
    }
}
