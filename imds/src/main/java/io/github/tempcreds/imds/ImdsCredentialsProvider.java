package io.github.tempcreds.imds;

import io.github.tempcreds.core.internal.LocalHttpSettings;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.RefreshingProviderBuilder;
import io.github.tempcreds.core.internal.RefreshingProviderBuilderSupport;
import io.github.tempcreds.imds.internal.ImdsClient;
import io.github.tempcreds.imds.internal.ImdsContext;
import io.github.tempcreds.imds.internal.ImdsCredentialsLoader;
import io.github.tempcreds.imds.internal.ImdsSettings;
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
 * Role credentials of this EC2 instance from the Instance Metadata Service, IMDSv2 only, behind the
 * tempcreds refresh engine: refreshed ahead of expiry, never expired.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>Every metadata request carries an IMDSv2 token; there is no IMDSv1 code path. The token (TTL
 *       {@link Builder#tokenTtl(Duration)}, default 6 hours) is cached and renewed before it expires, and
 *       renewed once when IMDS answers 401.</li>
 *   <li>Steady state costs one HTTP request per refresh: the token and the role name are reused; the role
 *       is rediscovered when its path answers 404 (a renamed instance profile).</li>
 *   <li>The {@code security-credentials-extended} path is used when IMDS has it, so the credentials carry
 *       the account id; on a 404 the legacy path is used from then on.</li>
 *   <li>Settings, highest precedence first: this builder; system properties
 *       ({@code aws.disableEc2Metadata}, {@code aws.ec2MetadataServiceEndpoint},
 *       {@code aws.ec2MetadataServiceEndpointMode}); environment variables ({@code AWS_EC2_METADATA_DISABLED},
 *       {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, {@code AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE}); the
 *       profile's {@code ec2_metadata_service_endpoint} and {@code ec2_metadata_service_endpoint_mode} in the
 *       AWS config file ({@code AWS_CONFIG_FILE}, default {@code ~/.aws/config}).</li>
 *   <li>5xx, throttling and broken connections are retried with backoff; connect and read timeouts are one
 *       second each by default.</li>
 * </ul>
 *
 * <p>Errors, each with the fix in its message: IMDS unreachable or turned off by a setting →
 * {@link io.github.tempcreds.core.CredentialsNotFoundException} (a chain moves on); token request unanswered
 * (the {@code HttpPutResponseHopLimit} symptom in containers) → {@link io.github.tempcreds.core.CredentialsTimeoutException};
 * 403 (IMDS disabled for the instance), a bad endpoint setting or a token request IMDS refuses →
 * {@link io.github.tempcreds.core.CredentialsConfigurationException}; no IAM role attached →
 * {@link io.github.tempcreds.core.CredentialsNotFoundException}; 5xx, throttling, a malformed or incomplete
 * document, {@code Code} other than {@code Success}, expired credentials →
 * {@link io.github.tempcreds.core.CredentialsRetrievalException}. Messages never contain a secret.
 *
 * <p>{@link #diagnose()} probes IMDS step by step and returns an {@link ImdsDiagnosis}.
 *
 * <p>Thread safety: thread-safe. {@link Builder#build()} does no I/O; the first resolve reads the config
 * file and talks to IMDS.
 */
public final class ImdsCredentialsProvider implements RefreshableCredentialsProvider {
    /** The source name in errors, health and logs. */
    public static final String SOURCE_NAME = "imds";

    private final BuilderImpl builder;
    private final ImdsContext context;
    private final RefreshingCredentialsProvider engine;

    private ImdsCredentialsProvider(BuilderImpl b) {
        this.builder = new BuilderImpl(b);
        this.context = new ImdsContext(b.endpoint, b.endpointMode, b.profileName, b.allowInsecureEndpoint,
                b.tokenTtl, b.connectTimeout, b.readTimeout, b.maxRetries, b.retryBackoff, b.httpClient,
                b.environment(), b.fileSystemRoot, b.sleeper);
        this.engine = b.applyTo(RefreshingCredentialsProvider.builder()
                .sourceName(SOURCE_NAME)
                .loader(new ImdsCredentialsLoader(context))).build();
    }

    /** A provider with every default (settings from the system properties, environment and config file). */
    public static ImdsCredentialsProvider create() {
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
     * Credentials that are not expired and will not expire within the refresh policy's minimum validity.
     *
     * @throws io.github.tempcreds.core.CredentialsException of the category described in the class comment
     */
    @Override
    public AwsCredentials resolveCredentials() {
        return engine.resolveCredentials();
    }

    /** As {@link #resolveCredentials()}, without blocking the calling thread. */
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
     * Probes IMDS now (settings, token, role, credentials), independently of the cached credentials, and
     * reports what it found. Never throws for an IMDS problem: problems are findings. After
     * {@link #close()} it creates the HTTP client again (and the next close closes it).
     */
    public ImdsDiagnosis diagnose() {
        return ImdsProbe.run(context);
    }

    /**
     * Stops the engine's and the request deadline's threads, drops the cached credentials and closes the
     * HTTP client this provider created (never an injected one). Idempotent. The provider stays usable: a
     * later call loads again and starts what it needs lazily, so one provider can be shared by several SDK
     * clients, each of which closes it.
     */
    @Override
    public void close() {
        engine.close();
        context.close();
    }

    @Override
    public String toString() {
        return "ImdsCredentialsProvider(endpoint=" + (builder.endpoint != null ? builder.endpoint
                : builder.endpointMode != null ? "mode " + builder.endpointMode : "from settings")
                + ", tokenTtl=" + builder.tokenTtl + ", connectTimeout=" + builder.connectTimeout
                + ", readTimeout=" + builder.readTimeout + ", maxRetries=" + builder.maxRetries
                + (builder.allowInsecureEndpoint ? ", allowInsecureEndpoint" : "") + ")";
    }

    /** Builder of {@link ImdsCredentialsProvider}. Not thread-safe. */
    public interface Builder extends RefreshingProviderBuilder<Builder> {
        /**
         * The IMDS endpoint, overriding every other endpoint setting; default from the settings, else
         * {@code http://169.254.169.254}. Plain HTTP to an address that is neither loopback nor link-local is
         * refused unless {@link #allowInsecureEndpoint(boolean)}.
         */
        Builder endpoint(URI endpoint);

        /** The endpoint mode when no endpoint is set; default from the settings, else {@link ImdsEndpointMode#IPV4}. */
        Builder endpointMode(ImdsEndpointMode endpointMode);

        /** The profile whose config-file keys are read; default {@code AWS_PROFILE}, else {@code default}. */
        Builder profileName(String profileName);

        /** Whether plain HTTP to a non-loopback, non-link-local endpoint is allowed; default {@code false}. */
        Builder allowInsecureEndpoint(boolean allowInsecureEndpoint);

        /** The IMDSv2 token TTL, 1 second to 6 hours; default 6 hours. */
        Builder tokenTtl(Duration tokenTtl);

        /** The connect timeout of each request; default 1 second. Ignored with {@link #httpClient}. */
        Builder connectTimeout(Duration connectTimeout);

        /**
         * How long to wait for an answer; default 1 second. This bounds the hop-limit diagnosis: a token
         * request unanswered for this long is reported as a suspected hop limit. Ignored with
         * {@link #httpClient}.
         */
        Builder readTimeout(Duration readTimeout);

        /** Retries after the first attempt on 5xx, 429 and broken connections, 0 to 10; default 3. */
        Builder maxRetries(int maxRetries);

        /** The first retry's delay, doubled each retry (with jitter, at most 2 s); default 100 ms. */
        Builder retryBackoff(Duration retryBackoff);

        /**
         * The HTTP client; default none: the provider talks {@link java.net.HttpURLConnection} itself with the
         * timeouts above and no proxy. A client set here carries every request, its own timeouts apply, and the
         * provider does not close it.
         */
        Builder httpClient(SdkHttpClient httpClient);

        /** The executor for loads; default the engine's own daemon threads. Never shut down by the provider. */
        Builder executor(Executor executor);

        /**
         * Builds the provider. No I/O, no thread started.
         *
         * @throws IllegalArgumentException when a value is out of range, or the endpoint is plain HTTP to a
         *         non-loopback, non-link-local address without {@link #allowInsecureEndpoint(boolean)}
         */
        ImdsCredentialsProvider build();
    }

    static final class BuilderImpl extends RefreshingProviderBuilderSupport<Builder> implements Builder {
        private URI endpoint;
        private ImdsEndpointMode endpointMode;
        private String profileName;
        private boolean allowInsecureEndpoint;
        private Duration tokenTtl = Duration.ofHours(6);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration readTimeout = Duration.ofSeconds(1);
        private int maxRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(100);
        private SdkHttpClient httpClient;
        private Path fileSystemRoot = Path.of("/");
        private ImdsClient.Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        BuilderImpl() {
            super(null, RefreshPolicy.defaults());
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            endpoint = o.endpoint;
            endpointMode = o.endpointMode;
            profileName = o.profileName;
            allowInsecureEndpoint = o.allowInsecureEndpoint;
            tokenTtl = o.tokenTtl;
            connectTimeout = o.connectTimeout;
            readTimeout = o.readTimeout;
            maxRetries = o.maxRetries;
            retryBackoff = o.retryBackoff;
            httpClient = o.httpClient;
            fileSystemRoot = o.fileSystemRoot;
            sleeper = o.sleeper;
        }

        @Override
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        @Override
        public Builder endpointMode(ImdsEndpointMode endpointMode) {
            this.endpointMode = Objects.requireNonNull(endpointMode, "endpointMode");
            return this;
        }

        @Override
        public Builder profileName(String profileName) {
            this.profileName = Objects.requireNonNull(profileName, "profileName");
            return this;
        }

        @Override
        public Builder allowInsecureEndpoint(boolean allowInsecureEndpoint) {
            this.allowInsecureEndpoint = allowInsecureEndpoint;
            return this;
        }

        @Override
        public Builder tokenTtl(Duration tokenTtl) {
            this.tokenTtl = LocalHttpSettings.between("tokenTtl", tokenTtl, Duration.ofSeconds(1), Duration.ofHours(6));
            if (tokenTtl.getNano() != 0) {
                throw new IllegalArgumentException("tokenTtl must be whole seconds, was " + tokenTtl);
            }
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

        /** Test hook: where {@code /.dockerenv} and {@code /proc/.../cgroup} are looked up; default {@code /}. */
        BuilderImpl fileSystemRoot(Path root) {
            this.fileSystemRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Test hook: how retries wait; default {@link Thread#sleep(long)}. */
        BuilderImpl sleeper(ImdsClient.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        @Override
        public ImdsCredentialsProvider build() {
            if (endpoint != null) {
                try {
                    ImdsSettings.checkEndpoint(endpoint, "the builder", allowInsecureEndpoint);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            return new ImdsCredentialsProvider(this);
        }
    }
}
