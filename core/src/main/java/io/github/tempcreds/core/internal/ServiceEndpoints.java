package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Endpoint overrides of the AWS SDK clients tempcreds creates, read as the SDKs read them, and the
 * check that keeps tokens and credentials off plain HTTP to other machines. Internal: no compatibility
 * promise.
 */
public final class ServiceEndpoints {
    private ServiceEndpoints() {
    }

    /** A configured endpoint URL as written, and the variable it came from (for messages). */
    public record Configured(String value, String setting) {
    }

    /**
     * The endpoint URL configured for a service: the service's system property or variable (for example
     * {@code aws.endpointUrlSts}/{@code AWS_ENDPOINT_URL_STS}), then {@code aws.endpointUrl}/
     * {@code AWS_ENDPOINT_URL}; none when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true. Not parsed:
     * callers report a malformed value in their own words.
     */
    public static Optional<Configured> configured(TempcredsEnvironment env, String property, String variable) {
        boolean ignore = env.setting("aws.ignoreConfiguredEndpointUrls", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
                .map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
        if (ignore) {
            return Optional.empty();
        }
        Optional<String> service = env.setting(property, variable);
        if (service.isPresent()) {
            return Optional.of(new Configured(service.get(), variable));
        }
        return env.setting("aws.endpointUrl", "AWS_ENDPOINT_URL").map(v -> new Configured(v, "AWS_ENDPOINT_URL"));
    }

    /** A configured endpoint, parsed, and the variable it came from (for messages). */
    public record Parsed(URI uri, String setting) {
    }

    /**
     * {@link #configured} parsed.
     *
     * @param source the source named in the error
     * @throws CredentialsConfigurationException naming the variable when the value is not a URI (the
     *     parser's exception holds the raw value, so it is not attached as the cause)
     */
    public static Optional<Parsed> configuredUri(TempcredsEnvironment env, String property, String variable,
                                                 String source) {
        Optional<Configured> c = configured(env, property, variable);
        try {
            return c.map(v -> new Parsed(URI.create(v.value()), v.setting()));
        } catch (IllegalArgumentException e) {
            throw CredentialsConfigurationException.newBuilder().source(source).message("The endpoint URL in "
                    + c.get().setting() + " is not a valid URI: " + SafeText.quote(c.get().value())).build();
        }
    }

    /**
     * Whether an endpoint keeps what is sent to it off the network in clear text: HTTPS, or plain HTTP
     * to {@code localhost} or a literal loopback or link-local address (a name is never resolved here: no
     * I/O at build time, and no trusting a DNS answer).
     */
    public static boolean secureOrLocal(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") && isLocal(endpoint.getHost());
    }

    /** Whether a host is {@code localhost} or a literal loopback or link-local address; names are not resolved. */
    public static boolean isLocal(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(h); // a literal address: no lookup
            return a.isLoopbackAddress() || a.isLinkLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
