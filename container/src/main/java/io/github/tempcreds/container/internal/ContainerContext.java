package io.github.tempcreds.container.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.tempcreds.core.internal.OwnedClient;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Everything one provider needs to talk to the container endpoint: settings, the HTTP client (created on
 * first use), the token read, and the GET with bounded retries. Internal: no compatibility promise.
 *
 * <ul>
 *   <li>The endpoint is resolved and checked (host rules, DNS) once, on the first load that succeeds in
 *       doing so; the token (file) is read on every load.</li>
 *   <li>5xx and broken connections are retried up to {@code maxRetries} times with exponential backoff and
 *       jitter; 4xx are not. A connect refusal is retried too (an agent that is starting up).</li>
 *   <li>The body is read up to {@value #MAX_BODY} bytes, checking a total deadline of one read timeout
 *       beyond the socket's own between reads.</li>
 * </ul>
 *
 * <p>Concurrency: thread-safe; the engine calls one load at a time. Life cycle: the HTTP client is an
 * {@link OwnedClient}: {@link #close()} closes the client this context created and forgets it, the next
 * request creates another (a provider shared by SDK clients survives one of them closing it), and a
 * client created by a load racing a close is closed by the next close.
 */
public final class ContainerContext implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_TOKEN_FILE = 16 * 1024;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ContainerContext.class);

    /** How retries wait; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** An answer: status and body. The body may hold secrets: never put it in a message. */
    static final class Answer {
        final int status;
        final String body;
        final int attempts;

        Answer(int status, String body, int attempts) {
            this.status = status;
            this.body = body;
            this.attempts = attempts;
        }

        @Override
        public String toString() {
            return "Answer(" + status + ", " + body.length() + " characters)";
        }
    }

    private final ContainerSettings settings;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration backoff;
    private final TempcredsEnvironment env;
    private final ContainerSettings.Resolver resolver;
    private final Sleeper sleeper;
    private volatile ContainerSettings.Target target;
    private final OwnedClient<SdkHttpClient> http;

    /** Creates a context; no I/O. */
    public ContainerContext(ContainerSettings settings, Duration connectTimeout, Duration readTimeout,
                            int maxRetries, Duration backoff, SdkHttpClient userHttp, TempcredsEnvironment env,
                            ContainerSettings.Resolver resolver, Sleeper sleeper) {
        this.settings = settings;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.http = userHttp != null ? OwnedClient.injected(userHttp) : OwnedClient.owned(() ->
                UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(readTimeout)
                        .proxyConfiguration(p -> p.useSystemPropertyValues(false).useEnvironmentVariablesValues(false))
                        .build());
        this.env = env;
        this.resolver = resolver;
        this.sleeper = sleeper;
    }

    /** The environment. */
    TempcredsEnvironment environment() {
        return env;
    }

    /** The endpoint, resolved and checked once. */
    ContainerSettings.Target target() {
        ContainerSettings.Target t = target;
        if (t == null) {
            t = settings.resolve(env, resolver);
            target = t;
        }
        return t;
    }

    /**
     * The {@code Authorization} value for this load: the token file read now, else the configured token;
     * empty when none is configured.
     *
     * @throws CredentialsConfigurationException when the file is missing, unreadable, empty, too large, or
     *         the token contains CR or LF
     */
    Optional<String> authorization(ContainerSettings.Target t) {
        Optional<Path> file = t.tokenFile();
        String value;
        String where;
        if (file.isPresent()) {
            Path p = file.get();
            where = "The token file " + ContainerErrors.quote(p.toString()) + " (" + ContainerSettings.ENV_TOKEN_FILE + ")";
            try {
                if (Files.size(p) > MAX_TOKEN_FILE) {
                    throw CredentialsConfigurationException.of(where + " is larger than " + MAX_TOKEN_FILE
                            + " bytes; it should hold one token. Point " + ContainerSettings.ENV_TOKEN_FILE
                            + " at the projected service-account token.");
                }
                value = Files.readString(p, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw CredentialsConfigurationException.of(where + " does not exist. On EKS the Pod Identity"
                        + " webhook mounts it into the pod (a projected service-account token): check that the pod"
                        + " has a Pod Identity association and was restarted after it was created, and that the"
                        + " volume is mounted in this container.");
            } catch (AccessDeniedException e) {
                throw CredentialsConfigurationException.of(where + " cannot be read by this process (permission"
                        + " denied). On EKS the Pod Identity webhook mounts it; check the pod's securityContext"
                        + " (runAsUser / fsGroup) lets this user read it.");
            } catch (IOException | RuntimeException e) {
                throw CredentialsConfigurationException.of(where + " cannot be read (" + e.getClass().getSimpleName()
                        + "). On EKS the Pod Identity webhook mounts it; check the volume mount.");
            }
            if (value.isEmpty()) {
                throw CredentialsConfigurationException.of(where + " is empty; it must hold the token that is sent"
                        + " as the Authorization header (on EKS the kubelet writes it; wait for the mount).");
            }
        } else if (t.token().isPresent()) {
            value = t.token().get();
            where = "The authorization token (" + ContainerSettings.ENV_TOKEN + " or the builder)";
        } else {
            return Optional.empty();
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw CredentialsConfigurationException.of(where + " contains a line break (CR or LF), which is not"
                    + " allowed in an HTTP header; remove it (for example a trailing newline: write it with"
                    + " printf '%s' rather than echo).");
        }
        return Optional.of(value);
    }

    /**
     * GETs the credentials, retrying 5xx and I/O failures.
     *
     * @throws CredentialsRetrievalException when the endpoint cannot be reached after the retries
     * @throws CredentialsTimeoutException when an attempt outlived its deadline after the retries
     */
    Answer get(ContainerSettings.Target t, Optional<String> authorization) {
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                Answer a = once(t, authorization, attempt);
                if (a.status >= 500 && attempt <= maxRetries) {
                    pause(attempt, t);
                    continue;
                }
                return a;
            } catch (IOException e) {
                if (attempt <= maxRetries && !Thread.currentThread().isInterrupted()) {
                    pause(attempt, t);
                    continue;
                }
                throw ContainerErrorsIo.unreachable(t, attempt, e);
            }
        }
    }

    private Answer once(ContainerSettings.Target t, Optional<String> authorization, int attempt) throws IOException {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .uri(t.uri())
                .method(SdkHttpMethod.GET)
                .putHeader("User-Agent", "tempcreds-container")
                .putHeader("Accept", "application/json");
        authorization.ifPresent(a -> request.putHeader("Authorization", a));
        long deadline = System.nanoTime() + readTimeout.toNanos() + connectTimeout.toNanos();
        ExecutableHttpRequest call = http.get().prepareRequest(HttpExecuteRequest.builder().request(request.build()).build());
        try {
            HttpExecuteResponse response = call.call();
            int status = response.httpResponse().statusCode();
            Optional<AbortableInputStream> body = response.responseBody();
            String text = "";
            if (body.isPresent()) {
                try (InputStream in = body.get()) {
                    text = readBody(body.get(), in, deadline);
                }
            }
            return new Answer(status, text, attempt);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String readBody(AbortableInputStream abortable, InputStream in, long deadline) throws IOException {
        byte[] bytes = new byte[MAX_BODY + 1];
        int length = 0;
        while (true) {
            int n = in.read(bytes, length, bytes.length - length);
            if (n < 0) {
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            length += n;
            if (length > MAX_BODY) {
                abortable.abort();
                throw new IOException("the answer is larger than " + MAX_BODY + " bytes");
            }
            if (System.nanoTime() - deadline >= 0) {
                abortable.abort();
                throw new SocketTimeoutException("the answer took longer than its deadline");
            }
            if (Thread.currentThread().isInterrupted()) {
                abortable.abort();
                throw new InterruptedIOException("interrupted while reading the answer");
            }
        }
    }

    private void pause(int attempt, ContainerSettings.Target t) {
        long base = backoff.toMillis() << Math.min(attempt - 1, 10);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long delay = capped / 2 + (capped > 1 ? env.random().nextLong(capped / 2 + 1) : 0);
        LOG.debug("container credentials GET {} failed (attempt {}); retrying in {} ms", t.uri(), attempt, delay);
        try {
            sleeper.sleep(Duration.ofMillis(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ContainerErrorsIo.unreachable(t, attempt, new InterruptedIOException("interrupted while backing off"));
        }
    }

    /**
     * Closes the HTTP client this context created (never the user's); a later request creates a new one.
     * Idempotent.
     */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ContainerContext(" + settings + ")";
    }
}
