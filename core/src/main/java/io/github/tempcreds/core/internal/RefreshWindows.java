package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Computes the state boundaries of a freshly loaded value from a {@link RefreshPolicy}.
 *
 * <p>With {@code T = min(expiration, now + maxCacheTime)} (the trusted expiration) and
 * {@code U = T - minValidity - now} (the usable life the windows are computed over):
 * <ul>
 *   <li>{@code unusableAt = expiration - minValidity} (the real expiration, never the trusted one);</li>
 *   <li>{@code mandatoryAt = max(T - mandatoryWindow, now + U/2)};</li>
 *   <li>{@code refreshAt = min(mandatoryAt, max(T - advisory * (1 + jitter * r), now + U/10))};
 *       with spreading (the first value of a provider), a uniform point between {@code now + U/10} and
 *       that.</li>
 * </ul>
 * (each floor at least one millisecond). So a short-lived value stays fresh for at least a tenth of its
 * usable life and callers never wait during its first half, whatever the configured windows.
 *
 * <p>All arithmetic saturates: an expiration that cannot be represented in epoch milliseconds, or any
 * clock reading, never wraps around. An expiration at or before {@code now + minValidity} (including
 * {@link Instant#MIN}) is an unusable value ({@code null}).
 */
final class RefreshWindows {
    /** With no usable value held, retries never space out beyond this. */
    static final long NO_VALUE_MAX_BACKOFF_MILLIS = 5_000;
    /** Configuration errors are retried at most this often. */
    static final long CONFIGURATION_MIN_BACKOFF_MILLIS = 1_000;

    private RefreshWindows() {
    }

    /**
     * The cached value for freshly loaded credentials, or {@code null} when they are already unusable
     * (less than {@code minValidity} left at {@code nowMillis}, or an expiration too far in the past to
     * be represented).
     */
    static CachedCredentials compute(RefreshPolicy policy, AwsCredentials credentials, long nowMillis,
                                     RandomGenerator random) {
        return compute(policy, credentials, nowMillis, random, false);
    }

    static CachedCredentials compute(RefreshPolicy policy, AwsCredentials credentials, long nowMillis,
                                     RandomGenerator random, boolean spread) {
        Instant expiration = credentials.expirationTime().orElse(null);
        Instant loadedAt = Instant.ofEpochMilli(nowMillis);
        if (expiration == null) {
            return new CachedCredentials(credentials, null, loadedAt, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        }
        long expMillis = toMillis(expiration);
        long minValidity = millis(policy.minValidity());
        long unusableAt = subtract(expMillis, minValidity);
        if (expMillis == Long.MIN_VALUE || unusableAt <= nowMillis) {
            return null;
        }
        long trusted = Math.min(expMillis, add(nowMillis, millis(policy.maxCacheTime())));
        // maxCacheTime > mandatoryWindow > minValidity (validated), so trustedUnusable > now
        long trustedUnusable = Math.max(nowMillis + 1, Math.min(unusableAt, subtract(trusted, minValidity)));
        long usable = subtract(trustedUnusable, nowMillis);
        long mandatoryAt = Math.max(subtract(trusted, millis(policy.mandatoryWindow())), add(nowMillis, Math.max(1, usable / 2)));
        mandatoryAt = Math.min(mandatoryAt, unusableAt);
        long advisory = millis(policy.advisoryWindowFor(Duration.ofMillis(Math.max(0, subtract(trusted, nowMillis)))));
        double jitter = policy.advisoryJitter() > 0 ? policy.advisoryJitter() * random.nextDouble() : 0;
        long jittered = add(advisory, (long) (advisory * jitter));
        long floor = add(nowMillis, Math.max(1, usable / 10));
        long refreshAt = Math.min(mandatoryAt, Math.max(subtract(trusted, jittered), floor));
        if (spread && refreshAt > floor) {
            refreshAt = add(floor, (long) (subtract(refreshAt, floor) * random.nextDouble()));
        }
        return new CachedCredentials(credentials, expiration, loadedAt, refreshAt, mandatoryAt, unusableAt);
    }

    /**
     * The value with its refresh time postponed to {@code advice} (a {@link RefreshTimeAdvisor}'s answer)
     * when that lies strictly between the computed refresh time and the value's mandatory point; otherwise
     * the value as computed. Advice never brings a refresh forward, and the mandatory and unusable points
     * never change, so the invariant {@code refreshAt <= mandatoryAt <= unusableAt} and the never-expired
     * promise hold whatever the advice.
     */
    static CachedCredentials advised(CachedCredentials c, Instant advice, long nowMillis) {
        if (advice == null || isBeyondMillis(advice)) {
            return c;
        }
        long at = toMillis(advice);
        if (at <= Math.max(nowMillis, c.refreshAtMillis) || at >= c.mandatoryAtMillis) {
            return c;
        }
        return new CachedCredentials(c.credentials, c.expiration, c.loadedAt, at, c.mandatoryAtMillis, c.unusableAtMillis);
    }

    /**
     * Exponential backoff with jitter in {@code [d/2, d]}; while the value is usable, cut to at most half
     * the time left before it becomes unusable, so an attempt always lands before that. With no usable
     * value, never longer than {@value #NO_VALUE_MAX_BACKOFF_MILLIS} ms (a recovered source is used soon);
     * after a configuration error, never shorter than {@value #CONFIGURATION_MIN_BACKOFF_MILLIS} ms (or
     * maxBackoff if shorter). At least 1 ms, so a failing source is never retried in a tight loop.
     */
    static long backoffMillis(RefreshPolicy policy, int failures, long now, CachedCredentials c, RandomGenerator random,
                              boolean configurationError) {
        long initial = millis(policy.initialBackoff());
        long max = millis(policy.maxBackoff());
        int shift = Math.min(Math.max(0, failures - 1), 20);
        long base = initial > (max >> shift) ? max : Math.min(max, initial << shift);
        long delay = base / 2 + (long) ((base - base / 2) * random.nextDouble());
        if (configurationError) {
            delay = Math.max(delay, Math.min(CONFIGURATION_MIN_BACKOFF_MILLIS, max));
        }
        if (c.hasValue() && now < c.unusableAtMillis) {
            delay = Math.min(delay, subtract(c.unusableAtMillis, now) / 2);
        } else {
            delay = Math.min(delay, NO_VALUE_MAX_BACKOFF_MILLIS);
        }
        return Math.max(1, delay);
    }

    /** Epoch milliseconds, saturating at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}; null is "never". */
    static long toMillis(Instant instant) {
        if (instant == null) {
            return Long.MAX_VALUE;
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** Whether the instant lies outside what epoch milliseconds can represent. */
    static boolean isBeyondMillis(Instant instant) {
        return instant.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE)) || instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE));
    }

    /** A duration in milliseconds, saturating at {@link Long#MAX_VALUE} (and at zero when negative). */
    static long millis(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code a + b}, saturating. */
    static long add(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a - b}, saturating. */
    static long subtract(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
