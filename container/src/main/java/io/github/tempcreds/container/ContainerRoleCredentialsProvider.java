package io.github.tempcreds.container;

import io.github.tempcreds.core.internal.LocalHttpSettings;
import io.github.tempcreds.container.internal.ContainerContext;
import io.github.tempcreds.container.internal.ContainerCredentialsLoader;
import io.github.tempcreds.container.internal.ContainerSettings;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.RefreshingProviderBuilder;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.RefreshingProviderBuilderSupport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * Role credentials from the container credentials endpoint: an ECS task role
 * ({@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}), EKS Pod Identity ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
 * plus {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}) or a loopback sidecar, behind the tempcreds refresh
 * engine: refreshed ahead of expiry, never expired.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>Settings, highest precedence first: this builder; system properties
 *       ({@code aws.containerCredentialsPath}, {@code aws.containerCredentialsFullUri},
 *       {@code aws.containerAuthorizationTokenFile}, {@code aws.containerAuthorizationToken},
 *       {@code aws.containerServiceEndpoint}); the environment variables of the same meaning.</li>
 *   <li>The relative URI wins over the full URI (as in every AWS SDK). The token file wins over the token
 *       (as in botocore, smithy-rs and JS v3; Java v2 does the opposite) and is read again on every load, so
 *       a token rotated by the kubelet is the one sent.</li>
 *   <li>Plain {@code http} only to loopback, {@code 169.254.170.2} (ECS), {@code 169.254.170.23} and
 *       {@code [fd00:ec2::23]} (EKS Pod Identity); a host name must resolve only to such addresses.
 *       {@code https} to any host.</li>
 *   <li>5xx and broken connections are retried with backoff (4xx are not); connect and read timeouts are
 *       one second each by default, with a total deadline per attempt.</li>
 *   <li>{@code AccountId} in the answer is kept on the credentials.</li>
 * </ul>
 *
 * <p>Errors, each with the fix in its message: nothing configured →
 * {@link io.github.tempcreds.core.CredentialsNotFoundException}; a URI that is not allowed, a token with
 * CR or LF, a token file that is missing or unreadable, 401/403/400 (token rejected) →
 * {@link io.github.tempcreds.core.CredentialsConfigurationException}; endpoint unreachable →
 * {@link io.github.tempcreds.core.CredentialsRetrievalException} naming the agent and the task role;
 * deadline → {@link io.github.tempcreds.core.CredentialsTimeoutException}; 5xx after retries, a malformed
 * answer, expired credentials → {@link io.github.tempcreds.core.CredentialsRetrievalException}. Messages
 * never contain the token or the answer's body.
 *
 * <p>Thread safety: thread-safe. {@link Builder#build()} does no I/O.
 */
public final class ContainerRoleCredentialsProvider implements RefreshableCredentialsProvider {
    /** The source name in errors, health and logs. */
    public static final String SOURCE_NAME = "container";

    private final BuilderImpl builder;
    private final ContainerContext context;
    private final RefreshingCredentialsProvider engine;

    private ContainerRoleCredentialsProvider(BuilderImpl b) {
        this.builder = new BuilderImpl(b);
        this.context = new ContainerContext(b.settings(), b.connectTimeout, b.readTimeout, b.maxRetries,
                b.retryBackoff, b.httpClient, b.environment(), b.resolver, b.sleeper);
        this.engine = b.applyTo(RefreshingCredentialsProvider.builder()
                .sourceName(SOURCE_NAME)
                .loader(new ContainerCredentialsLoader(context))).build();
    }

    /** A provider with every default (settings from the system properties and environment). */
    public static ContainerRoleCredentialsProvider create() {
        return builder().build();
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder with this provider's settings. */
    public Builder toBuilder() {
        return new BuilderImpl(builder);
    }

    /**
     * Whether the container endpoint is configured in this environment: the relative or the full URI is set
     * (system property or environment variable), not blank. Does no I/O and validates nothing.
     */
    public static boolean isConfigured(TempcredsEnvironment environment) {
        Objects.requireNonNull(environment, "environment");
        return ContainerSettings.isConfigured(environment);
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
     * Stops the engine's threads, drops the cached credentials and closes the HTTP client this provider
     * created (never an injected one). Idempotent. The provider stays usable: a later call loads again
     * and creates the HTTP client again, so one provider can be shared by several SDK clients.
     */
    @Override
    public void close() {
        engine.close();
        context.close();
    }

    @Override
    public String toString() {
        return "ContainerRoleCredentialsProvider(" + builder.settings() + ", connectTimeout=" + builder.connectTimeout
                + ", readTimeout=" + builder.readTimeout + ", maxRetries=" + builder.maxRetries + ")";
    }

    /** Builder of {@link ContainerRoleCredentialsProvider}. Not thread-safe. */
    public interface Builder extends RefreshingProviderBuilder<Builder> {
        /**
         * The path on the ECS endpoint, as {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}
         * ({@code /v2/credentials/<id>}); wins over every full URI.
         */
        Builder relativeUri(String relativeUri);

        /** The full URI, as {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}; used when no relative URI is set. */
        Builder fullUri(URI fullUri);

        /**
         * The host the relative URI is appended to, as {@code AWS_CONTAINER_SERVICE_ENDPOINT}; default
         * {@code http://169.254.170.2}. The host rules apply to it.
         */
        Builder serviceEndpoint(URI serviceEndpoint);

        /**
         * The file whose content is the {@code Authorization} header, as
         * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}; read on every load; wins over any token.
         */
        Builder authorizationTokenFile(Path authorizationTokenFile);

        /** The {@code Authorization} header value, as {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
        Builder authorizationToken(String authorizationToken);

        /** The connect timeout of each request; default 1 second. Ignored with {@link #httpClient}. */
        Builder connectTimeout(Duration connectTimeout);

        /** The socket read timeout, and the total deadline of one attempt; default 1 second. */
        Builder readTimeout(Duration readTimeout);

        /** Retries after the first attempt on 5xx and broken connections, 0 to 10; default 4 (5 attempts, as the Java SDK). */
        Builder maxRetries(int maxRetries);

        /** The first retry's delay, doubled each retry (with jitter, at most 2 s); default 100 ms. */
        Builder retryBackoff(Duration retryBackoff);

        /**
         * The HTTP client; default a URL-connection client with the timeouts above and no proxy, closed with
         * the provider. A client set here is not closed by the provider.
         */
        Builder httpClient(SdkHttpClient httpClient);

        /** The executor for loads; default the engine's own daemon threads. Never shut down by the provider. */
        Builder executor(Executor executor);

        /**
         * Builds the provider. No I/O, no thread started.
         *
         * @throws IllegalArgumentException when a value is out of range
         */
        ContainerRoleCredentialsProvider build();
    }

    static final class BuilderImpl extends RefreshingProviderBuilderSupport<Builder> implements Builder {
        private String relativeUri;
        private URI fullUri;
        private URI serviceEndpoint;
        private Path authorizationTokenFile;
        private String authorizationToken;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration readTimeout = Duration.ofSeconds(1);
        private int maxRetries = 4;
        private Duration retryBackoff = Duration.ofMillis(100);
        private SdkHttpClient httpClient;
        private ContainerSettings.Resolver resolver = ContainerSettings.Resolver.SYSTEM;
        private ContainerContext.Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        BuilderImpl() {
            super(null, RefreshPolicy.defaults());
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            relativeUri = o.relativeUri;
            fullUri = o.fullUri;
            serviceEndpoint = o.serviceEndpoint;
            authorizationTokenFile = o.authorizationTokenFile;
            authorizationToken = o.authorizationToken;
            connectTimeout = o.connectTimeout;
            readTimeout = o.readTimeout;
            maxRetries = o.maxRetries;
            retryBackoff = o.retryBackoff;
            httpClient = o.httpClient;
            resolver = o.resolver;
            sleeper = o.sleeper;
        }

        ContainerSettings settings() {
            return new ContainerSettings(relativeUri, fullUri, serviceEndpoint, authorizationTokenFile,
                    authorizationToken);
        }

        @Override
        public Builder relativeUri(String relativeUri) {
            this.relativeUri = Objects.requireNonNull(relativeUri, "relativeUri");
            return this;
        }

        @Override
        public Builder fullUri(URI fullUri) {
            this.fullUri = Objects.requireNonNull(fullUri, "fullUri");
            return this;
        }

        @Override
        public Builder serviceEndpoint(URI serviceEndpoint) {
            this.serviceEndpoint = Objects.requireNonNull(serviceEndpoint, "serviceEndpoint");
            return this;
        }

        @Override
        public Builder authorizationTokenFile(Path authorizationTokenFile) {
            this.authorizationTokenFile = Objects.requireNonNull(authorizationTokenFile, "authorizationTokenFile");
            return this;
        }

        @Override
        public Builder authorizationToken(String authorizationToken) {
            this.authorizationToken = Objects.requireNonNull(authorizationToken, "authorizationToken");
            return this;
        }

        @Override
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = LocalHttpSettings.timeout("connectTimeout", connectTimeout);
            return this;
        }

        @Override
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = LocalHttpSettings.timeout("readTimeout", readTimeout);
            return this;
        }

        @Override
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = LocalHttpSettings.maxRetries(maxRetries);
            return this;
        }

        @Override
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = LocalHttpSettings.retryBackoff(retryBackoff);
            return this;
        }

        @Override
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Test hook: how host names are resolved; default {@link java.net.InetAddress#getAllByName(String)}. */
        BuilderImpl resolver(ContainerSettings.Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Test hook: how retries wait; default {@link Thread#sleep(long)}. */
        BuilderImpl sleeper(ContainerContext.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        @Override
        public ContainerRoleCredentialsProvider build() {
            return new ContainerRoleCredentialsProvider(this);
        }
    }
}
