package io.github.tempcreds.cognito;

import io.github.tempcreds.core.internal.SafeText;
import io.github.tempcreds.cognito.internal.CognitoClients;
import io.github.tempcreds.cognito.internal.CognitoLoader;
import io.github.tempcreds.core.internal.CreatedClients;
import io.github.tempcreds.core.internal.OwnedClient;
import io.github.tempcreds.core.internal.ServiceEndpoints;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.RefreshingProviderBuilder;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.RefreshingProviderBuilderSupport;
import io.github.tempcreds.core.CredentialsConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Temporary, limited-privilege credentials for end users and guests through an Amazon Cognito identity
 * pool (AWS Well-Architected SEC02-BP02), refreshed ahead of expiry by a {@link RefreshingCredentialsProvider}.
 *
 * <pre>{@code
 * CognitoIdentityCredentialsProvider provider = CognitoIdentityCredentialsProvider.builder()
 *         .identityPoolId("us-east-1:3f0c5b1e-...")
 *         .logins(() -> CognitoLogins.of("cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", currentIdToken()))
 *         .build();
 * S3Client s3 = S3Client.builder().credentialsProvider(provider).build();
 * }</pre>
 *
 * <p>Flows:
 * <ul>
 *   <li><b>enhanced</b> (default): {@code GetId}, then {@code GetCredentialsForIdentity}; the role follows the
 *       pool's role mapping, or {@link Builder#customRoleArn(String)} when the login token allows it;</li>
 *   <li><b>basic</b> ({@link Builder#basicFlow(String)}): {@code GetId}, {@code GetOpenIdToken}, then STS
 *       {@code AssumeRoleWithWebIdentity} with the given role (unsigned);</li>
 *   <li><b>developer-authenticated</b> ({@link Builder#developerIdentity(String, String)}): a backend with AWS
 *       credentials mints the OpenID token with {@code GetOpenIdTokenForDeveloperIdentity} for its own user id,
 *       then continues with either flow.</li>
 * </ul>
 * The logins supplier is asked on every refresh. The identity id is kept in an {@link IdentityIdStore}
 * keyed by pool and a non-secret user key derived from the logins, so when the logins change to another
 * user, that user's own identity is used. A stored identity that Cognito no longer knows
 * ({@code ResourceNotFoundException}) is forgotten and a new one obtained, once per load.
 *
 * <p>Errors: {@code NotAuthorizedException} and pool misconfiguration become a
 * {@link io.github.tempcreds.core.CredentialsConfigurationException} naming the pool and the login
 * provider(s); throttling, 5xx and I/O become a retryable
 * {@link io.github.tempcreds.core.CredentialsRetrievalException}, and the engine backs off. Messages never
 * contain a token or a key.
 *
 * <p>Thread safety: thread-safe. Clients passed to the builder are shared and not closed by
 * {@link #close()}; clients the provider creates are, and are created again by a later call (see
 * {@link OwnedClient} for a close racing a load).
 */
public final class CognitoIdentityCredentialsProvider implements RefreshableCredentialsProvider {
    /** The source name in errors, health and logs. */
    public static final String SOURCE_NAME = "cognito";
    private static final Pattern POOL_ID = Pattern.compile("([a-z]{2}(?:-[a-z]+)+-\\d):[0-9a-f-]+");

    private final BuilderImpl config;
    private final OwnedClient<CognitoIdentityClient> cognito;
    private final OwnedClient<StsClient> sts;
    private final RefreshingCredentialsProvider engine;

    private CognitoIdentityCredentialsProvider(BuilderImpl b) {
        this.config = new BuilderImpl(b);
        BuilderImpl settings = this.config;
        this.cognito = b.cognitoClient == null ? OwnedClient.owned(settings::defaultCognitoClient)
                : OwnedClient.injected(b.cognitoClient);
        this.sts = b.basicFlowRoleArn != null && b.stsClient == null ? OwnedClient.owned(settings::defaultStsClient)
                : OwnedClient.injected(b.stsClient);
        CognitoLoader.Config c = new CognitoLoader.Config();
        c.poolId = b.identityPoolId;
        c.cognito = cognito;
        c.sts = sts;
        c.logins = b.logins;
        c.customRoleArn = b.customRoleArn;
        c.basicFlowRoleArn = b.basicFlowRoleArn;
        c.roleSessionName = b.roleSessionName;
        c.developerProvider = b.developerProvider;
        c.developerUserId = b.developerUserId;
        c.developerTokenDuration = b.developerTokenDuration;
        c.store = b.identityIdStore;
        this.engine = b.applyTo(RefreshingCredentialsProvider.builder().sourceName(SOURCE_NAME)
                .loader(new CognitoLoader(c))).build();
    }

    /** A builder; {@link Builder#identityPoolId(String)} is required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder with this provider's settings (clients and store are shared, not the cached value). */
    public Builder toBuilder() {
        return new BuilderImpl(config);
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

    /**
     * Stops the refresh engine's threads, drops the cached credentials and closes the SDK clients this
     * provider created (never injected ones). Idempotent. The provider stays usable: a later call loads
     * again and creates the clients again, so one provider can be shared by several SDK clients. The
     * identity id store is kept (the identity stays the same).
     */
    @Override
    public void close() {
        engine.close();
        cognito.close();
        sts.close();
    }

    @Override
    public String toString() {
        return "CognitoIdentityCredentialsProvider(pool " + config.identityPoolId + ", flow "
                + (config.basicFlowRoleArn != null ? "basic, role " + config.basicFlowRoleArn : "enhanced")
                + (config.customRoleArn != null ? ", customRole " + config.customRoleArn : "")
                + (config.developerProvider != null ? ", developer " + config.developerProvider : "")
                + ", store " + config.identityIdStore.getClass().getSimpleName() + ")";
    }

    /** Builder of {@link CognitoIdentityCredentialsProvider}. Not thread-safe. */
    public interface Builder extends RefreshingProviderBuilder<Builder> {
        /** The identity pool id, {@code <region>:<uuid>}; required. Its region is the default clients' region. */
        Builder identityPoolId(String identityPoolId);

        /** Supplies the logins, asked on every refresh; default {@link CognitoLogins#guest()}. */
        Builder logins(CognitoLoginsSupplier logins);

        /** Fixed logins; same as {@code logins(() -> logins)}. */
        Builder logins(CognitoLogins logins);

        /**
         * The role to ask for in the enhanced flow ({@code CustomRoleArn}); Cognito grants it only when the
         * login token lists it in {@code cognito:roles}. Default none: the pool's role mapping decides.
         */
        Builder customRoleArn(String roleArn);

        /**
         * Uses the basic flow: the Cognito OpenID token is exchanged by STS {@code AssumeRoleWithWebIdentity}
         * for {@code roleArn}. Default: the enhanced flow. The pool must allow the basic flow.
         */
        Builder basicFlow(String roleArn);

        /** Role session name of the basic flow; default {@code tempcreds-cognito}. */
        Builder roleSessionName(String roleSessionName);

        /**
         * A developer-authenticated identity: the provider calls {@code GetOpenIdTokenForDeveloperIdentity}
         * (a signed call: set {@link #developerCredentialsProvider} or a signed {@link #cognitoClient}) with
         * the pool's developer provider name and the backend's own user id. Default: none.
         */
        Builder developerIdentity(String developerProviderName, String userId);

        /** Lifetime of developer OpenID tokens ({@code TokenDuration}), 1 s to 24 h; default 15 minutes. */
        Builder developerTokenDuration(Duration duration);

        /** The backend's AWS credentials that sign {@code GetOpenIdTokenForDeveloperIdentity}; default none. */
        Builder developerCredentialsProvider(AwsCredentialsProvider credentials);

        /**
         * The Cognito Identity client; default one the provider creates for the pool's region (anonymous, or
         * signed with {@link #developerCredentialsProvider}) and closes on {@link #close()}.
         */
        Builder cognitoClient(CognitoIdentityClient client);

        /** The STS client of the basic flow; default an anonymous one for the pool's region. */
        Builder stsClient(StsClient client);

        /**
         * The Cognito Identity endpoint of the client the provider creates; default
         * {@code aws.endpointUrlCognitoIdentity}/{@code AWS_ENDPOINT_URL_COGNITO_IDENTITY}, then
         * {@code aws.endpointUrl}/{@code AWS_ENDPOINT_URL} (none when
         * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true), then the SDK's regional endpoint. Plain HTTP
         * is refused unless to a loopback or link-local address, or {@link #allowInsecureEndpoint(boolean)}.
         */
        Builder endpoint(URI endpoint);

        /**
         * The STS endpoint of the basic flow's client the provider creates; default
         * {@code aws.endpointUrlSts}/{@code AWS_ENDPOINT_URL_STS}, then {@code aws.endpointUrl}/
         * {@code AWS_ENDPOINT_URL}, then the SDK's regional endpoint; checked like {@link #endpoint(URI)}.
         */
        Builder stsEndpoint(URI endpoint);

        /**
         * Allows a plain-HTTP endpoint to a host that is neither loopback nor link-local: login tokens and
         * credentials would cross the network in clear text. Default false.
         */
        Builder allowInsecureEndpoint(boolean allow);

        /** Where identity ids are kept; default {@link IdentityIdStore#inMemory()}, one per provider. */
        Builder identityIdStore(IdentityIdStore store);

        /**
         * The executor that runs loads (and timers, if it is a
         * {@link java.util.concurrent.ScheduledExecutorService}); default the engine's own lazily started
         * daemon threads. Servers with many users ({@link CognitoCredentialsCache}) may share one. Never shut
         * down by the provider.
         */
        Builder executor(Executor executor);

        /**
         * Builds the provider. No I/O, no thread started (the default clients are created, not called).
         *
         * @throws IllegalStateException naming the setting when the pool id is missing or malformed, a custom
         *     role is combined with the basic flow, or a developer identity has no way to sign
         * @throws CredentialsConfigurationException when an endpoint of a client the provider creates is not
         *     a valid URI, or is plain HTTP to another machine without {@link #allowInsecureEndpoint(boolean)}
         */
        CognitoIdentityCredentialsProvider build();
    }

    /** Package-private so that {@link CognitoCredentialsCache} can share clients between users. */
    static final class BuilderImpl extends RefreshingProviderBuilderSupport<Builder> implements Builder {
        String identityPoolId;
        private CognitoLoginsSupplier logins = CognitoLogins::guest;
        private String customRoleArn;
        String basicFlowRoleArn;
        private String roleSessionName = "tempcreds-cognito";
        String developerProvider;
        private String developerUserId;
        private Duration developerTokenDuration = Duration.ofMinutes(15);
        private AwsCredentialsProvider developerCredentials;
        CognitoIdentityClient cognitoClient;
        StsClient stsClient;
        IdentityIdStore identityIdStore;
        private URI endpoint;
        private URI stsEndpoint;
        private boolean allowInsecureEndpoint;

        BuilderImpl() {
            super(null, RefreshPolicy.defaults());
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            identityPoolId = o.identityPoolId;
            logins = o.logins;
            customRoleArn = o.customRoleArn;
            basicFlowRoleArn = o.basicFlowRoleArn;
            roleSessionName = o.roleSessionName;
            developerProvider = o.developerProvider;
            developerUserId = o.developerUserId;
            developerTokenDuration = o.developerTokenDuration;
            developerCredentials = o.developerCredentials;
            cognitoClient = o.cognitoClient;
            stsClient = o.stsClient;
            identityIdStore = o.identityIdStore;
            endpoint = o.endpoint;
            stsEndpoint = o.stsEndpoint;
            allowInsecureEndpoint = o.allowInsecureEndpoint;
        }

        String region() {
            java.util.regex.Matcher m = POOL_ID.matcher(identityPoolId);
            if (!m.matches()) {
                throw new IllegalStateException("identityPoolId must look like us-east-1:<uuid>, was "
                        + SafeText.quote(identityPoolId));
            }
            return m.group(1);
        }

        /** A copy of these settings. */
        BuilderImpl copy() {
            return new BuilderImpl(this);
        }

        /**
         * A Cognito client for the pool's region: anonymous, or signed with the developer credentials (with
         * the environment's clock when it is not the system one, so a test clock drives signatures too).
         */
        CognitoIdentityClient defaultCognitoClient() {
            CognitoIdentityClientBuilder b = CognitoIdentityClient.builder().region(Region.of(region()))
                    .credentialsProvider(developerCredentials != null ? developerCredentials
                            : AnonymousCredentialsProvider.create())
                    .httpClientBuilder(CreatedClients.httpClient(loadTimeout()));
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            if (environment() != TempcredsEnvironment.system()) {
                b.authSchemeProvider(CognitoClients.signingWith(environment().clock()));
            }
            return b.build();
        }

        /** An anonymous STS client for the pool's region. */
        StsClient defaultStsClient() {
            StsClientBuilder b = StsClient.builder().region(Region.of(region()))
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .httpClientBuilder(CreatedClients.httpClient(loadTimeout()));
            if (stsEndpoint != null) {
                b.endpointOverride(stsEndpoint);
            }
            return b.build();
        }

        /** Checks the settings; returns a copy with the defaults filled in. */
        BuilderImpl validated() {
            if (identityPoolId == null) {
                throw new IllegalStateException("identityPoolId is required, e.g. us-east-1:<uuid>");
            }
            if (identityPoolId.length() > 55 || !POOL_ID.matcher(identityPoolId).matches()) {
                throw new IllegalStateException("identityPoolId must look like us-east-1:<uuid>, was " + SafeText.quote(identityPoolId));
            }
            SafeText.requireNoControlCharacter("customRoleArn", customRoleArn);
            SafeText.requireNoControlCharacter("basicFlow roleArn", basicFlowRoleArn);
            SafeText.requireNoControlCharacter("developerIdentity providerName", developerProvider);
            SafeText.requireNoControlCharacter("developerIdentity userId", developerUserId);
            if (customRoleArn != null && basicFlowRoleArn != null) {
                throw new IllegalStateException("customRoleArn applies to the enhanced flow only; with basicFlow the "
                        + "role is basicFlow's roleArn");
            }
            if (developerProvider != null && developerCredentials == null && cognitoClient == null) {
                throw new IllegalStateException("developerIdentity needs developerCredentialsProvider (or a "
                        + "cognitoClient that signs with the backend's credentials)");
            }
            BuilderImpl b = new BuilderImpl(this);
            if (b.identityIdStore == null) {
                b.identityIdStore = IdentityIdStore.inMemory();
            }
            // The endpoints of the clients this provider creates, resolved and checked now (no I/O).
            if (b.cognitoClient == null) {
                b.endpoint = checkedEndpoint(b.endpoint, "endpoint", "aws.endpointUrlCognitoIdentity",
                        "AWS_ENDPOINT_URL_COGNITO_IDENTITY");
            }
            if (b.basicFlowRoleArn != null && b.stsClient == null) {
                b.stsEndpoint = checkedEndpoint(b.stsEndpoint, "stsEndpoint", "aws.endpointUrlSts",
                        "AWS_ENDPOINT_URL_STS");
            }
            return b;
        }

        @Override
        public Builder identityPoolId(String identityPoolId) {
            this.identityPoolId = Objects.requireNonNull(identityPoolId, "identityPoolId");
            return this;
        }

        @Override
        public Builder logins(CognitoLoginsSupplier logins) {
            this.logins = Objects.requireNonNull(logins, "logins");
            return this;
        }

        @Override
        public Builder logins(CognitoLogins logins) {
            Objects.requireNonNull(logins, "logins");
            this.logins = () -> logins;
            return this;
        }

        @Override
        public Builder customRoleArn(String roleArn) {
            this.customRoleArn = roleArn;
            return this;
        }

        @Override
        public Builder basicFlow(String roleArn) {
            this.basicFlowRoleArn = Objects.requireNonNull(roleArn, "roleArn");
            return this;
        }

        @Override
        public Builder roleSessionName(String roleSessionName) {
            if (roleSessionName == null || !roleSessionName.matches("[\\w+=,.@-]{2,64}")) {
                throw new IllegalArgumentException("roleSessionName must be 2 to 64 characters of [\\w+=,.@-]");
            }
            this.roleSessionName = roleSessionName;
            return this;
        }

        @Override
        public Builder developerIdentity(String developerProviderName, String userId) {
            this.developerProvider = Objects.requireNonNull(developerProviderName, "developerProviderName");
            this.developerUserId = Objects.requireNonNull(userId, "userId");
            return this;
        }

        @Override
        public Builder developerTokenDuration(Duration duration) {
            if (duration == null || duration.getSeconds() < 1 || duration.getSeconds() > 86400) {
                throw new IllegalArgumentException("developerTokenDuration must be 1 second to 24 hours, was "
                        + duration);
            }
            this.developerTokenDuration = duration;
            return this;
        }

        @Override
        public Builder developerCredentialsProvider(AwsCredentialsProvider credentials) {
            this.developerCredentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        @Override
        public Builder cognitoClient(CognitoIdentityClient client) {
            this.cognitoClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The setting's endpoint, else the configured one; refused when it would send secrets in clear text. */
        private URI checkedEndpoint(URI set, String setting, String property, String variable) {
            String from = "setting " + setting;
            URI e = set;
            if (e == null) {
                Optional<ServiceEndpoints.Parsed> c = ServiceEndpoints.configuredUri(environment(), property, variable,
                        "cognito");
                if (c.isEmpty()) {
                    return null;
                }
                e = c.get().uri();
                from = c.get().setting();
            }
            if (!allowInsecureEndpoint && !ServiceEndpoints.secureOrLocal(e)) {
                throw CredentialsConfigurationException.newBuilder().source("cognito").message("The endpoint "
                        + SafeText.quote(e.toString()) + " (" + from + ") is not HTTPS and not a loopback or "
                        + "link-local address; login tokens and credentials would be sent in clear text. Use https, "
                        + "or set allowInsecureEndpoint(true) if this is intended.").build();
            }
            return e;
        }

        @Override
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        @Override
        public Builder stsEndpoint(URI endpoint) {
            this.stsEndpoint = endpoint;
            return this;
        }

        @Override
        public Builder allowInsecureEndpoint(boolean allow) {
            this.allowInsecureEndpoint = allow;
            return this;
        }

        @Override
        public Builder stsClient(StsClient client) {
            this.stsClient = Objects.requireNonNull(client, "client");
            return this;
        }

        @Override
        public Builder identityIdStore(IdentityIdStore store) {
            this.identityIdStore = Objects.requireNonNull(store, "store");
            return this;
        }

        @Override
        public Builder refreshPolicy(RefreshPolicy policy) {
            return super.refreshPolicy(Objects.requireNonNull(policy, "policy"));
        }

        @Override
        public CognitoIdentityCredentialsProvider build() {
            return new CognitoIdentityCredentialsProvider(validated());
        }
    }
}
