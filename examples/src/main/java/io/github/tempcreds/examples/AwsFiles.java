package io.github.tempcreds.examples;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where the AWS shared files are and how to read them, honouring the same settings as the AWS CLI and
 * SDKs ({@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE} and the SDK's system properties),
 * always through a {@link TempcredsEnvironment}.
 */
final class AwsFiles {
    private final TempcredsEnvironment environment;

    AwsFiles(TempcredsEnvironment environment) {
        this.environment = environment;
    }

    /** {@code ~/.aws/config} or its override. */
    Path configFile() {
        return environment.setting("aws.configFile", "AWS_CONFIG_FILE")
                .map(this::expand).orElseGet(() -> awsDirectory().resolve("config"));
    }

    /** {@code ~/.aws/credentials} or its override. */
    Path credentialsFile() {
        return environment.setting("aws.sharedCredentialsFile", "AWS_SHARED_CREDENTIALS_FILE")
                .map(this::expand).orElseGet(() -> awsDirectory().resolve("credentials"));
    }

    /** {@code ~/.aws/sso/cache}. */
    Path ssoCacheDirectory() {
        return awsDirectory().resolve("sso").resolve("cache");
    }

    /** The profile a default chain uses: {@code aws.profile}, {@code AWS_PROFILE}, else {@code default}. */
    String activeProfile() {
        return environment.setting("aws.profile", "AWS_PROFILE").orElse("default");
    }

    /**
     * Reads one file with the SDK's parser, or empty when it does not exist.
     *
     * @throws RuntimeException from the SDK when the file is malformed
     */
    Optional<ProfileFile> read(Path file, ProfileFile.Type type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(ProfileFile.builder().content(file).type(type).build());
    }

    private Path awsDirectory() {
        return environment.homeDirectory().resolve(".aws");
    }

    private Path expand(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return environment.homeDirectory().resolve(path.length() > 2 ? path.substring(2) : "");
        }
        return Path.of(path);
    }

    /**
     * An access key id shortened for display, such as {@code ASIAFAKE…K3QZ}: the first eight and the last
     * four characters, enough to tell keys apart. Access key ids are not secrets, but there is no reason
     * to print them whole.
     */
    static String shortKeyId(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.isEmpty()) {
            return "(none)";
        }
        return accessKeyId.length() <= 12 ? accessKeyId
                : accessKeyId.substring(0, 8) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
    }
}
