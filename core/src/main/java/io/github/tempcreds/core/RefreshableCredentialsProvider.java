package io.github.tempcreds.core;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A credentials provider that caches and refreshes temporary credentials: every tempcreds provider
 * implements it (most by delegating to a {@link RefreshingCredentialsProvider}).
 *
 * <p>Thread safety: implementations are thread-safe.
 */
public interface RefreshableCredentialsProvider extends AwsCredentialsProvider, SdkAutoCloseable {

    /**
     * Reports that a service rejected the credentials with this access key id (for example with
     * {@code ExpiredToken}). If they are still the cached ones, the next call waits for a refresh as in
     * the mandatory state (a backoff in force is respected while the old value is still usable);
     * otherwise this does nothing.
     *
     * @param accessKeyId the access key id of the rejected credentials; {@code null} does nothing
     */
    void invalidate(String accessKeyId);

    /** A snapshot of the provider's state for readiness probes. */
    CredentialsHealth health();

    /**
     * An SDK interceptor that calls {@link #invalidate(String)} when a service rejects this provider's
     * credentials as expired; add it to the client's override configuration.
     */
    default ExpiredCredentialsInterceptor expiredCredentialsInterceptor() {
        return ExpiredCredentialsInterceptor.create(this);
    }

    /** Stops every thread the provider started; idempotent. Later calls fail with a configuration error. */
    @Override
    void close();
}
