package io.github.tempcreds.core.profile;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.BoundedFiles;
import io.github.tempcreds.core.internal.SafeText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The two AWS profile files, parsed with the SDK's {@link ProfileFile}, merged as the AWS CLI and SDKs
 * merge them (a property in the credentials file overrides the same property in the config file), and
 * remembering which file each profile property came from, for error messages.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class ProfileFiles {
    private final Path configFile;
    private final Path credentialsFile;
    private final Map<String, Map<String, String>> config;
    private final Map<String, Map<String, String>> credentials;
    private final ProfileFile configParsed;

    private ProfileFiles(Path configFile, Path credentialsFile, ProfileFile configParsed,
                         Map<String, Map<String, String>> config, Map<String, Map<String, String>> credentials) {
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
        this.configParsed = configParsed;
        this.config = config;
        this.credentials = credentials;
    }

    /** The config file path: the setting, else {@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}. */
    static Path configPath(Path configured, TempcredsEnvironment env) {
        if (configured != null) {
            return configured;
        }
        return env.setting("aws.configFile", "AWS_CONFIG_FILE")
                .map(p -> expand(p, env, "AWS_CONFIG_FILE (system property aws.configFile)"))
                .orElse(env.homeDirectory().resolve(".aws").resolve("config"));
    }

    /** The credentials file path: the setting, else {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}. */
    static Path credentialsPath(Path configured, TempcredsEnvironment env) {
        if (configured != null) {
            return configured;
        }
        return env.setting("aws.sharedCredentialsFile", "AWS_SHARED_CREDENTIALS_FILE")
                .map(p -> expand(p, env, "AWS_SHARED_CREDENTIALS_FILE (system property aws.sharedCredentialsFile)"))
                .orElse(env.homeDirectory().resolve(".aws").resolve("credentials"));
    }

    /**
     * The path a setting names, {@code ~} expanded.
     *
     * @throws CredentialsConfigurationException naming the setting (value quoted) when it is no valid path
     */
    private static Path expand(String p, TempcredsEnvironment env, String setting) {
        try {
            if (p.equals("~") || p.startsWith("~/") || p.startsWith("~" + java.io.File.separator)) {
                return env.homeDirectory().resolve(p.length() <= 2 ? "" : p.substring(2));
            }
            return Paths.get(p);
        } catch (InvalidPathException e) {
            // The exception's own message holds the raw value: not attached as the cause.
            throw CredentialsConfigurationException.newBuilder().source("profile").message(setting
                    + " is not a valid path: " + SafeText.quote(p) + " (" + e.getReason() + ")").build();
        }
    }

    /**
     * Reads and parses both files; a missing file counts as empty.
     *
     * @throws CredentialsConfigurationException when a file exists but cannot be read or parsed
     */
    static ProfileFiles load(Path configFile, Path credentialsFile) {
        ProfileFile cfg = parse(configFile, ProfileFile.Type.CONFIGURATION);
        ProfileFile creds = parse(credentialsFile, ProfileFile.Type.CREDENTIALS);
        return new ProfileFiles(configFile, credentialsFile, cfg, properties(cfg), properties(creds));
    }

    private static ProfileFile parse(Path file, ProfileFile.Type type) {
        String content;
        try {
            content = Files.notExists(file) || isDevNull(file) ? "" : BoundedFiles.readString(file, BoundedFiles.FILE_LIMIT);
        } catch (BoundedFiles.UnreadableFileException e) {
            throw CredentialsConfigurationException.of("The AWS " + kind(type) + " file " + SafeText.quote(file.toString())
                    + " " + e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            content = "";
        } catch (IOException e) {
            throw CredentialsConfigurationException.of("Could not read the AWS " + kind(type) + " file " + file
                    + ": " + e.getClass().getSimpleName(), e);
        }
        try {
            return ProfileFile.builder().content(content).type(type).build();
        } catch (RuntimeException e) {
            // The parser's message names the line; it quotes no property values.
            throw CredentialsConfigurationException.of("The AWS " + kind(type) + " file " + file
                    + " cannot be parsed: " + e.getMessage());
        }
    }

    /** {@code AWS_CONFIG_FILE=/dev/null} is the usual way to say "no file"; the SDKs read it as empty. */
    private static boolean isDevNull(Path file) {
        return file.equals(Path.of("/dev/null"));
    }

    private static String kind(ProfileFile.Type type) {
        return type == ProfileFile.Type.CONFIGURATION ? "config" : "credentials";
    }

    private static Map<String, Map<String, String>> properties(ProfileFile f) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (Map.Entry<String, Profile> e : f.profiles().entrySet()) {
            m.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue().properties())));
        }
        return Collections.unmodifiableMap(m);
    }

    Path configFile() {
        return configFile;
    }

    Path credentialsFile() {
        return credentialsFile;
    }

    boolean exists(String profile) {
        return config.containsKey(profile) || credentials.containsKey(profile);
    }

    /** The merged properties of a profile; credentials-file values win. Empty map if absent. */
    Map<String, String> properties(String profile) {
        Map<String, String> m = new LinkedHashMap<>(config.getOrDefault(profile, Map.of()));
        m.putAll(credentials.getOrDefault(profile, Map.of()));
        return m;
    }

    /** Which file a profile's key comes from (or the profile itself, when key is null). */
    Path origin(String profile, String key) {
        if (key != null && credentials.getOrDefault(profile, Map.of()).containsKey(key)) {
            return credentialsFile;
        }
        if (key == null && !config.containsKey(profile) && credentials.containsKey(profile)) {
            return credentialsFile;
        }
        return configFile;
    }

    /** The properties of a {@code [sso-session NAME]} section of the config file. */
    Optional<Map<String, String>> ssoSession(String name) {
        return configParsed.getSection("sso-session", name).map(p -> Map.copyOf(p.properties()));
    }

    /** Where a profile is looked up, for "unknown profile" messages. */
    String describeFiles() {
        return configFile + " and " + credentialsFile;
    }
}
