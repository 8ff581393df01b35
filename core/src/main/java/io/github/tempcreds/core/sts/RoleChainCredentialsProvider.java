package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.internal.StsProviderBuilderSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Credentials of a role assumed through a chain of one or more {@code AssumeRole} calls, starting
 * from source credentials: source → role 1 → role 2 → … .
 *
 * <p>Each hop is its own {@link RefreshingCredentialsProvider}: it caches its credentials and refreshes
 * them ahead of expiry, and its {@code AssumeRole} call is signed with the current credentials of the
 * hop before it (or of the source). A refresh therefore redoes only the hops that need it: refreshing
 * the last hop asks the previous hop for credentials, which it returns from its cache while they are
 * fresh and loads only when its own value needs it, and so on down the chain. The credentials this
 * provider returns are those of the last hop, with that hop's expiration; STS does not tie a role
 * session's lifetime to the caller's, so earlier hops expiring does not shorten it, and the earlier hops
 * are refreshed exactly when they are next needed. The chain as a whole stays usable as long as its
 * last hop is usable or every hop can be refreshed, so its effective lifetime is the minimum over its
 * hops of what can still be renewed.
 *
 * <p>Role chaining: AWS caps sessions of roles assumed from role-session credentials at one hour. A hop
 * after the first, or a first hop whose source gives session credentials (as IMDS, web identity and
 * other role chains do; see {@link Builder#sourceIsRoleSession(boolean)}), asking for more is clamped to
 * one hour with a single WARN, or refused when {@link Builder#strictDurations(boolean)} is set. It is
 * never sent to fail at STS.
 *
 * <p>Errors map to the tempcreds categories: {@code AccessDenied}, {@code MalformedPolicyDocument},
 * {@code PackedPolicyTooLarge}, {@code RegionDisabledException}, {@code ValidationError} are
 * configuration errors naming the role (and the caller when known); {@code Throttling}, 5xx and I/O
 * errors are retrieval errors, retried with backoff. On {@code ExpiredToken} the source is refreshed once
 * and the call retried.
 *
 * <p>Thread safety: thread-safe. {@link #close()} closes every hop and the STS clients this provider
 * created; never the source provider or an injected {@link StsClient}. The provider stays usable: a later
 * call loads again and creates the STS clients again, so one provider can be shared by several SDK
 * clients, each of which closes it.
 */
public final class RoleChainCredentialsProvider implements RefreshableCredentialsProvider {
    /** Default {@link #sourceName()}. */
    public static final String DEFAULT_SOURCE_NAME = "role-chain";
    /** Load timeout for hops with MFA when no refresh policy is set: a person types the code. */
    public static final Duration MFA_LOAD_TIMEOUT = Duration.ofMinutes(5);

    private final BuilderImpl config;
    private final List<RefreshingCredentialsProvider> hopProviders;
    private final RefreshingCredentialsProvider last;
    private final StsClients clients;
    private final String sessionName;

    private RoleChainCredentialsProvider(BuilderImpl b) {
        this.config = new BuilderImpl(b);
        this.sessionName = b.defaultSessionName != null ? b.defaultSessionName
                : "tempcreds-" + b.environment().clock().millis();
        this.clients = StsClients.of(b);
        List<RefreshingCredentialsProvider> providers = new ArrayList<>();
        AwsCredentialsProvider source = b.source;
        String sourceDescription = "the source " + describe(b.source);
        AssumeRoleLoader previous = null;
        for (int i = 0; i < b.hops.size(); i++) {
            RoleHop hop = b.hops.get(i);
            String name = b.sourceName() + "[" + (i + 1) + "/" + b.hops.size() + "]";
            AssumeRoleLoader loader = new AssumeRoleLoader(name, i, hop, hop.roleSessionName().orElse(sessionName),
                    source, sourceDescription, previous, b.sourceIsRoleSession, b.strictDurations, clients,
                    b.environment());
            RefreshingCredentialsProvider.Builder pb = RefreshingCredentialsProvider.builder()
                    .sourceName(name)
                    .loader(loader)
                    .refreshPolicy(policyFor(hop, b.refreshPolicy()))
                    .environment(b.environment())
                    .backgroundRefresh(b.backgroundRefresh() && i == b.hops.size() - 1);
            b.listeners().forEach(pb::addListener);
            RefreshingCredentialsProvider p = pb.build();
            providers.add(p);
            source = p;
            sourceDescription = "hop " + (i + 1) + " (" + hop.roleArn() + ")";
            previous = loader;
        }
        this.hopProviders = Collections.unmodifiableList(providers);
        this.last = providers.get(providers.size() - 1);
    }

    private static RefreshPolicy policyFor(RoleHop hop, RefreshPolicy configured) {
        if (configured != null) {
            return configured;
        }
        return hop.mfaSerial().isPresent() ? RefreshPolicy.builder().loadTimeout(MFA_LOAD_TIMEOUT).build()
                : RefreshPolicy.defaults();
    }

    private static String describe(AwsCredentialsProvider p) {
        return p instanceof RoleChainCredentialsProvider || p instanceof WebIdentityCredentialsProvider
                ? p.toString() : p.getClass().getSimpleName();
    }

    /** A builder; {@link Builder#source} and at least one hop are required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder holding this provider's settings; the built provider shares the source, not the hops. */
    public Builder toBuilder() {
        return new BuilderImpl(config);
    }

    /** The credentials of the last hop; never expired. */
    @Override
    public AwsCredentials resolveCredentials() {
        return last.resolveCredentials();
    }

    /** The credentials of the last hop, without blocking the calling thread. */
    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        return last.resolveIdentity(request);
    }

    /** Reports credentials of the last hop as rejected; see {@link RefreshableCredentialsProvider}. */
    @Override
    public void invalidate(String accessKeyId) {
        last.invalidate(accessKeyId);
    }

    /** The health of the last hop: the credentials this provider hands out. */
    @Override
    public CredentialsHealth health() {
        return last.health();
    }

    /** The health of every hop, first to last. */
    public List<CredentialsHealth> hopHealth() {
        List<CredentialsHealth> h = new ArrayList<>();
        hopProviders.forEach(p -> h.add(p.health()));
        return h;
    }

    /** The hops, first to last. */
    public List<RoleHop> hops() {
        return config.hops;
    }

    /** The session name of hops that set none. */
    public String defaultRoleSessionName() {
        return sessionName;
    }

    /** The source name, shown in errors, health and logs; hop providers add {@code [n/N]}. */
    public String sourceName() {
        return config.sourceName();
    }

    @Override
    public void close() {
        for (int i = hopProviders.size() - 1; i >= 0; i--) {
            hopProviders.get(i).close();
        }
        clients.close();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RoleChainCredentialsProvider(").append(config.sourceName())
                .append(", source=").append(describe(config.source)).append(", hops=[");
        for (int i = 0; i < config.hops.size(); i++) {
            sb.append(i == 0 ? "" : " -> ").append(config.hops.get(i).roleArn());
        }
        sb.append("]");
        if (config.strictDurations) {
            sb.append(", strictDurations");
        }
        return sb.append(')').toString();
    }

    /** Builder of a {@link RoleChainCredentialsProvider}. Not thread-safe. */
    public interface Builder extends StsProviderBuilder<Builder> {
        /** The credentials the first hop is assumed with. Required. Never closed by the provider. */
        Builder source(AwsCredentialsProvider source);

        /** Adds a hop at the end of the chain. At least one is required. */
        Builder addHop(RoleHop hop);

        /** Adds a hop with default settings that assumes {@code roleArn}. */
        Builder addHop(String roleArn);

        /** Replaces the hops. */
        Builder hops(List<RoleHop> hops);

        /**
         * The session name of hops that set none; default {@code tempcreds-<epoch millis>} at build
         * time, stable for the provider's life (so CloudTrail shows one session name across refreshes).
         */
        Builder defaultRoleSessionName(String roleSessionName);

        /**
         * Refuse (instead of clamp to one hour) a chained hop that asks for more than one hour; default
         * {@code false}: clamp with a single WARN.
         */
        Builder strictDurations(boolean strict);

        /**
         * Whether the source gives role-session credentials, which makes the first hop role chaining.
         * Default: decided per load, {@code true} when the source's credentials carry a session token
         * (IMDS, web identity, SSO, another chain), since clamping a session that was not chained only
         * shortens it, while not clamping a chained one fails at STS. Set {@code false} for session
         * credentials from {@code GetSessionToken}.
         */
        Builder sourceIsRoleSession(boolean roleSession);

        /**
         * The refresh policy of every hop; default {@link RefreshPolicy#defaults()}, except that hops with
         * MFA get a load timeout of {@link #MFA_LOAD_TIMEOUT} so a person can type the code.
         */
        @Override
        Builder refreshPolicy(RefreshPolicy refreshPolicy);

        /** Adds a listener to every hop (their source names differ: {@code role-chain[2/3]}). */
        @Override
        Builder addListener(CredentialsListener listener);

        /**
         * Whether the last hop refreshes on a timer with no traffic; default {@code false}. Earlier hops
         * refresh when the last one needs them.
         */
        @Override
        Builder backgroundRefresh(boolean backgroundRefresh);

        /** The source name shown in errors, health and logs; default {@value #DEFAULT_SOURCE_NAME}. */
        Builder sourceName(String sourceName);

        /**
         * Builds the provider. No I/O, no thread started, no STS client created.
         *
         * @throws CredentialsConfigurationException when the source or hops are missing, a chained hop
         *         asks for more than one hour with strict durations, or the endpoint is insecure
         */
        RoleChainCredentialsProvider build();
    }

    private static final class BuilderImpl extends StsProviderBuilderSupport<Builder> implements Builder {
        private AwsCredentialsProvider source;
        private List<RoleHop> hops = new ArrayList<>();
        private String defaultSessionName;
        private boolean strictDurations;
        private Boolean sourceIsRoleSession;

        BuilderImpl() {
            super(DEFAULT_SOURCE_NAME, null);
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            source = o.source;
            hops = new ArrayList<>(o.hops);
            defaultSessionName = o.defaultSessionName;
            strictDurations = o.strictDurations;
            sourceIsRoleSession = o.sourceIsRoleSession;
        }

        @Override
        public Builder source(AwsCredentialsProvider source) {
            this.source = source;
            return this;
        }

        @Override
        public Builder addHop(RoleHop hop) {
            hops.add(Objects.requireNonNull(hop, "hop"));
            return this;
        }

        @Override
        public Builder addHop(String roleArn) {
            return addHop(RoleHop.of(roleArn));
        }

        @Override
        public Builder hops(List<RoleHop> hops) {
            this.hops = new ArrayList<>(hops);
            return this;
        }

        @Override
        public Builder defaultRoleSessionName(String roleSessionName) {
            this.defaultSessionName = roleSessionName;
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
        public RoleChainCredentialsProvider build() {
            if (source == null) {
                throw CredentialsConfigurationException.of("source is required: the credentials the first "
                        + "hop is assumed with");
            }
            if (hops.isEmpty()) {
                throw CredentialsConfigurationException.of("at least one hop (role ARN) is required");
            }
            if (defaultSessionName != null) {
                StsValidation.sessionName("defaultRoleSessionName", defaultSessionName);
            }
            boolean firstChained = Boolean.TRUE.equals(sourceIsRoleSession)
                    || source instanceof RoleChainCredentialsProvider || source instanceof WebIdentityCredentialsProvider;
            if (firstChained && sourceIsRoleSession == null) {
                sourceIsRoleSession = Boolean.TRUE;
            }
            if (strictDurations) {
                for (int i = 0; i < hops.size(); i++) {
                    Duration d = hops.get(i).duration().orElse(null);
                    if ((i > 0 || firstChained) && d != null && d.compareTo(StsValidation.CHAINING_CAP) > 0) {
                        throw CredentialsConfigurationException.of(String.format(AssumeRoleLoader.REFUSED,
                                hops.get(i).roleArn(), i > 0 ? "hop " + (i + 1) + " of the chain"
                                        : "its source gives role sessions", d));
                    }
                }
            }
            return new RoleChainCredentialsProvider(this);
        }
    }
}
