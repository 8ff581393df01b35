package io.github.tempcreds.examples;

import io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider;
import io.github.tempcreds.cognito.CognitoLogins;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a framework integration does with configuration: builds a tempcreds provider from a flat map of
 * properties (as Spring's {@code application.properties}, Quarkus' or Micronaut's config give them).
 *
 * <pre>
 * tempcreds.provider = imds | role-chain | web-identity | sso | cognito | profile
 * tempcreds.refresh.background = true|false      tempcreds.refresh.mandatory-window = 1m
 * tempcreds.refresh.min-validity = 5s            tempcreds.refresh.load-timeout = 10s
 * tempcreds.imds.endpoint, tempcreds.imds.read-timeout
 * tempcreds.role-chain.source = env | imds | profile:NAME
 * tempcreds.role-chain.hops[0].role-arn, .session-name, .external-id, .duration   (hops[1], ...)
 * tempcreds.web-identity.role-arn, .token-file, .session-name
 * tempcreds.sso.session, .start-url, .region, .account-id, .role-name   (or tempcreds.sso.profile)
 * tempcreds.cognito.pool-id (guest identities; signed-in users need a logins supplier bean)
 * tempcreds.profile.name
 * tempcreds.sts.endpoint, tempcreds.sts.region, tempcreds.sso.endpoint, tempcreds.cognito.endpoint
 * </pre>
 * Durations are {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT5M}). A key under
 * {@code tempcreds.} that is not known is an error naming it (a typo must not be silently ignored).
 */
final class PropertiesProviderFactory {
    static final String PREFIX = "tempcreds.";
    private static final Pattern HOP = Pattern.compile("tempcreds\\.role-chain\\.hops\\[(\\d+)]\\.(role-arn|session-name|external-id|duration)");
    private static final Set<String> KEYS = Set.of("tempcreds.provider", "tempcreds.refresh.background",
            "tempcreds.refresh.mandatory-window", "tempcreds.refresh.min-validity", "tempcreds.refresh.load-timeout",
            "tempcreds.imds.endpoint", "tempcreds.imds.read-timeout", "tempcreds.role-chain.source",
            "tempcreds.web-identity.role-arn", "tempcreds.web-identity.token-file", "tempcreds.web-identity.session-name",
            "tempcreds.sso.session", "tempcreds.sso.start-url", "tempcreds.sso.region", "tempcreds.sso.account-id",
            "tempcreds.sso.role-name", "tempcreds.sso.profile", "tempcreds.sso.endpoint", "tempcreds.cognito.pool-id",
            "tempcreds.cognito.endpoint", "tempcreds.profile.name", "tempcreds.sts.endpoint", "tempcreds.sts.region");

    private final Map<String, String> properties;
    private final TempcredsEnvironment environment;
    private final List<CredentialsListener> listeners;
    private final List<AutoCloseable> resources = new ArrayList<>();

    PropertiesProviderFactory(Map<String, String> properties, TempcredsEnvironment environment,
                              List<CredentialsListener> listeners) {
        this.properties = Map.copyOf(properties);
        this.environment = environment;
        this.listeners = List.copyOf(listeners);
    }

    /** What {@link #build()} created besides the provider (a chain's source, SDK clients): close after it. */
    List<AutoCloseable> resources() {
        return List.copyOf(resources);
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Builds the provider the properties describe; the caller closes it, then {@link #resources()}.
     *
     * @throws CredentialsConfigurationException naming the property when one is unknown, missing or invalid
     */
    RefreshableCredentialsProvider build() {
        for (String key : properties.keySet()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key) && !HOP.matcher(key).matches()) {
                throw CredentialsConfigurationException.of("unknown property " + key + "; known: " + new TreeSet<>(KEYS)
                        + " and tempcreds.role-chain.hops[N].role-arn|session-name|external-id|duration");
            }
        }
        String kind = required("tempcreds.provider");
        return switch (kind) {
            case "imds" -> imds();
            case "role-chain" -> roleChain();
            case "web-identity" -> webIdentity();
            case "sso" -> sso();
            case "cognito" -> cognito();
            case "profile" -> profile();
            default -> throw CredentialsConfigurationException.of("tempcreds.provider must be one of imds, role-chain,"
                    + " web-identity, sso, cognito, profile; was '" + kind + "'");
        };
    }

    private ImdsCredentialsProvider imds() {
        ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder().environment(environment)
                .refreshPolicy(policy()).backgroundRefresh(background());
        get("tempcreds.imds.endpoint").map(URI::create).ifPresent(b::endpoint);
        get("tempcreds.imds.read-timeout").map(v -> duration("tempcreds.imds.read-timeout", v)).ifPresent(b::readTimeout);
        listeners.forEach(b::addListener);
        return b.build();
    }

    private RoleChainCredentialsProvider roleChain() {
        RoleChainCredentialsProvider.Builder b = RoleChainCredentialsProvider.builder().environment(environment)
                .refreshPolicy(policy()).backgroundRefresh(background())
                .region(get("tempcreds.sts.region").orElse("us-east-1"));
        String source = required("tempcreds.role-chain.source");
        if (source.equals("env")) {
            EnvironmentKeysSource keys = new EnvironmentKeysSource(environment, "tempcreds.role-chain.source=env");
            b.source(keys).sourceIsRoleSession(keys.isSession());
        } else if (source.equals("imds")) {
            b.source(own(ImdsCredentialsProvider.builder().environment(environment).build())).sourceIsRoleSession(true);
        } else if (source.startsWith("profile:")) {
            b.source(own(ProfileChainCredentialsProvider.builder().profileName(source.substring(8))
                    .environment(environment).build()));
        } else {
            throw CredentialsConfigurationException.of("tempcreds.role-chain.source must be env, imds or profile:NAME;"
                    + " was '" + source + "'");
        }
        for (RoleHop hop : hops()) {
            b.addHop(hop);
        }
        get("tempcreds.sts.endpoint").map(URI::create).ifPresent(b::endpoint);
        listeners.forEach(b::addListener);
        return b.build();
    }

    private List<RoleHop> hops() {
        List<RoleHop> hops = new ArrayList<>();
        for (int i = 0; ; i++) {
            String p = "tempcreds.role-chain.hops[" + i + "].";
            Optional<String> arn = get(p + "role-arn");
            if (arn.isEmpty()) {
                break;
            }
            RoleHop.Builder h = RoleHop.builder().roleArn(arn.get());
            get(p + "session-name").ifPresent(h::roleSessionName);
            get(p + "external-id").ifPresent(h::externalId);
            get(p + "duration").map(v -> duration("duration", v)).ifPresent(h::duration);
            hops.add(h.build());
        }
        for (String key : properties.keySet()) {
            Matcher m = HOP.matcher(key);
            if (m.matches() && Integer.parseInt(m.group(1)) >= hops.size()) {
                throw CredentialsConfigurationException.of(key + " is set but tempcreds.role-chain.hops[" + hops.size()
                        + "].role-arn is not: hops are numbered from 0 without gaps");
            }
        }
        if (hops.isEmpty()) {
            throw CredentialsConfigurationException.of("tempcreds.role-chain.hops[0].role-arn is required");
        }
        return hops;
    }

    private WebIdentityCredentialsProvider webIdentity() {
        WebIdentityCredentialsProvider.Builder b = WebIdentityCredentialsProvider.builder().environment(environment)
                .refreshPolicy(policy()).backgroundRefresh(background())
                .region(get("tempcreds.sts.region").orElse("us-east-1"));
        get("tempcreds.web-identity.role-arn").ifPresent(b::roleArn);
        get("tempcreds.web-identity.token-file").map(Path::of).ifPresent(b::webIdentityTokenFile);
        get("tempcreds.web-identity.session-name").ifPresent(b::roleSessionName);
        get("tempcreds.sts.endpoint").map(URI::create).ifPresent(b::endpoint);
        listeners.forEach(b::addListener);
        return b.build();
    }

    private SsoSessionCredentialsProvider sso() {
        SsoSessionCredentialsProvider.Builder b = SsoSessionCredentialsProvider.builder().environment(environment)
                .refreshPolicy(policy()).backgroundRefresh(background());
        get("tempcreds.sso.profile").ifPresent(b::profileName);
        get("tempcreds.sso.session").ifPresent(b::ssoSession);
        get("tempcreds.sso.start-url").ifPresent(b::startUrl);
        get("tempcreds.sso.region").ifPresent(b::ssoRegion);
        get("tempcreds.sso.account-id").ifPresent(b::accountId);
        get("tempcreds.sso.role-name").ifPresent(b::roleName);
        get("tempcreds.sso.endpoint").map(URI::create).ifPresent(e -> b.portalEndpoint(e).oidcEndpoint(e));
        listeners.forEach(b::addListener);
        return b.build();
    }

    private CognitoIdentityCredentialsProvider cognito() {
        CognitoIdentityCredentialsProvider.Builder b = CognitoIdentityCredentialsProvider.builder()
                .identityPoolId(required("tempcreds.cognito.pool-id")).logins(CognitoLogins.guest())
                .environment(environment).refreshPolicy(policy()).backgroundRefresh(background());
        get("tempcreds.cognito.endpoint").map(URI::create).map(DemoClients::cognito).map(this::own)
                .ifPresent(b::cognitoClient);
        listeners.forEach(b::addListener);
        return b.build();
    }

    private ProfileChainCredentialsProvider profile() {
        ProfileChainCredentialsProvider.Builder b = ProfileChainCredentialsProvider.builder().environment(environment)
                .refreshPolicy(policy()).backgroundRefresh(background());
        get("tempcreds.profile.name").ifPresent(b::profileName);
        get("tempcreds.sts.endpoint").map(URI::create).ifPresent(b::endpoint);
        get("tempcreds.sts.region").ifPresent(b::region);
        listeners.forEach(b::addListener);
        return b.build();
    }

    private RefreshPolicy policy() {
        RefreshPolicy.Builder b = RefreshPolicy.builder();
        get("tempcreds.refresh.mandatory-window").map(v -> duration("tempcreds.refresh.mandatory-window", v))
                .ifPresent(b::mandatoryWindow);
        get("tempcreds.refresh.min-validity").map(v -> duration("tempcreds.refresh.min-validity", v))
                .ifPresent(b::minValidity);
        get("tempcreds.refresh.load-timeout").map(v -> duration("tempcreds.refresh.load-timeout", v))
                .ifPresent(b::loadTimeout);
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CredentialsConfigurationException.of("tempcreds.refresh.*: " + e.getMessage(), e);
        }
    }

    private boolean background() {
        String v = get("tempcreds.refresh.background").orElse("false");
        if (!v.equals("true") && !v.equals("false")) {
            throw CredentialsConfigurationException.of("tempcreds.refresh.background must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private Optional<String> get(String key) {
        return Optional.ofNullable(properties.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private String required(String key) {
        return get(key).orElseThrow(() -> CredentialsConfigurationException.of(key + " is required"));
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms} or ISO-8601. */
    static Duration duration(String key, String value) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw CredentialsConfigurationException.of(key + " must be a duration such as 30s, 5m, 1h or PT5M; was '"
                    + value + "'");
        }
    }
}
