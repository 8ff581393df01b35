package io.github.tempcreds.chain;

import io.github.tempcreds.chain.internal.ChainResolver;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.RefreshingProviderBuilder;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * The default chain, temporary credentials only: the first configured source of, in order, system
 * properties and environment variables (with a session token), web identity ({@code AWS_WEB_IDENTITY_TOKEN_FILE}
 * and {@code AWS_ROLE_ARN}), the profile ({@code AWS_PROFILE} or {@code default}: SSO, role chains,
 * {@code credential_process}), container credentials (ECS, EKS Pod Identity) and instance metadata (IMDS).
 *
 * <p>The source is chosen on the first load and remembered. A source that is not configured is skipped
 * (DEBUG log only); a configured source that fails is an error from that source, never a fall-through.
 * When nothing is configured, a {@link io.github.tempcreds.core.CredentialsNotFoundException} lists every
 * source and why it was skipped. Long-term keys (an {@code AKIA} key id or no session token) are refused
 * with a {@link io.github.tempcreds.core.CredentialsConfigurationException} naming where they were found,
 * unless {@link Builder#allowLongTermKeys(boolean)} is set (one WARN per process).
 *
 * <p>Behind the refresh engine: refresh-ahead, never expired, {@link #resolveIdentity} does not block, and
 * choosing the source (file reads, the IMDS probe) runs on the engine's thread, not the caller's.
 *
 * <p>Thread safety: thread-safe.
 */
public final class TemporaryCredentialsChain implements RefreshableCredentialsProvider {
    /** The engine's source name before a source is chosen. */
    public static final String SOURCE_NAME = "chain";

    private final BuilderImpl config;
    private final ChainResolver resolver;
    private final RefreshingCredentialsProvider engine;

    private TemporaryCredentialsChain(BuilderImpl b) {
        this.config = new BuilderImpl(b);
        TempcredsEnvironment env = b.environment != null ? b.environment : TempcredsEnvironment.system();
        RefreshPolicy policy = b.refreshPolicy != null ? b.refreshPolicy : RefreshPolicy.defaults();
        this.resolver = new ChainResolver(env, policy, b.profileName, b.allowLongTermKeys);
        RefreshingCredentialsProvider.Builder eb = RefreshingCredentialsProvider.builder().sourceName(SOURCE_NAME)
                .loader(resolver).environment(env).refreshPolicy(policy).backgroundRefresh(b.backgroundRefresh);
        b.listeners.forEach(eb::addListener);
        if (b.executor != null) {
            eb.executor(b.executor);
        }
        this.engine = eb.build();
    }

    /** The chain with every default: the system environment, the default refresh policy. */
    public static TemporaryCredentialsChain create() {
        return builder().build();
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder holding this chain's settings. */
    public Builder toBuilder() {
        return new BuilderImpl(config);
    }

    /** The chosen source, e.g. {@code profile:dev} or {@code container}; empty before the first load. */
    public Optional<String> chosenSource() {
        return resolver.chosenSource();
    }

    /** {@code chain(<source>)} once chosen, else {@code chain}. */
    public String sourceName() {
        return resolver.chosenSource().map(s -> SOURCE_NAME + "(" + s + ")").orElse(SOURCE_NAME);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return engine.resolveCredentials();
    }

    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        return engine.resolveIdentity(request);
    }

    @Override
    public void invalidate(String accessKeyId) {
        resolver.invalidate(accessKeyId);
        engine.invalidate(accessKeyId);
    }

    /** The engine's health, its source named after the chosen source ({@code chain(profile:dev)}). */
    @Override
    public CredentialsHealth health() {
        CredentialsHealth h = engine.health();
        CredentialsHealth.Builder b = CredentialsHealth.builder().source(sourceName()).state(h.state())
                .consecutiveFailures(h.consecutiveFailures()).refreshInFlight(h.refreshInFlight());
        h.expiration().ifPresent(b::expiration);
        h.lastRefresh().ifPresent(b::lastRefresh);
        h.nextAttempt().ifPresent(b::nextAttempt);
        if (h.lastErrorMessage().isPresent()) {
            resolver.lastError().ifPresent(b::lastError);
        }
        return b.build();
    }

    /**
     * Stops the engine's threads, drops the cached credentials and closes the chosen source's provider
     * (and the clients it created). Idempotent. The chain stays usable: a later call loads again from the
     * same source, so one chain can be shared by several SDK clients.
     */
    @Override
    public void close() {
        engine.close();
        resolver.close();
    }

    @Override
    public String toString() {
        return "TemporaryCredentialsChain(source=" + sourceName() + ", allowLongTermKeys=" + config.allowLongTermKeys
                + (config.profileName != null ? ", profile=" + config.profileName : "") + ")";
    }

    /** Builder of {@link TemporaryCredentialsChain}. Not thread-safe. */
    public interface Builder extends RefreshingProviderBuilder<Builder> {
        /** The profile to use instead of {@code AWS_PROFILE}/{@code default}; default none. */
        Builder profileName(String profileName);

        /**
         * Accept long-term keys (an {@code AKIA} key id, or keys without a session token) with one WARN per
         * process; default {@code false}: they are refused with a configuration error.
         */
        Builder allowLongTermKeys(boolean allow);

        /** The executor that runs loads; default the engine's own lazily started daemon threads. */
        Builder executor(Executor executor);

        /** Builds the chain; no I/O, no threads started. */
        TemporaryCredentialsChain build();
    }

    private static final class BuilderImpl implements Builder {
        private TempcredsEnvironment environment;
        private RefreshPolicy refreshPolicy;
        private final List<CredentialsListener> listeners = new ArrayList<>();
        private boolean backgroundRefresh;
        private Executor executor;
        private String profileName;
        private boolean allowLongTermKeys;

        BuilderImpl() {
        }

        BuilderImpl(BuilderImpl o) {
            environment = o.environment;
            refreshPolicy = o.refreshPolicy;
            listeners.addAll(o.listeners);
            backgroundRefresh = o.backgroundRefresh;
            executor = o.executor;
            profileName = o.profileName;
            allowLongTermKeys = o.allowLongTermKeys;
        }

        @Override
        public Builder refreshPolicy(RefreshPolicy refreshPolicy) {
            this.refreshPolicy = Objects.requireNonNull(refreshPolicy, "refreshPolicy");
            return this;
        }

        @Override
        public Builder environment(TempcredsEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        @Override
        public Builder addListener(CredentialsListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        @Override
        public Builder backgroundRefresh(boolean backgroundRefresh) {
            this.backgroundRefresh = backgroundRefresh;
            return this;
        }

        @Override
        public Builder profileName(String profileName) {
            Objects.requireNonNull(profileName, "profileName");
            if (profileName.isBlank()) {
                throw new IllegalArgumentException("profileName must not be blank");
            }
            this.profileName = profileName;
            return this;
        }

        @Override
        public Builder allowLongTermKeys(boolean allow) {
            this.allowLongTermKeys = allow;
            return this;
        }

        @Override
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        @Override
        public TemporaryCredentialsChain build() {
            return new TemporaryCredentialsChain(this);
        }
    }
}
