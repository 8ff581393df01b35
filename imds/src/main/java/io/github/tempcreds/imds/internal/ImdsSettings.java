package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.ImdsEndpointMode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The IMDS settings in force, resolved with the usual precedence: builder, then system property, then
 * environment variable, then the profile in the AWS config file. Internal: no compatibility promise.
 *
 * <p>Immutable and thread-safe. {@link #resolve} reads the config file (if there is one) and nothing else:
 * it never touches the network.
 */
public final class ImdsSettings {
    /** System property and variable turning IMDS off. */
    public static final String DISABLED_PROPERTY = "aws.disableEc2Metadata";
    public static final String DISABLED_ENV = "AWS_EC2_METADATA_DISABLED";
    public static final String ENDPOINT_PROPERTY = "aws.ec2MetadataServiceEndpoint";
    public static final String ENDPOINT_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    public static final String ENDPOINT_PROFILE_KEY = "ec2_metadata_service_endpoint";
    public static final String MODE_PROPERTY = "aws.ec2MetadataServiceEndpointMode";
    public static final String MODE_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
    public static final String MODE_PROFILE_KEY = "ec2_metadata_service_endpoint_mode";

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String IMDS_IPV6 = "fd00:ec2:0:0:0:0:0:254";
    /** The most characters of a configured value a message shows. */
    private static final int QUOTE_MAX = 64;

    private final URI endpoint;
    private final String endpointSource;
    private final ImdsEndpointMode mode;
    private final boolean disabled;
    private final String disabledSource;

    private ImdsSettings(URI endpoint, String endpointSource, ImdsEndpointMode mode, boolean disabled,
                         String disabledSource) {
        this.endpoint = endpoint;
        this.endpointSource = endpointSource;
        this.mode = mode;
        this.disabled = disabled;
        this.disabledSource = disabledSource;
    }

    /**
     * Resolves the settings.
     *
     * @param endpoint the builder's endpoint, or {@code null}
     * @param mode the builder's endpoint mode, or {@code null}
     * @param profileName the builder's profile name, or {@code null} for {@code AWS_PROFILE} / {@code default}
     * @param allowInsecure whether plain HTTP to a non-loopback, non-link-local host is allowed
     * @param env the environment
     * @throws CredentialsConfigurationException when a value is invalid, naming where it came from
     */
    public static ImdsSettings resolve(URI endpoint, ImdsEndpointMode mode, String profileName,
                                       boolean allowInsecure, TempcredsEnvironment env) {
        Optional<String[]> off = lookup(env, DISABLED_PROPERTY, DISABLED_ENV, null, () -> null);
        boolean disabled = off.map(v -> v[0].trim().equalsIgnoreCase("true")).orElse(false);
        String disabledSource = off.map(v -> v[1]).orElse("system property " + DISABLED_PROPERTY);

        Profile[] profile = new Profile[1];
        boolean[] read = new boolean[1];
        Supplier<Profile> lazyProfile = () -> {
            if (!read[0]) {
                profile[0] = profile(profileName, env);
                read[0] = true;
            }
            return profile[0];
        };
        if (endpoint != null) {
            checkEndpoint(endpoint, "the builder", allowInsecure);
            return new ImdsSettings(endpoint, "the builder", mode, disabled, disabledSource);
        }
        Optional<String[]> configured = lookup(env, ENDPOINT_PROPERTY, ENDPOINT_ENV, ENDPOINT_PROFILE_KEY, lazyProfile);
        if (configured.isPresent()) {
            URI uri = parseUri(configured.get()[0].trim(), configured.get()[1]);
            checkEndpoint(uri, configured.get()[1], allowInsecure);
            return new ImdsSettings(uri, configured.get()[1], mode, disabled, disabledSource);
        }
        ImdsEndpointMode chosen = mode;
        if (chosen == null) {
            chosen = lookup(env, MODE_PROPERTY, MODE_ENV, MODE_PROFILE_KEY, lazyProfile)
                    .map(v -> ImdsEndpointMode.fromValue(v[0]).orElseThrow(() -> configError(
                            "The IMDS endpoint mode " + quote(v[0]) + " from " + v[1] + " is neither IPv4 nor IPv6. "
                                    + "Set it to IPv4 or IPv6.")))
                    .orElse(ImdsEndpointMode.IPV4);
        }
        return new ImdsSettings(URI.create(chosen.endpoint()), "endpoint mode " + chosen, chosen, disabled,
                disabledSource);
    }

    /** A setting's value and where it came from: system property, then variable, then profile key. */
    private static Optional<String[]> lookup(TempcredsEnvironment env, String property, String variable,
                                             String profileKey, Supplier<Profile> profile) {
        Optional<String> v = env.property(property);
        if (v.isPresent()) {
            return Optional.of(new String[] {v.get(), "system property " + property});
        }
        v = env.env(variable);
        if (v.isPresent()) {
            return Optional.of(new String[] {v.get(), "environment variable " + variable});
        }
        Profile p = profileKey == null ? null : profile.get();
        return p == null ? Optional.empty() : p.property(profileKey).filter(x -> !x.isBlank())
                .map(x -> new String[] {x, "profile key " + profileKey});
    }

    private static Profile profile(String profileName, TempcredsEnvironment env) {
        String name = profileName;
        if (name == null) {
            name = env.setting("aws.profile", "AWS_PROFILE").orElse("default");
        }
        Optional<String> configured = env.setting("aws.configFile", "AWS_CONFIG_FILE");
        Path file = configured.map(p -> expandHome(p, env)).orElse(env.homeDirectory().resolve(".aws").resolve("config"));
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ProfileFile.builder().content(file).type(ProfileFile.Type.CONFIGURATION).build()
                    .profile(name).orElse(null);
        } catch (RuntimeException e) {
            throw CredentialsConfigurationException.newBuilder().source("imds")
                    .message("The AWS config file " + quote(file.toString()) + " could not be read for the IMDS"
                            + " settings of profile " + quote(name) + ": " + quote(String.valueOf(e.getMessage()))
                            + ". Fix the file or point AWS_CONFIG_FILE elsewhere.")
                    .cause(e).build();
        }
    }

    private static Path expandHome(String path, TempcredsEnvironment env) {
        if (path.equals("~") || path.startsWith("~/") || path.startsWith("~\\")) {
            return env.homeDirectory().resolve(path.length() > 2 ? path.substring(2) : "");
        }
        return Path.of(path);
    }

    private static URI parseUri(String value, String source) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (Exception e) {
            throw configError("The IMDS endpoint " + quote(value) + " from " + source
                    + " is not a URL. Set it to a URL such as http://169.254.169.254.");
        }
    }

    /**
     * Checks that an endpoint is HTTP(S), and that plain HTTP goes only to loopback, link-local or the
     * IMDS IPv6 address unless {@code allowInsecure}.
     *
     * @throws CredentialsConfigurationException when it is not
     */
    public static void checkEndpoint(URI endpoint, String source, boolean allowInsecure) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw configError("The IMDS endpoint " + quote(endpoint.toString()) + " from " + source
                    + " is not an http or https URL. Set it to a URL such as http://169.254.169.254.");
        }
        if (scheme.equals("http") && !allowInsecure && !isLocal(endpoint.getHost())) {
            throw configError("Refusing the IMDS endpoint " + quote(endpoint.toString()) + " from " + source
                    + ": IMDS tokens and credentials would travel over plain HTTP to an address that is neither"
                    + " loopback nor link-local. Use https, a loopback or link-local address, or opt in with"
                    + " ImdsCredentialsProvider.builder().allowInsecureEndpoint(true).");
        }
    }

    /** Whether a host is loopback, link-local or the IMDS IPv6 address; host names other than localhost are not. */
    static boolean isLocal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4_LITERAL.matcher(h).matches() && !h.contains(":")) {
            return false; // a name: resolving it would be I/O, and DNS may lie
        }
        try {
            InetAddress a = InetAddress.getByName(h); // a literal: no lookup
            return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.getHostAddress().equals(IMDS_IPV6);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A configured value as it may appear in a message: in single quotes, with control characters, line and
     * paragraph separators, lone surrogates and backslashes escaped (a line feed as backslash-n, NUL as
     * backslash-u0000), cut to {@value #QUOTE_MAX} characters of output followed by an ellipsis and the
     * value's length ("(N characters)") when longer. A value from the environment or a file may be hostile
     * (log injection) or huge; a message must stay one short line.
     */
    private static String quote(String value) {
        StringBuilder out = new StringBuilder(QUOTE_MAX + 32).append('\'');
        int shown = 0;
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            int step = 1;
            String piece;
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                step = 2;
                piece = value.substring(i, i + 2);
            } else if (c == '\\') {
                piece = "\\\\";
            } else if (c == '\n') {
                piece = "\\n";
            } else if (c == '\r') {
                piece = "\\r";
            } else if (c == '\t') {
                piece = "\\t";
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                piece = String.format("\\u%04x", (int) c);
            } else {
                piece = String.valueOf(c);
            }
            if (shown + piece.length() > QUOTE_MAX) {
                return out.append("'\u2026 (").append(value.length()).append(" characters)").toString();
            }
            out.append(piece);
            shown += piece.length();
            i += step;
        }
        return out.append('\'').toString();
    }

    private static CredentialsConfigurationException configError(String message) {
        return CredentialsConfigurationException.newBuilder().source("imds").message(message).build();
    }

    /** The endpoint, as configured (a trailing slash is tolerated). */
    public URI endpoint() {
        return endpoint;
    }

    /** Where the endpoint came from, for messages. */
    public String endpointSource() {
        return endpointSource;
    }

    /** The endpoint mode, when the endpoint came from a mode; else {@code null}. */
    public ImdsEndpointMode mode() {
        return mode;
    }

    /** Whether IMDS is turned off by {@code AWS_EC2_METADATA_DISABLED} or its property. */
    public boolean disabled() {
        return disabled;
    }

    /** Where the disabled flag came from. */
    public String disabledSource() {
        return disabledSource;
    }

    @Override
    public String toString() {
        return "ImdsSettings(endpoint=" + endpoint + " from " + endpointSource + (disabled ? ", disabled" : "") + ")";
    }
}
