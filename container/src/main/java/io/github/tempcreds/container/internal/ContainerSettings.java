package io.github.tempcreds.container.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The container endpoint settings: the builder's values over system properties over environment variables,
 * the precedence between them, and the host rules. Internal: no compatibility promise.
 *
 * <p>Thread safety: immutable.
 */
public final class ContainerSettings {
    /** ECS: the path on the ECS endpoint. */
    public static final String ENV_RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    /** The full URI (EKS Pod Identity, sidecars). */
    public static final String ENV_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    /** The authorization token. */
    public static final String ENV_TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    /** The authorization token file. */
    public static final String ENV_TOKEN_FILE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    /** The ECS endpoint override (Java SDK only). */
    public static final String ENV_SERVICE_ENDPOINT = "AWS_CONTAINER_SERVICE_ENDPOINT";
    static final String PROP_RELATIVE_URI = "aws.containerCredentialsPath";
    static final String PROP_FULL_URI = "aws.containerCredentialsFullUri";
    static final String PROP_TOKEN = "aws.containerAuthorizationToken";
    static final String PROP_TOKEN_FILE = "aws.containerAuthorizationTokenFile";
    static final String PROP_SERVICE_ENDPOINT = "aws.containerServiceEndpoint";
    /** The ECS endpoint the relative URI is appended to. */
    public static final String ECS_ENDPOINT = "http://169.254.170.2";
    static final String ALLOWED = "plain http is allowed only to loopback (127.0.0.0/8, [::1]), 169.254.170.2 (ECS),"
            + " 169.254.170.23 or [fd00:ec2::23] (EKS Pod Identity), and a host name must resolve only to those"
            + " addresses; use https for any other host";
    private static final byte[] ECS = {(byte) 169, (byte) 254, (byte) 170, 2};
    private static final byte[] EKS = {(byte) 169, (byte) 254, (byte) 170, 23};
    private static final byte[] EKS6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x23};

    /** How host names are resolved; tests replace it. */
    @FunctionalInterface
    public interface Resolver {
        /** The system resolver. */
        Resolver SYSTEM = InetAddress::getAllByName;

        /** All addresses of {@code host} (an IP literal without brackets, or a name). */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final String relativeUri;
    private final URI fullUri;
    private final URI serviceEndpoint;
    private final Path tokenFile;
    private final String token;

    /** Builder values; each may be null (then the setting is read from the environment). */
    public ContainerSettings(String relativeUri, URI fullUri, URI serviceEndpoint, Path tokenFile, String token) {
        this.relativeUri = relativeUri;
        this.fullUri = fullUri;
        this.serviceEndpoint = serviceEndpoint;
        this.tokenFile = tokenFile;
        this.token = token;
    }

    /** Whether the relative or full URI is set, as a system property or environment variable. */
    public static boolean isConfigured(TempcredsEnvironment env) {
        return env.setting(PROP_RELATIVE_URI, ENV_RELATIVE_URI).isPresent()
                || env.setting(PROP_FULL_URI, ENV_FULL_URI).isPresent();
    }

    /**
     * Resolves the endpoint and the token source, and checks the host rules (resolving a host name).
     *
     * @throws CredentialsNotFoundException when neither URI is set
     * @throws CredentialsConfigurationException when the URI is malformed or not allowed
     */
    public Target resolve(TempcredsEnvironment env, Resolver resolver) {
        Optional<String> relative = relativeUri != null ? Optional.of(relativeUri)
                : env.setting(PROP_RELATIVE_URI, ENV_RELATIVE_URI);
        URI uri;
        String origin;
        if (relative.isPresent()) {
            String base;
            String baseOrigin;
            if (serviceEndpoint != null) {
                base = serviceEndpoint.toString();
                baseOrigin = "the builder's serviceEndpoint";
            } else {
                Optional<String> configured = env.setting(PROP_SERVICE_ENDPOINT, ENV_SERVICE_ENDPOINT);
                base = configured.orElse(ECS_ENDPOINT);
                baseOrigin = configured.isPresent() ? ENV_SERVICE_ENDPOINT : "the ECS endpoint";
            }
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            String path = relative.get().trim();
            origin = relativeUri != null ? "the builder's relativeUri" : ENV_RELATIVE_URI
                    + (baseOrigin.equals(ENV_SERVICE_ENDPOINT) ? " on " + ENV_SERVICE_ENDPOINT : "");
            uri = parse(base + (path.startsWith("/") ? "" : "/") + path, origin);
        } else if (fullUri != null) {
            uri = fullUri;
            origin = "the builder's fullUri";
        } else {
            Optional<String> full = env.setting(PROP_FULL_URI, ENV_FULL_URI);
            if (full.isEmpty()) {
                throw CredentialsNotFoundException.of(ContainerErrors.NOT_CONFIGURED);
            }
            origin = ENV_FULL_URI;
            uri = parse(full.get().trim(), origin);
        }
        checkUri(uri, origin, resolver);
        Path file = tokenFile != null ? tokenFile
                : env.setting(PROP_TOKEN_FILE, ENV_TOKEN_FILE).map(String::trim).map(ContainerSettings::path)
                        .orElse(null);
        String value = file != null ? null : token != null ? token : env.setting(PROP_TOKEN, ENV_TOKEN).orElse(null);
        return new Target(uri, origin, file, value);
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            throw CredentialsConfigurationException.of(ENV_TOKEN_FILE + " is not a valid path ("
                    + ContainerErrors.quote(text) + "); set it to the token file's path.");
        }
    }

    private static URI parse(String text, String origin) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(text, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CredentialsConfigurationException.of("The container credentials URI from " + origin + " ("
                    + ContainerErrors.quote(text) + ") is not an absolute http or https URI; " + ALLOWED + ".");
        }
    }

    /**
     * Checks the host rules.
     *
     * @throws CredentialsConfigurationException when the URI is not allowed, saying what is
     */
    public static void checkUri(URI uri, String origin, Resolver resolver) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw CredentialsConfigurationException.of("The container credentials URI from " + origin + " ("
                    + ContainerErrors.quote(uri.toString()) + ") is not an absolute http or https URI; "
                    + ALLOWED + ".");
        }
        if (uri.getUserInfo() != null) {
            throw CredentialsConfigurationException.of("The container credentials URI from " + origin
                    + " carries user information; remove it (send a token with " + ENV_TOKEN_FILE + " instead).");
        }
        if (scheme.equals("https")) {
            return;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException | RuntimeException e) {
            throw CredentialsConfigurationException.of("The host of the container credentials URI from " + origin
                    + " (" + ContainerErrors.quote(host) + ") could not be resolved to an IP address; " + ALLOWED + ".");
        }
        if (addresses == null || addresses.length == 0 || !Arrays.stream(addresses).allMatch(ContainerSettings::allowed)) {
            throw CredentialsConfigurationException.of("The container credentials URI from " + origin + " ("
                    + ContainerErrors.quote(uri.toString()) + ") is plain http to a host that is not allowed"
                    + (addresses == null ? "" : " (it resolves to " + describe(addresses) + ")") + ": " + ALLOWED + ".");
        }
    }

    /** Whether plain http to this address is allowed. */
    public static boolean allowed(InetAddress a) {
        byte[] b = a.getAddress();
        return a.isLoopbackAddress() || Arrays.equals(b, ECS) || Arrays.equals(b, EKS)
                || (a instanceof Inet6Address && Arrays.equals(b, EKS6));
    }

    private static String describe(InetAddress[] addresses) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < addresses.length && i < 5; i++) {
            s.append(i == 0 ? "" : ", ").append(addresses[i].getHostAddress());
        }
        return s.append(addresses.length > 5 ? ", ..." : "").toString();
    }

    @Override
    public String toString() {
        return "ContainerSettings(" + (relativeUri != null ? "relativeUri=" + relativeUri
                : fullUri != null ? "fullUri=" + fullUri : "uri from environment")
                + (tokenFile != null ? ", tokenFile=" + tokenFile : "")
                + (token != null ? ", token=(set)" : "") + ")";
    }

    /** The resolved endpoint and where its token comes from. Holds a secret: its toString hides it. */
    public static final class Target {
        private final URI uri;
        private final String origin;
        private final Path tokenFile;
        private final String token;

        Target(URI uri, String origin, Path tokenFile, String token) {
            this.uri = uri;
            this.origin = origin;
            this.tokenFile = tokenFile;
            this.token = token;
        }

        /** The credentials URI. */
        public URI uri() {
            return uri;
        }

        /** Where the URI came from, for messages. */
        public String origin() {
            return origin;
        }

        /** The token file, if any. */
        public Optional<Path> tokenFile() {
            return Optional.ofNullable(tokenFile);
        }

        /** The configured token value (not from a file), if any; a secret. */
        Optional<String> token() {
            return Optional.ofNullable(token);
        }

        @Override
        public String toString() {
            return "Target(" + uri + (tokenFile != null ? ", tokenFile=" + tokenFile : "")
                    + (token != null ? ", token=(set)" : "") + ")";
        }
    }
}
