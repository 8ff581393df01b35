package io.github.tempcreds.imds;

import java.util.Locale;
import java.util.Optional;

/**
 * Which IMDS address to use when no endpoint is configured: {@code http://169.254.169.254} (IPv4, the
 * default) or {@code http://[fd00:ec2::254]} (IPv6, Nitro instances with the IPv6 endpoint turned on).
 */
public enum ImdsEndpointMode {
    /** {@code http://169.254.169.254}. */
    IPV4("http://169.254.169.254"),
    /** {@code http://[fd00:ec2::254]}. */
    IPV6("http://[fd00:ec2::254]");

    private final String endpoint;

    ImdsEndpointMode(String endpoint) {
        this.endpoint = endpoint;
    }

    /** The endpoint of this mode, without a trailing slash. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The mode named by a setting value, {@code IPv4} or {@code IPv6} in any case.
     *
     * @return the mode, or empty when the value names none
     */
    public static Optional<ImdsEndpointMode> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "ipv4":
                return Optional.of(IPV4);
            case "ipv6":
                return Optional.of(IPV6);
            default:
                return Optional.empty();
        }
    }
}
