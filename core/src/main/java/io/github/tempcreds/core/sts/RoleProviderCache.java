package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.KeyedCredentialsProviders;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.internal.StsProviderBuilderSupport;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A bounded cache of role providers for services that assume a role per tenant: ask for a role (an ARN,
 * or a {@link RoleHop} with its options), get a provider that refreshes ahead on its own.
 *
 * <p>Every entry is a one-hop {@link RoleChainCredentialsProvider} from the cache's source credentials,
 * keyed by the {@link RoleHop} (value equality: the same ARN with other options is another entry). Entries
 * idle for {@link Builder#expireAfterAccess(Duration)} or beyond {@link Builder#maximumSize(long)} are
 * evicted and closed. {@link #get} returns a stable handle: an SDK client built with it keeps working
 * after the entry was evicted (the next call creates it again).
 *
 * <p>All entries share one STS client (the injected one, or one the cache creates and closes).
 *
 * <p>Thread safety: thread-safe. Built on the engine's {@link KeyedCredentialsProviders}.
 */
public final class RoleProviderCache implements SdkAutoCloseable {
    /** Default {@link Builder#sourceName(String)}. */
    public static final String DEFAULT_SOURCE_NAME = "role-cache";

    private final BuilderImpl config;
    private final StsClients clients;
    private final KeyedCredentialsProviders<RoleHop> cache;

    private RoleProviderCache(BuilderImpl b) {
        this.config = b;
        this.clients = StsClients.of(b);
        KeyedCredentialsProviders.Builder<RoleHop> kb = KeyedCredentialsProviders.builder(this::create)
                .environment(b.environment());
        if (b.maximumSize != null) {
            kb.maximumSize(b.maximumSize);
        }
        if (b.expireAfterAccess != null) {
            kb.expireAfterAccess(b.expireAfterAccess);
        }
        if (b.executor() != null) {
            kb.executor(b.executor());
        }
        this.cache = kb.build();
    }

    /** A builder; {@link Builder#source(AwsCredentialsProvider)} is required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * The provider of a role with default options.
     *
     * @throws CredentialsConfigurationException when the ARN is not valid
     */
    public RefreshableCredentialsProvider get(String roleArn) {
        return get(RoleHop.of(roleArn));
    }

    /** The provider of a role with the hop's options; created on first use, no I/O until resolved. */
    public RefreshableCredentialsProvider get(RoleHop hop) {
        return cache.get(Objects.requireNonNull(hop, "hop"));
    }

    /** Removes and closes the provider of a role with default options, if cached. */
    public void invalidate(String roleArn) {
        invalidate(RoleHop.of(roleArn));
    }

    /** Removes and closes the provider of a hop, if cached. */
    public void invalidate(RoleHop hop) {
        cache.invalidate(hop);
    }

    /** The approximate number of cached providers. */
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    /** Closes every cached provider and the STS client the cache created; never the source. */
    @Override
    public void close() {
        cache.close();
        clients.closeForGood();
    }

    @Override
    public String toString() {
        return "RoleProviderCache(" + config.sourceName() + ", " + cache.estimatedSize() + " roles)";
    }

    private AwsCredentialsProvider create(RoleHop hop) {
        RoleChainCredentialsProvider.Builder b = RoleChainCredentialsProvider.builder()
                .source(config.source)
                .addHop(hop)
                .sourceName(config.sourceName() + "(" + hop.roleArn() + ")")
                .environment(config.environment())
                .strictDurations(config.strictDurations)
                .allowInsecureEndpoint(config.allowInsecureEndpoint())
                .backgroundRefresh(config.backgroundRefresh())
                .stsClient(clients.client(null, null));
        if (config.sourceIsRoleSession != null) {
            b.sourceIsRoleSession(config.sourceIsRoleSession);
        }
        if (config.defaultRoleSessionName != null) {
            b.defaultRoleSessionName(config.defaultRoleSessionName);
        }
        if (config.refreshPolicy() != null) {
            b.refreshPolicy(config.refreshPolicy());
        }
        config.listeners().forEach(b::addListener);
        return b.build();
    }

    /** Builder of a {@link RoleProviderCache}. Not thread-safe. */
    public interface Builder extends StsProviderBuilder<Builder> {
        /** The credentials every role is assumed with. Required. Never closed by the cache. */
        Builder source(AwsCredentialsProvider source);

        /** The STS client of every entry; default one created (and closed) by the cache. */
        @Override
        Builder stsClient(StsClient stsClient);

        /** The most roles cached; default {@link KeyedCredentialsProviders#DEFAULT_MAXIMUM_SIZE}. */
        Builder maximumSize(long maximumSize);

        /** How long an unused role stays cached; default {@link KeyedCredentialsProviders#DEFAULT_EXPIRE_AFTER_ACCESS}. */
        Builder expireAfterAccess(Duration expireAfterAccess);

        /**
         * Where the loads of every role run; default the cache's own bounded pool
         * ({@link KeyedCredentialsProviders#DEFAULT_REFRESH_THREADS} daemon threads shared by all roles,
         * started lazily, stopped by {@link #close()}). Never shut down by the cache.
         */
        Builder executor(java.util.concurrent.Executor executor);

        /** Refuse hops over one hour when chaining instead of clamping; default {@code false}. */
        Builder strictDurations(boolean strict);

        /** See {@link RoleChainCredentialsProvider.Builder#sourceIsRoleSession(boolean)}; default decided per load. */
        Builder sourceIsRoleSession(boolean roleSession);

        /** The session name of hops that set none; default {@code tempcreds-<epoch millis>} per entry. */
        Builder defaultRoleSessionName(String roleSessionName);

        /** The source name prefix; default {@value #DEFAULT_SOURCE_NAME}. */
        Builder sourceName(String sourceName);

        /**
         * Builds the cache. No I/O, no thread started.
         *
         * @throws CredentialsConfigurationException when the source is missing or the endpoint is insecure
         */
        RoleProviderCache build();
    }

    private static final class BuilderImpl extends StsProviderBuilderSupport<Builder> implements Builder {
        private AwsCredentialsProvider source;
        private Long maximumSize;
        private Duration expireAfterAccess;
        private boolean strictDurations;
        private Boolean sourceIsRoleSession;
        private String defaultRoleSessionName;

        BuilderImpl() {
            super(DEFAULT_SOURCE_NAME, null);
        }

        @Override
        public Builder source(AwsCredentialsProvider source) {
            this.source = source;
            return this;
        }

        @Override
        public Builder maximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
            return this;
        }

        @Override
        public Builder expireAfterAccess(Duration expireAfterAccess) {
            this.expireAfterAccess = expireAfterAccess;
            return this;
        }

        @Override
        public Builder strictDurations(boolean strict) {
            this.strictDurations = strict;
            return this;
        }

        @Override
        public Builder sourceIsRoleSession(boolean roleSession) {
            this.sourceIsRoleSession = roleSession;
            return this;
        }

        @Override
        public Builder defaultRoleSessionName(String roleSessionName) {
            this.defaultRoleSessionName = roleSessionName;
            return this;
        }

        @Override
        public RoleProviderCache build() {
            if (source == null) {
                throw CredentialsConfigurationException.of("source is required: the credentials every role is "
                        + "assumed with");
            }
            if (defaultRoleSessionName != null) {
                StsValidation.sessionName("defaultRoleSessionName", defaultRoleSessionName);
            }
            return new RoleProviderCache(this);
        }
    }
}
