package io.github.tempcreds.core.internal;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of every AWS SDK client tempcreds creates itself (STS, the SSO portal and SSO-OIDC,
 * Cognito): the SDK's {@code UrlConnectionHttpClient}, passed as a builder so the SDK client builds,
 * owns and closes it, with the SDK's default timeouts and proxy settings. Internal: no compatibility
 * promise.
 *
 * <p>Why not the SDK's default (the Apache client when it is on the class path): a credentials provider
 * makes one request per refresh, so a connection pool buys nothing, and in a new JVM the first call is
 * faster: the JDK's HTTP and TLS classes come from its class-data archive, while the Apache client loads
 * about 200 classes and its TLS trust store when it is built. It also starts no pool thread. Users who
 * need another HTTP client inject their own SDK client.
 */
public final class CreatedClients {
    private CreatedClients() {
    }

    /** The SDK's default read timeout, the most a created client ever waits for a response. */
    static final Duration SDK_DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A new builder of the HTTP client of one SDK client tempcreds creates. For a client whose calls are
     * loads of a provider, its read timeout is the provider's load timeout when that is shorter than the
     * SDK's 30 s, so a response that never comes does not hold the loading thread after the engine has
     * given the load up; with {@code loadTimeout} null (not a load, e.g. a device login), the SDK's default.
     */
    public static SdkHttpClient.Builder<?> httpClient(Duration loadTimeout) {
        if (loadTimeout == null) {
            return UrlConnectionHttpClient.builder();
        }
        Duration read = loadTimeout.compareTo(SDK_DEFAULT_READ_TIMEOUT) < 0 ? loadTimeout : SDK_DEFAULT_READ_TIMEOUT;
        return UrlConnectionHttpClient.builder().socketTimeout(read);
    }
}
