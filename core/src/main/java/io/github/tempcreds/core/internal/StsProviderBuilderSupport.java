package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.sts.StsProviderBuilder;
import java.net.URI;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The shared state and setters of {@link StsProviderBuilder} implementations: the STS client, region,
 * endpoint and insecure-endpoint permission, on top of {@link RefreshingProviderBuilderSupport}.
 *
 * <p>Internal: no compatibility promise; may change in any release. Provider builders extend it
 * ({@code BuilderImpl extends StsProviderBuilderSupport<Builder> implements Builder}); the getters are
 * public so the enclosing provider class can read them. The setters store what they are given (null
 * included); validation happens when the provider creates its STS clients.
 *
 * <p>Thread safety: not thread-safe, like every builder.
 *
 * @param <B> the provider's builder interface
 */
public abstract class StsProviderBuilderSupport<B extends StsProviderBuilder<B>>
        extends RefreshingProviderBuilderSupport<B> implements StsProviderBuilder<B> {
    private StsClient stsClient;
    private String region;
    private URI endpoint;
    private boolean allowInsecureEndpoint;

    /**
     * Fresh settings: no STS client, region or endpoint set, insecure endpoints refused.
     *
     * @param defaultSourceName the source name until one is set; may be null
     * @param defaultRefreshPolicy the refresh policy until one is set; may be null (then the provider chooses)
     */
    protected StsProviderBuilderSupport(String defaultSourceName, RefreshPolicy defaultRefreshPolicy) {
        super(defaultSourceName, defaultRefreshPolicy);
    }

    /** A copy of {@code other}'s shared settings. */
    protected StsProviderBuilderSupport(StsProviderBuilderSupport<B> other) {
        super(other);
        this.stsClient = other.stsClient;
        this.region = other.region;
        this.endpoint = other.endpoint;
        this.allowInsecureEndpoint = other.allowInsecureEndpoint;
    }

    @Override
    public B stsClient(StsClient stsClient) {
        this.stsClient = stsClient;
        return self();
    }

    @Override
    public B region(String region) {
        this.region = SafeText.requireNoControlCharacter("region", region);
        return self();
    }

    @Override
    public B endpoint(URI endpoint) {
        this.endpoint = endpoint;
        return self();
    }

    @Override
    public B allowInsecureEndpoint(boolean allow) {
        this.allowInsecureEndpoint = allow;
        return self();
    }

    /** The injected STS client, else null (the provider creates its own). */
    public final StsClient stsClient() {
        return stsClient;
    }

    /** The region set, else null (the environment's, else {@code us-east-1}). */
    public final String region() {
        return region;
    }

    /** The endpoint set, else null (the environment's, else the SDK's regional endpoint). */
    public final URI endpoint() {
        return endpoint;
    }

    /** Whether a plain-HTTP endpoint that is neither loopback nor link-local is allowed; {@code false} unless set. */
    public final boolean allowInsecureEndpoint() {
        return allowInsecureEndpoint;
    }
}
