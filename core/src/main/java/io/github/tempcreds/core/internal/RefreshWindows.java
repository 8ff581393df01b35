package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Computes the state boundaries of a freshly loaded value from a {@link RefreshPolicy}.
 *
 * <p>With {@code U = expiration - minValidity - now} (the usable life left):
 * <ul>
 *   <li>{@code unusableAt = expiration - minValidity};</li>
 *   <li>{@code mandatoryAt = max(expiration - mandatoryWindow, now + U/2)};</li>
 *   <li>{@code refreshAt = min(mandatoryAt, max(expiration - advisory * (1 + jitter * r), now + U/10))}.</li>
 * </ul>
 * (each floor at least one millisecond). So a short-lived value stays fresh for at least a tenth of its usable life and callers never wait
 * during its first half, whatever the configured windows.
 */
final class RefreshWindows {
    private RefreshWindows() {
    }

    /**
     * The cached value for freshly loaded credentials, or {@code null} when they are already unusable
     * (less than {@code minValidity} left at {@code nowMillis}).
     */
    static CachedCredentials compute(RefreshPolicy policy, AwsCredentials credentials, long nowMillis,
                                     RandomGenerator random) {
        Instant expiration = credentials.expirationTime().orElse(null);
        Instant loadedAt = Instant.ofEpochMilli(nowMillis);
        long expMillis = toMillis(expiration);
        if (expMillis == Long.MAX_VALUE) {
            return new CachedCredentials(credentials, expiration, loadedAt, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        }
        long unusableAt = expMillis - policy.minValidity().toMillis();
        if (unusableAt <= nowMillis) {
            return null;
        }
        long usable = unusableAt - nowMillis;
        // usable >= 1, so both floors are at least one millisecond ahead: a value is never due at load time
        long mandatoryAt = Math.max(expMillis - policy.mandatoryWindow().toMillis(), nowMillis + Math.max(1, usable / 2));
        long advisory = policy.advisoryWindowFor(Duration.ofMillis(expMillis - nowMillis)).toMillis();
        double jitter = policy.advisoryJitter() > 0 ? policy.advisoryJitter() * random.nextDouble() : 0;
        long jittered = advisory + (long) (advisory * jitter);
        long refreshAt = Math.min(mandatoryAt, Math.max(expMillis - jittered, nowMillis + Math.max(1, usable / 10)));
        return new CachedCredentials(credentials, expiration, loadedAt, refreshAt, mandatoryAt, unusableAt);
    }

    /**
     * Exponential backoff with jitter in {@code [d/2, d]}; while the value is usable, cut to at most half
     * the time left before it becomes unusable, so an attempt always lands before that. At least 1 ms,
     * so a failing source is never retried in a tight loop.
     */
    static long backoffMillis(RefreshPolicy policy, int failures, long now, CachedCredentials c, RandomGenerator random) {
        long initial = policy.initialBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        long base = Math.min(max, initial << Math.min(failures - 1, 20));
        long delay = base / 2 + (long) ((base - base / 2) * random.nextDouble());
        if (c.hasValue() && now < c.unusableAtMillis) {
            delay = Math.min(delay, (c.unusableAtMillis - now) / 2);
        }
        return Math.max(1, delay);
    }

    /** Epoch milliseconds, saturating at {@link Long#MAX_VALUE} for "never" and far-future values. */
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
}
