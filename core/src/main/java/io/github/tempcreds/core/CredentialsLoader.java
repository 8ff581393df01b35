package io.github.tempcreds.core;

import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The service-provider interface a credential source implements: fetch fresh credentials.
 *
 * <p>The refresh engine ({@code RefreshingCredentialsProvider}) calls {@link #load()} from at most one
 * thread at a time per cached value, and does everything else: caching, refresh-ahead, single flight,
 * backoff, the never-expired check, events and health.
 *
 * <p>Thread safety: an implementation need not be thread-safe for concurrent {@code load()} calls on
 * one provider, but must tolerate being called from different threads over time.
 *
 * <p>Errors: throw a {@link CredentialsException} of the right category. Any other runtime exception
 * is treated as a {@link CredentialsRetrievalException} whose cause it becomes.
 */
@FunctionalInterface
public interface CredentialsLoader {

    /**
     * Loads fresh credentials.
     *
     * <p>Temporary credentials must carry their expiration, as
     * {@link software.amazon.awssdk.auth.credentials.AwsSessionCredentials#expirationTime()}.
     * Credentials without an expiration are treated as never expiring.
     *
     * @return the credentials, never {@code null}
     * @throws CredentialsException when the source failed; the category says whether to retry
     */
    AwsCredentials load();
}
