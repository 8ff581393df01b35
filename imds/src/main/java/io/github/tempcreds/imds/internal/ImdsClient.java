package io.github.tempcreds.imds.internal;

import java.net.Proxy;
import java.net.HttpURLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The only code that talks to IMDS: an IMDSv2 session. Every GET carries a token; there is no method that
 * sends one without it, so IMDSv1 cannot be spoken by construction. Internal: no compatibility promise.
 *
 * <ul>
 *   <li>The token is fetched with the configured TTL, cached, and renewed when less than
 *       {@code min(5 min, ttl / 4)} is left (by the injected clock).</li>
 *   <li>A 401 on a GET renews the token once and repeats the GET once.</li>
 *   <li>5xx, 429 and broken connections are retried up to {@code maxRetries} times with exponential
 *       backoff and jitter. A refused connection, a connect timeout, a request that gets no answer and a
 *       request that outlives its deadline are not retried: each has its own diagnosis, and a retry would
 *       only multiply the wait.</li>
 *   <li>Each attempt has a total deadline, {@code requestTimeout}, from sending the request to the last
 *       byte of the answer. The socket read timeout is per read, so an answer dripping a few bytes per read
 *       timeout would otherwise keep a load alive indefinitely. At the deadline the {@link ImdsWatchdog}
 *       aborts the request (closing its connection); the body is also read in a loop that checks the
 *       deadline, and the caller's interrupt, between reads. An attempt therefore ends at the deadline,
 *       or at the latest one read timeout later (a read already blocked when the deadline fires).</li>
 * </ul>
 *
 * <p>Concurrency: thread-safe. The cached token is one volatile reference to an immutable value; two
 * threads that find it missing at once may each fetch one (harmless, IMDS issues tokens freely). No lock is
 * held during I/O.
 */
public final class ImdsClient implements AutoCloseable {
    /** The token path. */
    public static final String TOKEN_PATH = "/latest/api/token";
    /** The token TTL header. */
    public static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    /** The token header on GETs. */
    public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    private static final int MAX_BODY = 64 * 1024;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ImdsClient.class);

    /** How the client waits between retries; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String base;
    private final SdkHttpClient http;
    private final boolean ownsHttp;
    private final Duration tokenTtl;
    private final int maxRetries;
    private final Duration backoff;
    private final Clock clock;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final Duration requestTimeout;
    private final ImdsWatchdog watchdog;
    private volatile Token token;

    /**
     * Creates a client.
     *
     * @param endpoint the IMDS endpoint (a trailing slash is tolerated)
     * @param http the HTTP client
     * @param ownsHttp whether {@link #close()} closes {@code http}
     * @param tokenTtl the token TTL, 1 s to 6 h
     * @param maxRetries retries after the first attempt on 5xx, 429 and broken connections
     * @param backoff the first retry's delay, doubled each retry
     * @param requestTimeout the total time one attempt may take, request sent to answer read
     * @param watchdog aborts an attempt at its deadline; not closed by {@link #close()}
     */
    ImdsClient(URI endpoint, SdkHttpClient http, boolean ownsHttp, Duration tokenTtl, int maxRetries,
               Duration backoff, Clock clock, RandomGenerator random, Sleeper sleeper, Duration requestTimeout,
               ImdsWatchdog watchdog) {
        String e = endpoint.toString();
        this.base = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
        this.http = Objects.requireNonNull(http, "http");
        this.ownsHttp = ownsHttp;
        this.tokenTtl = tokenTtl;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.clock = clock;
        this.random = random;
        this.sleeper = sleeper;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    }

    /** The endpoint, without a trailing slash. */
    public String endpoint() {
        return base;
    }

    /**
     * Makes sure a token is cached that is not about to expire, fetching one if needed.
     *
     * @throws ImdsCallException when the token PUT fails
     */
    public void ensureToken() {
        currentToken();
    }

    /** When the cached token expires, by the injected clock; empty when none is cached. */
    public Optional<Instant> tokenExpiresAt() {
        Token t = token;
        return t == null ? Optional.empty() : Optional.of(t.expiresAt);
    }

    /** Forgets the cached token. */
    public void forgetToken() {
        token = null;
    }

    /**
     * GETs a metadata path with the token; renews the token once on a 401.
     *
     * @param path the path, starting with {@code /}
     * @return the final answer (any status, after retries on 5xx and 429)
     * @throws ImdsCallException when the token PUT fails or no answer came
     */
    public ImdsResponse get(String path) {
        Token t = currentToken();
        ImdsResponse r = exchange(SdkHttpMethod.GET, path, TOKEN_HEADER, t.value, false);
        if (r.status() == 401) {
            LOG.debug("IMDS answered 401 to GET {}; renewing the token once", path);
            if (token == t) {
                token = null;
            }
            r = exchange(SdkHttpMethod.GET, path, TOKEN_HEADER, currentToken().value, false);
        }
        return r;
    }

    private Token currentToken() {
        Token t = token;
        Instant now = clock.instant();
        if (t != null && now.isBefore(t.renewAt)) {
            return t;
        }
        ImdsResponse r = exchange(SdkHttpMethod.PUT, TOKEN_PATH, TTL_HEADER,
                Long.toString(tokenTtl.getSeconds()), true);
        if (r.status() != 200 || r.body().isBlank()) {
            throw new ImdsCallException(ImdsCallException.Kind.STATUS, true, TOKEN_PATH, r.status(), r.attempts(), null);
        }
        Instant issued = clock.instant();
        Duration renewBefore = tokenTtl.dividedBy(4).compareTo(Duration.ofMinutes(5)) < 0
                ? tokenTtl.dividedBy(4) : Duration.ofMinutes(5);
        Token fresh = new Token(r.body().trim(), issued.plus(tokenTtl), issued.plus(tokenTtl).minus(renewBefore));
        token = fresh;
        LOG.debug("IMDS token obtained, valid until {}", fresh.expiresAt);
        return fresh;
    }

    private ImdsResponse exchange(SdkHttpMethod method, String path, String header, String headerValue,
                                  boolean tokenRequest) {
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                ImdsResponse r = once(method, path, header, headerValue, attempt);
                if ((r.status() >= 500 || r.status() == 429) && attempt <= maxRetries) {
                    pause(attempt, tokenRequest, path);
                    continue;
                }
                return r;
            } catch (IOException e) {
                ImdsCallException.Kind kind = ImdsCallException.classify(e);
                if (kind == ImdsCallException.Kind.BROKEN && attempt <= maxRetries
                        && !Thread.currentThread().isInterrupted()) {
                    pause(attempt, tokenRequest, path);
                    continue;
                }
                throw new ImdsCallException(kind, tokenRequest, path, 0, attempt, e);
            }
        }
    }

    private ImdsResponse once(SdkHttpMethod method, String path, String header, String headerValue, int attempt)
            throws IOException {
        boolean tokenRequest = method == SdkHttpMethod.PUT;
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Exchange x = http instanceof DirectHttp direct ? direct(direct, method, path, header, headerValue)
                : throughClient(method, path, header, headerValue);
        AtomicBoolean expired = new AtomicBoolean();
        ImdsWatchdog.Armed armed = watchdog.arm(requestTimeout, () -> {
            expired.set(true);
            x.abort();
        });
        try {
            int status = x.send();
            AbortableInputStream body = x.body();
            String text = "";
            if (body != null) {
                try (InputStream in = body) {
                    text = readBody(body, deadline, expired, tokenRequest, path, status, attempt);
                }
            }
            return new ImdsResponse(status, text, attempt);
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException ? ((UncheckedIOException) e).getCause() : (IOException) e;
            if (expired.get() || System.nanoTime() - deadline >= 0) {
                x.abort();
                throw new ImdsCallException(ImdsCallException.Kind.DEADLINE, tokenRequest, path, 0, attempt, io);
            }
            throw io; // an HTTP client may wrap I/O failures (the URL-connection client's "Invalid Http response")
        } finally {
            armed.disarm();
        }
    }

    /** One request on either transport; {@link #abort()} may come from the watchdog's thread at any time. */
    private interface Exchange {
        /** Sends the request; the answer's status. */
        int send() throws IOException;

        /** The answer's body after {@link #send()}, or {@code null} when there is none. */
        AbortableInputStream body() throws IOException;

        /** Aborts the request and its answer. Never throws. */
        void abort();
    }

    /**
     * The default transport: {@link HttpURLConnection} itself, as the SDK's own IMDS provider talks to
     * IMDS, with the same headers as through an {@link SdkHttpClient} but without the SDK client layer.
     */
    private Exchange direct(DirectHttp direct, SdkHttpMethod method, String path, String header, String headerValue)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout(direct.connectMillis);
        c.setReadTimeout(direct.readMillis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod(method.name());
        c.setRequestProperty(header, headerValue);
        c.setRequestProperty("User-Agent", "tempcreds-imds");
        c.setRequestProperty("Accept", "*/*");
        return new Exchange() {
            @Override
            public int send() throws IOException {
                return c.getResponseCode();
            }

            @Override
            public AbortableInputStream body() throws IOException {
                InputStream raw = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
                return raw == null ? null : AbortableInputStream.create(raw, c::disconnect);
            }

            @Override
            public void abort() {
                c.disconnect();
            }
        };
    }

    /** A user's {@link SdkHttpClient} (the provider builder's {@code httpClient}). */
    private Exchange throughClient(SdkHttpMethod method, String path, String header, String headerValue) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .uri(URI.create(base + path))
                .method(method)
                .putHeader(header, headerValue)
                .putHeader("User-Agent", "tempcreds-imds")
                .putHeader("Accept", "*/*")
                .build();
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder().request(request).build());
        AtomicReference<HttpExecuteResponse> response = new AtomicReference<>();
        return new Exchange() {
            @Override
            public int send() throws IOException {
                HttpExecuteResponse r = call.call();
                response.set(r);
                return r.httpResponse().statusCode();
            }

            @Override
            public AbortableInputStream body() {
                return response.get().responseBody().orElse(null);
            }

            @Override
            public void abort() {
                HttpExecuteResponse r = response.get();
                abortQuietly(call, r == null ? null : r.responseBody().orElse(null));
            }
        };
    }

    /** Reads at most {@code MAX_BODY} bytes, checking the deadline and the caller's interrupt between reads. */
    private String readBody(AbortableInputStream in, long deadline, AtomicBoolean expired,
                            boolean tokenRequest, String path, int status, int attempt) throws IOException {
        byte[] bytes = new byte[MAX_BODY + 1];
        int length = 0;
        while (true) {
            int n = in.read(bytes, length, bytes.length - length);
            if (n < 0) {
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            length += n;
            if (length > MAX_BODY) {
                in.abort();
                throw new ImdsCallException(ImdsCallException.Kind.TOO_LARGE, tokenRequest, path, status, attempt,
                        null);
            }
            if (expired.get() || System.nanoTime() - deadline >= 0) {
                in.abort();
                throw new ImdsCallException(ImdsCallException.Kind.DEADLINE, tokenRequest, path, status, attempt,
                        null);
            }
            if (Thread.currentThread().isInterrupted()) {
                in.abort();
                throw new InterruptedIOException("interrupted while reading the answer");
            }
        }
    }

    private static void abortQuietly(ExecutableHttpRequest call, AbortableInputStream stream) {
        try {
            if (stream != null) {
                stream.abort();
            }
            call.abort();
        } catch (RuntimeException e) {
            LOG.debug("aborting an IMDS request failed: {}", e.toString());
        }
    }

    private void pause(int attempt, boolean tokenRequest, String path) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 10);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long delay = capped / 2 + (capped > 1 ? random.nextLong(capped / 2 + 1) : 0);
        LOG.debug("IMDS {} {} failed (attempt {}); retrying in {} ms", tokenRequest ? "PUT" : "GET", path, attempt, delay);
        try {
            sleeper.sleep(Duration.ofMillis(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImdsCallException(ImdsCallException.Kind.BROKEN, tokenRequest, path, 0, attempt,
                    new InterruptedIOException("interrupted while backing off"));
        }
    }

    @Override
    public void close() {
        token = null;
        if (ownsHttp) {
            http.close();
        }
    }

    @Override
    public String toString() {
        return "ImdsClient(" + base + ", tokenTtl=" + tokenTtl + ")";
    }

    /** A token and when it expires. Holds a secret: no {@code toString} that shows it. */
    private static final class Token {
        final String value;
        final Instant expiresAt;
        final Instant renewAt;

        Token(String value, Instant expiresAt, Instant renewAt) {
            this.value = value;
            this.expiresAt = expiresAt;
            this.renewAt = renewAt;
        }

        @Override
        public String toString() {
            return "Token(expires " + expiresAt + ")";
        }
    }

    /**
     * The default transport: {@link HttpURLConnection} without a proxy, used by {@link ImdsClient} itself
     * (as the AWS SDK's own IMDS provider does). Going through the SDK's URL-connection client instead cost
     * a new JVM about 70 ms of wall time and 100 ms of CPU for the first request (its configuration and
     * request classes), more than half of the cold-start gap to the SDK's provider. A user's
     * {@link SdkHttpClient} (the provider builder's {@code httpClient}) is still used as given.
     */
    static SdkHttpClient directHttp(Duration connectTimeout, Duration readTimeout) {
        return new DirectHttp((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()),
                (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
    }

    /** The marker of the direct transport: holds its timeouts; {@link ImdsClient} sends the requests itself. */
    private static final class DirectHttp implements SdkHttpClient {
        final int connectMillis;
        final int readMillis;

        DirectHttp(int connectMillis, int readMillis) {
            this.connectMillis = connectMillis;
            this.readMillis = readMillis;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            throw new UnsupportedOperationException("the IMDS client sends its own requests on this transport");
        }

        @Override
        public String clientName() {
            return "tempcreds-imds-direct";
        }

        @Override
        public void close() {
            // nothing held: each request's connection is closed with its answer
        }
    }
}
