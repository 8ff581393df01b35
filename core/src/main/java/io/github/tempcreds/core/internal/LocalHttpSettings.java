package io.github.tempcreds.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the HTTP settings shared by the providers that talk to a local metadata endpoint (IMDS,
 * the container credentials endpoint): each builder validates with these, so the two cannot drift.
 * Internal: no compatibility promise.
 */
public final class LocalHttpSettings {
    private LocalHttpSettings() {
    }

    /** A connect or read timeout: 1 ms to 1 min. */
    public static Duration timeout(String name, Duration value) {
        return between(name, value, Duration.ofMillis(1), Duration.ofMinutes(1));
    }

    /** Retries after the first attempt: 0 to 10. */
    public static int maxRetries(int maxRetries) {
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be 0..10, was " + maxRetries);
        }
        return maxRetries;
    }

    /** The first retry's delay: 1 ms to 2 s. */
    public static Duration retryBackoff(Duration value) {
        return between("retryBackoff", value, Duration.ofMillis(1), Duration.ofSeconds(2));
    }

    /** {@code value}, not null and within {@code min..max}, or an {@link IllegalArgumentException} naming it. */
    public static Duration between(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", was " + value);
        }
        return value;
    }
}
