package io.github.tempcreds.examples;

import io.github.tempcreds.core.internal.PrivateFiles;
import io.github.tempcreds.core.internal.BoundedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The opt-in cache of {@code credential-process} across invocations: one JSON file per command line,
 * written owner-only (0600 in a 0700 directory) and atomically (temp file + rename), and reused only
 * while the credentials in it still have at least the minimum validity left.
 *
 * <p>The file holds the {@code credential_process} document plus a {@code CacheKey} (SHA-1 of the
 * options that select the credentials), so a file shared by mistake between two command lines is not
 * reused for the wrong role. A file that cannot be read, or belongs to another key, is ignored and
 * replaced.
 *
 * <p>Concurrency: two processes may write at once; each writes its own temp file and renames it over
 * the cache file, so a reader sees one complete document or the other, never a torn one.
 */
final class CredentialProcessCache {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final String key;
    private final Duration minValidity;

    CredentialProcessCache(Path file, String key, Duration minValidity) {
        this.file = file;
        this.key = key;
        this.minValidity = minValidity;
    }

    /** The default location for {@code --cache}: {@code ~/.aws/tempcreds/credential-process/<key>.json}. */
    static Path defaultFile(Path home, String key) {
        return home.resolve(".aws").resolve("tempcreds").resolve("credential-process").resolve(key + ".json");
    }

    Path file() {
        return file;
    }

    /** Cached credentials with at least the minimum validity left at {@code now}, if any. */
    Optional<AwsSessionCredentials> read(Instant now) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JsonNode.parser().parse(BoundedFiles.readString(file, BoundedFiles.FILE_LIMIT));
            if (!key.equals(text(json, "CacheKey")) || !"1".equals(json.field("Version").map(JsonNode::asNumber).orElse(null))) {
                return Optional.empty();
            }
            Instant expiration = Instant.parse(text(json, "Expiration"));
            if (Duration.between(now, expiration).compareTo(minValidity) < 0) {
                return Optional.empty();
            }
            return Optional.of(AwsSessionCredentials.builder()
                    .accessKeyId(text(json, "AccessKeyId"))
                    .secretAccessKey(text(json, "SecretAccessKey"))
                    .sessionToken(text(json, "SessionToken"))
                    .expirationTime(expiration)
                    .build());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the document atomically and owner-only. */
    void write(String credentialProcessJson) throws IOException {
        String body = "{\"CacheKey\":" + Json.quote(key) + "," + credentialProcessJson.substring(1);
        PrivateFiles.withLock(file, () -> {
            PrivateFiles.writeAtomically(file, body.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    private static String text(JsonNode json, String field) {
        return json.field(field).filter(JsonNode::isString).map(JsonNode::asString)
                .orElseThrow(() -> new IllegalArgumentException("missing " + field));
    }
}
