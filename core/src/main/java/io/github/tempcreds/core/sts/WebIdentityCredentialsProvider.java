package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.SafeText;
import io.github.tempcreds.core.internal.StsProviderBuilderSupport;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * Credentials from {@code AssumeRoleWithWebIdentity}: an OIDC token (for example a Kubernetes projected
 * service account token, as EKS IRSA mounts it) exchanged for role credentials.
 *
 * <p>The token is read from its file on every refresh, so a rotated token is always the one sent; or
 * it comes from a supplier. Unset settings are taken from the environment:
 * {@code AWS_WEB_IDENTITY_TOKEN_FILE}, {@code AWS_ROLE_ARN} and {@code AWS_ROLE_SESSION_NAME} (or the
 * system properties {@code aws.webIdentityTokenFile}, {@code aws.roleArn}, {@code aws.roleSessionName}).
 * When neither the builder nor the environment configure it, resolving throws
 * {@link io.github.tempcreds.core.CredentialsNotFoundException}, so it can sit in a chain of sources.
 *
 * <p>The call is unsigned (anonymous credentials), as STS requires. The credentials are role-session
 * credentials: assuming a role from them is role chaining (see {@link RoleChainCredentialsProvider}),
 * and this provider can be the source of a chain.
 *
 * <p>The token is a secret: it never appears in {@link #toString()}, logs or exception messages.
 *
 * <p>Thread safety: thread-safe. {@link #close()} stops the engine's threads, drops the cached
 * credentials and closes the STS client this provider created, never an injected one. The provider stays
 * usable: a later call loads again and creates the STS client again, so one provider can be shared by
 * several SDK clients, each of which closes it.
 */
public final class WebIdentityCredentialsProvider implements RefreshableCredentialsProvider {
    /** Default {@link Builder#sourceName(String)}. */
    public static final String DEFAULT_SOURCE_NAME = "web-identity";

    private final BuilderImpl config;
    private final String roleArn;
    private final String sessionName;
    private final Path tokenFile;
    private final StsClients clients;
    private final RefreshingCredentialsProvider engine;

    private WebIdentityCredentialsProvider(BuilderImpl b) {
        this.config = new BuilderImpl(b);
        TempcredsEnvironment env = b.environment();
        this.roleArn = b.roleArn != null ? b.roleArn : env.setting("aws.roleArn", "AWS_ROLE_ARN").orElse(null);
        this.tokenFile = b.tokenFile != null ? b.tokenFile : b.tokenSupplier != null ? null
                : env.setting("aws.webIdentityTokenFile", "AWS_WEB_IDENTITY_TOKEN_FILE")
                        .map(WebIdentityCredentialsProvider::tokenPath).orElse(null);
        this.sessionName = b.roleSessionName != null ? b.roleSessionName
                : env.setting("aws.roleSessionName", "AWS_ROLE_SESSION_NAME")
                        .map(n -> StsValidation.sessionName("AWS_ROLE_SESSION_NAME", n))
                        .orElse("tempcreds-" + env.clock().millis());
        if (roleArn != null) {
            StsValidation.roleArn(roleArn);
        }
        this.clients = StsClients.of(b);
        WebIdentityLoader loader = new WebIdentityLoader(b.sourceName(), roleArn, sessionName, tokenFile,
                b.tokenSupplier, b.duration == null ? null : (int) b.duration.getSeconds(), b.policy,
                List.copyOf(b.policyArns), b.providerId, clients);
        this.engine = b.applyTo(RefreshingCredentialsProvider.builder()
                .sourceName(b.sourceName())
                .loader(loader)).build();
    }

    /** The token file named by the environment; a configuration error (value quoted) when it is no path. */
    private static Path tokenPath(String value) {
        try {
            return Paths.get(value);
        } catch (InvalidPathException e) {
            // The exception's own message holds the raw value: not attached as the cause.
            throw CredentialsConfigurationException.of("AWS_WEB_IDENTITY_TOKEN_FILE (system property "
                    + "aws.webIdentityTokenFile) is not a valid path: " + SafeText.quote(value) + " ("
                    + e.getReason() + ")");
        }
    }

    /** A provider configured entirely from the environment variables; no I/O until first use. */
    public static WebIdentityCredentialsProvider create() {
        return builder().build();
    }

    /** A builder; every setting is optional (the environment fills the gaps). */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder holding this provider's settings. */
    public Builder toBuilder() {
        return new BuilderImpl(config);
    }

    /** Whether a role ARN and a token source are configured (by the builder or the environment). */
    public boolean isConfigured() {
        return roleArn != null && (tokenFile != null || config.tokenSupplier != null);
    }

    /** The role ARN, if configured. */
    public Optional<String> roleArn() {
        return Optional.ofNullable(roleArn);
    }

    /** The token file, if the token comes from a file. */
    public Optional<Path> webIdentityTokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    /** The session name used. */
    public String roleSessionName() {
        return sessionName;
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
        engine.invalidate(accessKeyId);
    }

    @Override
    public CredentialsHealth health() {
        return engine.health();
    }

    @Override
    public void close() {
        engine.close();
        clients.close();
    }

    @Override
    public String toString() {
        return "WebIdentityCredentialsProvider(" + config.sourceName() + ", role=" + roleArn + ", session="
                + sessionName + ", token=" + (tokenFile != null ? tokenFile : config.tokenSupplier != null
                ? "supplier" : "none") + ")";
    }

    /** Builder of a {@link WebIdentityCredentialsProvider}. Not thread-safe. */
    public interface Builder extends StsProviderBuilder<Builder> {
        /** The role to assume; default {@code AWS_ROLE_ARN}. */
        Builder roleArn(String roleArn);

        /** The session name; default {@code AWS_ROLE_SESSION_NAME}, else {@code tempcreds-<epoch millis>}. */
        Builder roleSessionName(String roleSessionName);

        /** The file the token is read from on every refresh; default {@code AWS_WEB_IDENTITY_TOKEN_FILE}. */
        Builder webIdentityTokenFile(Path tokenFile);

        /** A supplier asked for the token on every refresh, instead of a file; default none. */
        Builder webIdentityToken(Supplier<String> token);

        /** The session duration (15 minutes to 12 hours); default none (STS grants one hour). */
        Builder duration(Duration duration);

        /** An inline session policy; default none. */
        Builder policy(String policy);

        /** Managed session policy ARNs; default none. */
        Builder policyArns(List<String> policyArns);

        /** The OAuth 2.0 provider id ({@code www.amazon.com}, {@code graph.facebook.com}); default none (OIDC). */
        Builder providerId(String providerId);

        /** The source name; default {@value #DEFAULT_SOURCE_NAME}. */
        Builder sourceName(String sourceName);

        /**
         * Builds the provider. Reads the environment, no files, no I/O, no thread started.
         *
         * @throws CredentialsConfigurationException when a setting breaks an STS constraint
         */
        WebIdentityCredentialsProvider build();
    }

    private static final class BuilderImpl extends StsProviderBuilderSupport<Builder> implements Builder {
        private String roleArn;
        private String roleSessionName;
        private Path tokenFile;
        private Supplier<String> tokenSupplier;
        private Duration duration;
        private String policy;
        private List<String> policyArns = new ArrayList<>();
        private String providerId;

        BuilderImpl() {
            super(DEFAULT_SOURCE_NAME, RefreshPolicy.defaults());
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            roleArn = o.roleArn;
            roleSessionName = o.roleSessionName;
            tokenFile = o.tokenFile;
            tokenSupplier = o.tokenSupplier;
            duration = o.duration;
            policy = o.policy;
            policyArns = new ArrayList<>(o.policyArns);
            providerId = o.providerId;
        }

        @Override
        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        @Override
        public Builder roleSessionName(String roleSessionName) {
            this.roleSessionName = roleSessionName;
            return this;
        }

        @Override
        public Builder webIdentityTokenFile(Path tokenFile) {
            this.tokenFile = tokenFile;
            return this;
        }

        @Override
        public Builder webIdentityToken(Supplier<String> token) {
            this.tokenSupplier = token;
            return this;
        }

        @Override
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        @Override
        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        @Override
        public Builder policyArns(List<String> policyArns) {
            this.policyArns = new ArrayList<>(policyArns);
            return this;
        }

        @Override
        public Builder providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        @Override
        public WebIdentityCredentialsProvider build() {
            if (tokenFile != null && tokenSupplier != null) {
                throw CredentialsConfigurationException.of("set webIdentityTokenFile or webIdentityToken, not both");
            }
            if (roleSessionName != null) {
                StsValidation.sessionName("roleSessionName", roleSessionName);
            }
            StsValidation.sessionOptions(duration, policy, policyArns);
            return new WebIdentityCredentialsProvider(this);
        }
    }
}
