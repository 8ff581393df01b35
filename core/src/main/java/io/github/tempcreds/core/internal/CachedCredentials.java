package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsHealth;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * One immutable cached value with its precomputed state boundaries (epoch milliseconds by the
 * provider's clock). Safely published through the engine's volatile field.
 *
 * <p>Invariant: {@code refreshAtMillis <= mandatoryAtMillis <= unusableAtMillis}.
 */
public final class CachedCredentials {
    /** No value: every boundary is in the past, so every call takes the slow path. */
    static final CachedCredentials EMPTY =
            new CachedCredentials(null, null, null, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

    final AwsCredentials credentials;
    final Instant expiration;
    final Instant loadedAt;
    final long refreshAtMillis;
    final long mandatoryAtMillis;
    final long unusableAtMillis;

    CachedCredentials(AwsCredentials credentials, Instant expiration, Instant loadedAt,
                      long refreshAtMillis, long mandatoryAtMillis, long unusableAtMillis) {
        this.credentials = credentials;
        this.expiration = expiration;
        this.loadedAt = loadedAt;
        this.refreshAtMillis = refreshAtMillis;
        this.mandatoryAtMillis = mandatoryAtMillis;
        this.unusableAtMillis = unusableAtMillis;
    }

    /** The same value, due for a mandatory refresh now (after a service rejected it). */
    CachedCredentials invalidated() {
        return new CachedCredentials(credentials, expiration, loadedAt, Long.MIN_VALUE, Long.MIN_VALUE, unusableAtMillis);
    }

    boolean isInvalidated() {
        return credentials != null && mandatoryAtMillis == Long.MIN_VALUE;
    }

    boolean hasValue() {
        return credentials != null;
    }

    /** The credentials; {@code null} for the empty value. */
    public AwsCredentials credentials() {
        return credentials;
    }

    /** The expiration, or {@code null} when the credentials do not expire. */
    public Instant expiration() {
        return expiration;
    }

    /** When the value becomes unusable, or {@code null} when it never does. */
    Instant unusableAt() {
        return unusableAtMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(unusableAtMillis);
    }

    /** The state at {@code now}, for health and logs. */
    CredentialsHealth.State state(long now) {
        if (credentials == null) {
            return CredentialsHealth.State.NOT_LOADED;
        }
        if (now < refreshAtMillis) {
            return CredentialsHealth.State.FRESH;
        }
        if (now < mandatoryAtMillis) {
            return CredentialsHealth.State.ADVISORY;
        }
        return now < unusableAtMillis ? CredentialsHealth.State.MANDATORY : CredentialsHealth.State.UNUSABLE;
    }

    @Override
    public String toString() {
        return credentials == null ? "CachedCredentials(empty)"
                : "CachedCredentials(expiration=" + expiration + ", refreshAt=" + Instant.ofEpochMilli(refreshAtMillis)
                + ", mandatoryAt=" + Instant.ofEpochMilli(mandatoryAtMillis) + ")";
    }
}
