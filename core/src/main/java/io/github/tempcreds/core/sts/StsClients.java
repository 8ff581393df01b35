package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.internal.CreatedClients;
import io.github.tempcreds.core.internal.SafeText;
import io.github.tempcreds.core.internal.ServiceEndpoints;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.StsProviderBuilderSupport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;

/**
 * The STS clients of one provider: an injected one (never closed here) or ones created on first use
 * from a region and endpoint (closed by {@link #close()}).
 *
 * <p>Region: the setting, else {@code aws.region}/{@code AWS_REGION}/{@code AWS_DEFAULT_REGION} from the
 * environment, else {@code us-east-1}. Endpoint: the setting, else {@code aws.endpointUrlSts}/
 * {@code AWS_ENDPOINT_URL_STS}, else {@code aws.endpointUrl}/{@code AWS_ENDPOINT_URL} (unless
 * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true), else the SDK's regional endpoint. A plain-HTTP
 * endpoint that is neither loopback nor link-local is refused unless explicitly allowed.
 *
 * <p>Created clients use the HTTP client of {@link CreatedClients} (the SDK's URL-connection client,
 * reading for at most the provider's load timeout), built and closed by the STS client. A user who
 * needs another HTTP client injects an {@code StsClient}.
 *
 * <p>Created clients sign nothing by default (anonymous credentials): each request carries its own
 * credentials provider. With an environment other than {@link TempcredsEnvironment#system()}, they sign
 * with that environment's clock (tests drive signatures and a fake STS from one clock); with the system
 * environment the SDK's own signing clock, including its clock-skew correction, is kept.
 *
 * <p>Life cycle: {@link #close()} closes the created clients (never the injected one) and forgets them;
 * a later {@link #client} creates them again, so a provider shared by SDK clients survives one of them
 * closing it. {@link #closeForGood()} (a keyed cache's close, which is final) also refuses later calls.
 *
 * <p>Concurrency: every method is {@code synchronized}; client creation does no I/O beyond what the
 * SDK's builder does and happens at most once per (region, endpoint) between two closes. A load racing
 * a close either got its client before the close (the close closes it; that load fails, and its flight
 * was abandoned by the engine's close anyway) or creates one after it (kept in {@code created} and
 * closed by the next close): no created client is ever left unreachable.
 */
final class StsClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StsClients.class);
    static final String DEFAULT_REGION = "us-east-1";
    static final String CLOSED_FOR_GOOD = "the role provider cache was closed: build a new one";
    static final String INSECURE_ENDPOINT = "STS endpoint %s is plain HTTP to a host that is neither "
            + "loopback nor link-local: credentials and tokens would cross the network unencrypted. Use "
            + "HTTPS, or allow it explicitly with allowInsecureEndpoint(true)";

    private final StsClient injected;
    private final String region;
    private final URI endpoint;
    private final TempcredsEnvironment environment;
    private final boolean allowInsecure;
    private final List<Created> created = new ArrayList<>();
    /** The HTTP client builder of each created STS client, which builds, owns and closes that HTTP client. */
    private final Supplier<SdkHttpClient.Builder<?>> httpClients;
    private boolean closedForGood;

    StsClients(StsClient injected, String region, URI endpoint, TempcredsEnvironment environment,
               boolean allowInsecure) {
        this(injected, region, endpoint, environment, allowInsecure, () -> CreatedClients.httpClient(null));
    }

    /** As above, with the builder of each created client's HTTP client (tests observe its close). */
    StsClients(StsClient injected, String region, URI endpoint, TempcredsEnvironment environment,
               boolean allowInsecure, Supplier<SdkHttpClient.Builder<?>> httpClients) {
        this.httpClients = httpClients;
        this.injected = injected;
        this.region = region;
        this.endpoint = endpoint;
        this.environment = environment;
        this.allowInsecure = allowInsecure;
    }

    /**
     * The clients of a provider built with {@code settings}, its configured endpoint checked.
     *
     * @throws CredentialsConfigurationException when the endpoint is insecure and not allowed
     */
    static StsClients of(StsProviderBuilderSupport<?> settings) {
        Duration loadTimeout = settings.loadTimeout();
        StsClients clients = new StsClients(settings.stsClient(), settings.region(), settings.endpoint(),
                settings.environment(), settings.allowInsecureEndpoint(), () -> CreatedClients.httpClient(loadTimeout));
        clients.checkConfigured();
        return clients;
    }

    /** The region requests go to, for messages. */
    synchronized String region(String overrideRegion) {
        if (overrideRegion != null) {
            return overrideRegion;
        }
        if (injected != null) {
            return injected.serviceClientConfiguration().region().id();
        }
        return effectiveRegion(region, environment);
    }

    /** The client for a hop with optional region/endpoint overrides. */
    synchronized StsClient client(String overrideRegion, URI overrideEndpoint) {
        if (closedForGood) {
            throw CredentialsConfigurationException.of(CLOSED_FOR_GOOD);
        }
        if (injected != null && overrideRegion == null && overrideEndpoint == null) {
            return injected;
        }
        String r = overrideRegion != null ? overrideRegion : effectiveRegion(region, environment);
        URI e = overrideEndpoint != null ? overrideEndpoint : effectiveEndpoint(endpoint, environment).orElse(null);
        for (Created c : created) {
            if (c.region.equals(r) && Objects.equals(c.endpoint, e)) {
                return c.client;
            }
        }
        checkEndpoint(e, allowInsecure);
        StsClientBuilder b = StsClient.builder().region(Region.of(r))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(httpClients.get()); // built, owned and closed by the STS client
        if (e != null) {
            b.endpointOverride(e);
        }
        if (environment != TempcredsEnvironment.system()) {
            b.authSchemeProvider(signingWith(environment.clock()));
        }
        StsClient client = b.build();
        LOG.debug("created STS client for region {} endpoint {}", r, e == null ? "(regional)" : e);
        created.add(new Created(r, e, client));
        return client;
    }

    /**
     * Signs with the environment's clock instead of the system clock (plus the SDK's learnt skew): used
     * when the environment is not the system one, so that a test clock drives signatures too and a
     * fake STS that checks {@code X-Amz-Date} against the same clock agrees.
     */
    static StsAuthSchemeProvider signingWith(Clock clock) {
        StsAuthSchemeProvider defaults = StsAuthSchemeProvider.defaultProvider();
        return params -> {
            List<AuthSchemeOption> options = new ArrayList<>();
            for (AuthSchemeOption o : defaults.resolveAuthScheme(params)) {
                options.add(o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build());
            }
            return options;
        };
    }

    /** Validates the configured endpoint early, at build time. */
    void checkConfigured() {
        effectiveEndpoint(endpoint, environment).ifPresent(e -> checkEndpoint(e, allowInsecure));
    }

    /** Closes the created clients (never the injected one); a later call creates new ones. Idempotent. */
    @Override
    public synchronized void close() {
        for (Created c : created) {
            try {
                c.client.close();
            } catch (RuntimeException e) {
                LOG.debug("closing STS client failed", e);
            }
        }
        created.clear();
    }

    /** Like {@link #close()}, and later calls fail: for an owner whose own close is final. Idempotent. */
    synchronized void closeForGood() {
        closedForGood = true;
        close();
    }

    /** How many clients this object created and holds now; for tests. */
    synchronized int createdCount() {
        return created.size();
    }

    static String effectiveRegion(String region, TempcredsEnvironment env) {
        if (region != null) {
            return region;
        }
        return env.setting("aws.region", "AWS_REGION")
                .or(() -> env.env("AWS_DEFAULT_REGION"))
                .orElse(DEFAULT_REGION);
    }

    static Optional<URI> effectiveEndpoint(URI endpoint, TempcredsEnvironment env) {
        if (endpoint != null) {
            return Optional.of(endpoint);
        }
        Optional<ServiceEndpoints.Configured> configured =
                ServiceEndpoints.configured(env, "aws.endpointUrlSts", "AWS_ENDPOINT_URL_STS");
        try {
            return configured.map(c -> URI.create(c.value()));
        } catch (IllegalArgumentException e) {
            throw CredentialsConfigurationException.of("The configured STS endpoint URL "
                    + SafeText.quote(configured.get().value()) + " (AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL) is not a valid URI",
                    e);
        }
    }

    static void checkEndpoint(URI e, boolean allowInsecure) {
        if (e == null || allowInsecure) {
            return;
        }
        String scheme = e.getScheme() == null ? "" : e.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && (!scheme.equals("http") || e.getHost() == null)) {
            throw CredentialsConfigurationException.of("STS endpoint " + e + " must be an http(s) URL with a host");
        }
        if (!ServiceEndpoints.secureOrLocal(e)) {
            throw CredentialsConfigurationException.of(String.format(INSECURE_ENDPOINT, e));
        }
    }

    @Override
    public synchronized String toString() {
        return injected != null ? "StsClients(injected)" : "StsClients(region=" + region + ", endpoint=" + endpoint + ")";
    }

    private static final class Created {
        final String region;
        final URI endpoint;
        final StsClient client;

        Created(String region, URI endpoint, StsClient client) {
            this.region = region;
            this.endpoint = endpoint;
            this.client = client;
        }
    }
}
