package io.github.tempcreds.core.profile;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProfileCredentialsSource} is given to build a provider: the profile's name and
 * properties, the properties of its {@code [sso-session NAME]} section if it names one, and the
 * environment.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProfileSourceContext {
    private final String profileName;
    private final Map<String, String> profileProperties;
    private final String ssoSessionName;
    private final Map<String, String> ssoSessionProperties;
    private final TempcredsEnvironment environment;

    /**
     * Creates a context.
     *
     * @param profileName the profile name
     * @param profileProperties the profile's properties (config file merged with credentials file)
     * @param ssoSessionName the {@code sso_session} the profile names, or {@code null}
     * @param ssoSessionProperties that section's properties; empty when there is none
     * @param environment the environment
     */
    public ProfileSourceContext(String profileName, Map<String, String> profileProperties,
                                String ssoSessionName, Map<String, String> ssoSessionProperties,
                                TempcredsEnvironment environment) {
        this.profileName = Objects.requireNonNull(profileName, "profileName");
        this.profileProperties = Map.copyOf(profileProperties);
        this.ssoSessionName = ssoSessionName;
        this.ssoSessionProperties = Map.copyOf(ssoSessionProperties);
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The profile name. */
    public String profileName() {
        return profileName;
    }

    /** One profile property, or empty. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(profileProperties.get(key));
    }

    /** All profile properties. */
    public Map<String, String> profileProperties() {
        return profileProperties;
    }

    /** The {@code sso_session} name, if the profile names one. */
    public Optional<String> ssoSessionName() {
        return Optional.ofNullable(ssoSessionName);
    }

    /** One property of the profile's {@code [sso-session]} section, or empty. */
    public Optional<String> ssoSessionProperty(String key) {
        return Optional.ofNullable(ssoSessionProperties.get(key));
    }

    /** The environment. */
    public TempcredsEnvironment environment() {
        return environment;
    }

    @Override
    public String toString() {
        return "ProfileSourceContext(profile=" + profileName + ", ssoSession=" + ssoSessionName + ")";
    }
}
