package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.RefreshingProviderBuilder;
import java.net.URI;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The settings every builder of a provider that calls STS shares: which STS client it calls, or the
 * region and endpoint of the clients it creates.
 *
 * <p>A created client is closed with the provider; an injected one never is, and its own credentials
 * provider is not used: each request carries the credentials it is signed with (none for
 * {@code AssumeRoleWithWebIdentity}). A plain-HTTP endpoint that is neither loopback nor link-local is
 * refused at {@code build()} unless {@link #allowInsecureEndpoint(boolean)} is set. Each provider's
 * {@code Builder} extends this interface with itself as {@code B}, so the setters chain with the
 * provider's own.
 *
 * <p>Thread safety: builders are not thread-safe.
 *
 * @param <B> the provider's builder type, returned by every setter
 */
public interface StsProviderBuilder<B extends StsProviderBuilder<B>> extends RefreshingProviderBuilder<B> {
    /**
     * The STS client; default one created (and closed) by the provider from {@link #region} and
     * {@link #endpoint}. An injected client is never closed and its credentials are not used. In a role
     * chain, the client of every hop without a region/endpoint of its own.
     */
    B stsClient(StsClient stsClient);

    /**
     * The STS region of created clients; default {@code aws.region}/{@code AWS_REGION}/
     * {@code AWS_DEFAULT_REGION} from the environment, else {@code us-east-1}.
     */
    B region(String region);

    /**
     * The STS endpoint of created clients; default {@code AWS_ENDPOINT_URL_STS} or
     * {@code AWS_ENDPOINT_URL} from the environment, else the SDK's regional endpoint.
     */
    B endpoint(URI endpoint);

    /** Allows a plain-HTTP endpoint that is neither loopback nor link-local; default {@code false}. */
    B allowInsecureEndpoint(boolean allow);
}
