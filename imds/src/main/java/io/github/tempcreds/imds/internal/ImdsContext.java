package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.ImdsEndpointMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Everything one provider needs to talk to IMDS: the builder's values, the environment, and, created on
 * first use, the resolved settings and the {@link ImdsClient}. Internal: no compatibility promise.
 *
 * <p>Concurrency: the settings and the client are created lazily without a lock; if two threads race, one
 * result wins by compare-and-set and the loser's client is closed. The {@link ImdsWatchdog} (request
 * deadlines) is shared by every client of the context and stopped by {@link #close()}.
 *
 * <p>Life cycle: {@link #close()} closes the client (and the HTTP client it created, never a user's),
 * forgets the session and stops the watchdog's thread; the next call creates a new session (settings
 * read again) and the watchdog starts again lazily, so a provider shared by SDK clients survives one of
 * them closing it. A load racing a close either took the session before it (the close closes it; that
 * load fails, its flight abandoned by the engine's close anyway) or publishes a new one after it, which
 * the next close closes: a session is only ever created into {@code session}, never left unreachable.
 */
public final class ImdsContext implements AutoCloseable {
    /** How many read timeouts, plus the connect timeout, one request attempt may take in total. */
    static final int REQUEST_TIMEOUT_READS = 2;

    private final URI endpoint;
    private final ImdsEndpointMode mode;
    private final String profileName;
    private final boolean allowInsecure;
    private final Duration tokenTtl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration backoff;
    private final SdkHttpClient userHttpClient;
    private final TempcredsEnvironment env;
    private final Path fileSystemRoot;
    private final ImdsClient.Sleeper sleeper;
    private final ImdsWatchdog watchdog = new ImdsWatchdog();
    private final AtomicReference<Session> session = new AtomicReference<>();

    /** Creates a context; does no I/O. */
    public ImdsContext(URI endpoint, ImdsEndpointMode mode, String profileName, boolean allowInsecure,
                       Duration tokenTtl, Duration connectTimeout, Duration readTimeout, int maxRetries,
                       Duration backoff, SdkHttpClient userHttpClient, TempcredsEnvironment env, Path fileSystemRoot,
                       ImdsClient.Sleeper sleeper) {
        this.endpoint = endpoint;
        this.mode = mode;
        this.profileName = profileName;
        this.allowInsecure = allowInsecure;
        this.tokenTtl = tokenTtl;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.userHttpClient = userHttpClient;
        this.env = env;
        this.fileSystemRoot = fileSystemRoot;
        this.sleeper = sleeper;
    }

    /**
     * The resolved settings (reads the config file once).
     *
     * @throws io.github.tempcreds.core.CredentialsConfigurationException when a setting is invalid
     */
    public ImdsSettings settings() {
        return session().settings;
    }

    /** The client, created on first use. */
    public ImdsClient client() {
        return session().client;
    }

    private Session session() {
        Session s = session.get();
        if (s != null) {
            return s;
        }
        ImdsSettings settings = ImdsSettings.resolve(endpoint, mode, profileName, allowInsecure, env);
        SdkHttpClient http = userHttpClient != null ? userHttpClient : ImdsClient.directHttp(connectTimeout, readTimeout);
        ImdsClient client = new ImdsClient(settings.endpoint(), http, userHttpClient == null, tokenTtl, maxRetries,
                backoff, env.clock(), env.random(), sleeper, requestTimeout(), watchdog);
        Session fresh = new Session(settings, client, http);
        Session winner = session.compareAndExchange(null, fresh);
        if (winner == null) {
            return fresh;
        }
        client.close();
        return winner; // another thread's session (a close after this point closes it; this call then fails)
    }


    /**
     * A new client with no cached token, sharing the HTTP client: for a probe that must exercise the token
     * request. Closing it does not close the HTTP client.
     */
    public ImdsClient probeClient() {
        Session s = session();
        return new ImdsClient(s.settings.endpoint(), s.http, false, tokenTtl, maxRetries, backoff, env.clock(),
                env.random(), sleeper, requestTimeout(), watchdog);
    }

    /** The container hints for the hop-limit diagnosis. */
    public List<String> containerHints() {
        return ContainerHints.find(fileSystemRoot, env);
    }

    /** The environment. */
    public TempcredsEnvironment environment() {
        return env;
    }

    /** The token TTL. */
    public Duration tokenTtl() {
        return tokenTtl;
    }

    /** The read timeout. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The total time one IMDS request attempt may take, from sending it to the last byte of the answer:
     * two read timeouts plus the connect timeout (3 s with the defaults). It applies
     * to an injected HTTP client too (computed from this provider's connect and read timeout settings).
     */
    public Duration requestTimeout() {
        return connectTimeout.plus(readTimeout.multipliedBy(REQUEST_TIMEOUT_READS));
    }

    /** The connect timeout. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Closes the session's clients and stops the watchdog; a later call starts both again. Idempotent. */
    @Override
    public void close() {
        Session s = session.getAndSet(null);
        if (s != null) {
            s.client.close();
        }
        watchdog.close();
    }

    private static final class Session {
        final ImdsSettings settings;
        final ImdsClient client;
        final SdkHttpClient http;

        Session(ImdsSettings settings, ImdsClient client, SdkHttpClient http) {
            this.settings = settings;
            this.client = client;
            this.http = http;
        }
    }
}
