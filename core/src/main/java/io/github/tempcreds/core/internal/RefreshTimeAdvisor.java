package io.github.tempcreds.core.internal;

import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Implemented by a {@link io.github.tempcreds.core.CredentialsLoader} that knows better than the refresh
 * policy when its source will have new credentials (IMDS: a set is rotated at least 5 minutes before it
 * expires, so asking again before that may return the same set). Internal: no compatibility promise.
 *
 * <p>The engine asks after every successful load and uses the answer only when it falls strictly between
 * the policy's refresh time and the value's mandatory point; otherwise the policy's refresh time stands.
 * So an advisor can only postpone the next refresh, never past the mandatory window, never brings one
 * forward, and never changes when a value becomes unusable.
 */
public interface RefreshTimeAdvisor {

    /**
     * When to refresh next after a load returned {@code loaded}, or {@code null} for the policy's time.
     *
     * @param loaded the credentials just loaded
     * @param held the credentials held before this load, or {@code null} when none
     * @param now the engine's clock reading after the load
     */
    Instant nextRefresh(AwsCredentials loaded, AwsCredentials held, Instant now);
}
