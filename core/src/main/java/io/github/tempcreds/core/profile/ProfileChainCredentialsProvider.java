package io.github.tempcreds.core.profile;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.StsProviderBuilderSupport;
import io.github.tempcreds.core.sts.StsProviderBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * Credentials of a named profile of the AWS config and credentials files, resolved into a chain the way
 * the AWS CLI v2 resolves it: {@code role_arn} with {@code source_profile} or {@code credential_source}
 * ({@code Environment}, {@code Ec2InstanceMetadata}, {@code EcsContainer}), {@code web_identity_token_file},
 * {@code external_id}, {@code mfa_serial}, {@code role_session_name}, {@code duration_seconds}; at the root
 * static keys, {@code sso_session}/{@code sso_*} (module {@code tempcreds-sso}), instance metadata (module
 * {@code tempcreds-imds}) or {@code credential_process}. Sources in other modules are found with
 * {@link java.util.ServiceLoader} ({@link ProfileCredentialsSource}).
 *
 * <p>Files: {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE} (system properties
 * {@code aws.configFile}, {@code aws.sharedCredentialsFile}), else {@code ~/.aws/config} and
 * {@code ~/.aws/credentials} under the environment's home directory. Profile: the builder's, else
 * {@code AWS_PROFILE} ({@code aws.profile}), else {@code default}. The files are read on the first call
 * (not at build time) and the chain is built once; a failed resolution is retried on the next call, so a
 * corrected file is picked up.
 *
 * <p>Errors: an unknown profile (named explicitly), a cycle in {@code source_profile} (spelled out as
 * {@code a -> b -> c -> a}), a missing key, both {@code source_profile} and {@code credential_source},
 * {@code mfa_serial} without a token-code supplier, a source module missing from the class path: each a
 * {@link CredentialsConfigurationException} naming the file, profile and key. An absent or empty
 * {@code default} profile is a {@link io.github.tempcreds.core.CredentialsNotFoundException}.
 *
 * <p>Thread safety: thread-safe. Concurrency: {@code lock} guards the one-time resolution
 * ({@code assembled}, written once, then read through the volatile field without the lock). File
 * reading happens under the lock, once; no user callback runs under it.
 *
 * <p>Life cycle: {@link #close()} closes every provider and client of the resolved chain but keeps the
 * chain itself; each of them re-initialises lazily, so a later call works again (no file is read again)
 * and a provider shared by SDK clients survives one of them closing it. Because the chain is kept, a call
 * racing a close only restarts parts that the next close closes: nothing becomes unreachable.
 */
public final class ProfileChainCredentialsProvider implements RefreshableCredentialsProvider {
    /** Default {@link Builder#sourceName(String)}. */
    public static final String DEFAULT_SOURCE_NAME = "profile";
    /** The profile used when none is named. */
    public static final String DEFAULT_PROFILE = "default";

    private final BuilderImpl config;
    private final Object lock = new Object();
    private volatile ProfileChainAssembler.Assembled assembled;
    private volatile ProfileChainPlan resolvedPlan;
    private volatile boolean closed;

    private ProfileChainCredentialsProvider(BuilderImpl b) {
        this.config = new BuilderImpl(b);
    }

    /** A provider for the profile named by {@code AWS_PROFILE}, else {@code default}. */
    public static ProfileChainCredentialsProvider create() {
        return builder().build();
    }

    /** A provider for a named profile. */
    public static ProfileChainCredentialsProvider create(String profileName) {
        return builder().profileName(profileName).build();
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder holding this provider's settings. */
    public Builder toBuilder() {
        return new BuilderImpl(config);
    }

    /** The profile name this provider resolves. */
    public String profileName() {
        return effectiveProfile();
    }

    /**
     * Reads the files and returns what the profile resolves to, without calling any service; the plan
     * this provider uses once it has resolved.
     *
     * @throws CredentialsException when the profile cannot be resolved (see the class description)
     */
    public ProfileChainPlan plan() {
        ProfileChainPlan p = resolvedPlan;
        return p != null ? p : planner().plan(effectiveProfile(), isExplicit());
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return provider().resolveCredentials();
    }

    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        AwsCredentialsProvider p;
        try {
            p = provider();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return p.resolveIdentity(request);
    }

    @Override
    public void invalidate(String accessKeyId) {
        ProfileChainAssembler.Assembled a = assembled;
        if (a != null && a.provider instanceof RefreshableCredentialsProvider) {
            ((RefreshableCredentialsProvider) a.provider).invalidate(accessKeyId);
        }
    }

    /** The health of the resolved chain; {@code NOT_LOADED} before the first call. */
    @Override
    public CredentialsHealth health() {
        ProfileChainAssembler.Assembled a = assembled;
        if (a != null && a.provider instanceof RefreshableCredentialsProvider) {
            return ((RefreshableCredentialsProvider) a.provider).health();
        }
        synchronized (lock) {
            return CredentialsHealth.builder().source(config.sourceName())
                    .state(closed ? CredentialsHealth.State.CLOSED : a != null ? CredentialsHealth.State.FRESH
                            : CredentialsHealth.State.NOT_LOADED).build();
        }
    }

    /**
     * Stops the threads and closes the clients of the resolved chain (never an injected STS client);
     * its cached credentials are dropped. Idempotent. The provider stays usable: a later call loads
     * again, so one provider can be shared by several SDK clients.
     */
    @Override
    public void close() {
        ProfileChainAssembler.Assembled a;
        synchronized (lock) {
            closed = true;
            a = assembled;
        }
        if (a != null) {
            ProfileChainAssembler.closeAll(a.closeables);
        }
    }

    @Override
    public String toString() {
        ProfileChainPlan p = resolvedPlan;
        return "ProfileChainCredentialsProvider(" + effectiveProfile()
                + (p == null ? ", not resolved yet" : ", " + p) + ")";
    }

    private AwsCredentialsProvider provider() {
        if (closed) {
            closed = false; // a call after close() re-initialises lazily
        }
        ProfileChainAssembler.Assembled a = assembled;
        if (a != null) {
            return a.provider;
        }
        synchronized (lock) {
            if (assembled == null) {
                ProfilePlanner planner = planner();
                ProfileChainPlan p = planner.plan(effectiveProfile(), isExplicit());
                assembled = new ProfileChainAssembler(settings(), planner).assemble(p);
                resolvedPlan = p;
            }
            return assembled.provider;
        }
    }

    private ProfilePlanner planner() {
        TempcredsEnvironment env = config.environment();
        return new ProfilePlanner(ProfileFiles.load(ProfileFiles.configPath(config.configFile, env),
                ProfileFiles.credentialsPath(config.credentialsFile, env)));
    }

    private ProfileChainAssembler.Settings settings() {
        ProfileChainAssembler.Settings s = new ProfileChainAssembler.Settings();
        s.environment = config.environment();
        s.mfaTokenCode = config.mfaTokenCode;
        s.stsClient = config.stsClient();
        s.region = config.region();
        s.endpoint = config.endpoint();
        s.allowInsecureEndpoint = config.allowInsecureEndpoint();
        s.strictDurations = config.strictDurations;
        s.refreshPolicy = config.refreshPolicy();
        s.listeners = new ArrayList<>(config.listeners());
        s.backgroundRefresh = config.backgroundRefresh();
        s.sourceName = config.sourceName();
        s.classLoader = config.classLoader != null ? config.classLoader
                : ProfileChainCredentialsProvider.class.getClassLoader();
        return s;
    }

    private String effectiveProfile() {
        return config.profileName != null ? config.profileName
                : config.environment().setting("aws.profile", "AWS_PROFILE").orElse(DEFAULT_PROFILE);
    }

    private boolean isExplicit() {
        return config.profileName != null || config.environment().setting("aws.profile", "AWS_PROFILE").isPresent();
    }

    /** Builder of a {@link ProfileChainCredentialsProvider}. Not thread-safe. */
    public interface Builder extends StsProviderBuilder<Builder> {
        /** The profile to resolve; default {@code AWS_PROFILE}, else {@value #DEFAULT_PROFILE}. */
        Builder profileName(String profileName);

        /** The config file; default {@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}. */
        Builder configFile(Path configFile);

        /** The credentials file; default {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}. */
        Builder credentialsFile(Path credentialsFile);

        /**
         * Asked for a fresh 6-digit MFA code for an {@code mfa_serial} (its argument) each time a role
         * that needs it is assumed; default none, and a profile with {@code mfa_serial} is then a
         * configuration error.
         */
        Builder mfaTokenCode(Function<String, String> tokenCodeForSerial);

        /**
         * The STS region; default {@code aws.region}/{@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, else
         * the profile's {@code region}, else {@code us-east-1}.
         */
        @Override
        Builder region(String region);

        /** Refuse chained hops asking for more than one hour instead of clamping; default {@code false}. */
        Builder strictDurations(boolean strict);

        /** Whether the last hop refreshes on a timer with no traffic; default {@code false}. */
        @Override
        Builder backgroundRefresh(boolean backgroundRefresh);

        /** The source name; default {@value #DEFAULT_SOURCE_NAME}. */
        Builder sourceName(String sourceName);

        /** The class loader {@link java.util.ServiceLoader} searches; default this class's loader. */
        Builder classLoader(ClassLoader classLoader);

        /** Builds the provider. No I/O: the files are read on first use. */
        ProfileChainCredentialsProvider build();
    }

    private static final class BuilderImpl extends StsProviderBuilderSupport<Builder> implements Builder {
        private String profileName;
        private Path configFile;
        private Path credentialsFile;
        private Function<String, String> mfaTokenCode;
        private boolean strictDurations;
        private ClassLoader classLoader;

        BuilderImpl() {
            super(DEFAULT_SOURCE_NAME, null);
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            profileName = o.profileName;
            configFile = o.configFile;
            credentialsFile = o.credentialsFile;
            mfaTokenCode = o.mfaTokenCode;
            strictDurations = o.strictDurations;
            classLoader = o.classLoader;
        }

        @Override
        public Builder profileName(String profileName) {
            this.profileName = profileName;
            return this;
        }

        @Override
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        @Override
        public Builder credentialsFile(Path credentialsFile) {
            this.credentialsFile = credentialsFile;
            return this;
        }

        @Override
        public Builder mfaTokenCode(Function<String, String> tokenCodeForSerial) {
            this.mfaTokenCode = tokenCodeForSerial;
            return this;
        }

        @Override
        public Builder strictDurations(boolean strict) {
            this.strictDurations = strict;
            return this;
        }

        @Override
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        @Override
        public ProfileChainCredentialsProvider build() {
            if (profileName != null && profileName.isBlank()) {
                throw CredentialsConfigurationException.of("profileName must not be blank");
            }
            return new ProfileChainCredentialsProvider(this);
        }
    }
}
