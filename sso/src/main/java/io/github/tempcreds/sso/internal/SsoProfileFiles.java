package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.SafeText;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Reads SSO settings from the AWS config file, and holds the parts of a provider that are built on its
 * first load. Internal: no compatibility promise.
 */
public final class SsoProfileFiles {
    private SsoProfileFiles() {
    }

    /**
     * The settings of a profile of the config file: {@code aws.configFile}, {@code AWS_CONFIG_FILE}, or
     * {@code ~/.aws/config} under the environment's home directory.
     *
     * @throws CredentialsConfigurationException when the file or profile is missing or incomplete
     */
    public static SsoSettings settings(String profileName, TempcredsEnvironment env) {
        Path file = env.setting("aws.configFile", "AWS_CONFIG_FILE").map(SsoProfileFiles::configPath)
                .orElse(env.homeDirectory().resolve(".aws").resolve("config"));
        if (!Files.isRegularFile(file)) {
            throw error("The AWS config file " + file + " does not exist, so profile " + SafeText.quote(profileName)
                    + " cannot be read.");
        }
        ProfileFile profiles;
        try {
            profiles = ProfileFile.builder().content(file).type(ProfileFile.Type.CONFIGURATION).build();
        } catch (RuntimeException e) {
            throw CredentialsConfigurationException.newBuilder().source("sso").cause(e)
                    .message("The AWS config file " + file + " cannot be parsed: " + e.getMessage()).build();
        }
        Profile profile = profiles.profile(profileName).orElseThrow(() -> error("The AWS config file " + file
                + " has no profile " + SafeText.quote(profileName) + "."));
        Map<String, String> props = profile.properties();
        String sessionName = props.get("sso_session");
        Map<String, String> session = sessionName == null ? Map.of()
                : profiles.getSection("sso-session", sessionName.trim()).map(Profile::properties).orElse(Map.of());
        return SsoProfileSettings.resolve(profileName, props, sessionName == null ? null : sessionName.trim(),
                session, file.toString());
    }

    private static Path configPath(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            // The exception's own message holds the raw value: not attached as the cause.
            throw error("AWS_CONFIG_FILE (system property aws.configFile) is not a valid path: "
                    + SafeText.quote(value) + " (" + e.getReason() + ")");
        }
    }

    private static CredentialsConfigurationException error(String message) {
        return CredentialsConfigurationException.newBuilder().source("sso").message(message).build();
    }

    /** What a provider builds on its first load. */
    public static final class Parts {
        public final SsoSettings settings;
        public final SsoClients clients;
        public final SsoRoleCredentialsLoader loader;

        public Parts(SsoSettings settings, SsoClients clients, SsoRoleCredentialsLoader loader) {
            this.settings = settings;
            this.clients = clients;
            this.loader = loader;
        }
    }

    /**
     * Builds the parts once, on first use; a failed build is retried on the next use (the profile file
     * may have been fixed meanwhile).
     *
     * <p>Concurrency: {@link #get()} is {@code synchronized}; the built value is published in a volatile
     * field. {@link #closeIfCreated()} keeps the parts and closes their clients, which build themselves
     * again on the next use: nothing built is ever dropped unclosed.
     */
    public static final class Lazy {
        private final Supplier<Parts> factory;
        private volatile Parts parts;

        public Lazy(Supplier<Parts> factory) {
            this.factory = factory;
        }

        /** The parts, built on the first call. */
        public Parts get() {
            Parts p = parts;
            if (p != null) {
                return p;
            }
            synchronized (this) {
                if (parts == null) {
                    parts = factory.get();
                }
                return parts;
            }
        }

        /** Closes the clients if they were built; they are built again on the next use. Idempotent. */
        public synchronized void closeIfCreated() {
            if (parts != null) {
                parts.clients.close();
            }
        }
    }
}
