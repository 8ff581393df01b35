package io.github.tempcreds.testkit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.tempcreds.testkit.internal.PrivateFileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes IAM Identity Center token cache files ({@code ~/.aws/sso/cache/<sha1>.json}) in the exact
 * shapes the AWS CLI v2 and the AWS SDK for JavaScript v3 write, so tests can give any SSO client a
 * logged-in session without a browser.
 *
 * <pre>{@code
 * FakeSso.Session s = sso.seedSession();
 * Path file = s.cacheEntry().writeTo(home, "my-sso");  // home/.aws/sso/cache/<sha1("my-sso")>.json
 * }</pre>
 *
 * <p>The file name is the lower-case hex SHA-1 of the {@code sso_session} name, or of the start URL for
 * legacy profiles (botocore {@code SSOTokenLoader}, Java {@code OnDiskTokenManager}).
 *
 * <p>Thread safety: the static methods are thread-safe; an {@link Entry} is not.
 */
public final class SsoTokenCacheFiles {
    private static final DateTimeFormatter CLI_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private SsoTokenCacheFiles() {
    }

    /** The cache key: lower-case hex SHA-1 of the session name or start URL. */
    public static String cacheKey(String sessionNameOrStartUrl) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(sessionNameOrStartUrl.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** The cache directory under a home directory: {@code home/.aws/sso/cache}. */
    public static Path cacheDirectory(Path home) {
        return home.resolve(".aws").resolve("sso").resolve("cache");
    }

    /** The cache file for a session name (or legacy start URL) under a home directory. */
    public static Path cacheFile(Path home, String sessionNameOrStartUrl) {
        return cacheDirectory(home).resolve(cacheKey(sessionNameOrStartUrl) + ".json");
    }

    /** A timestamp as the CLI writes it: {@code 2026-01-01T12:00:00Z}. */
    public static String cliTimestamp(Instant instant) {
        return CLI_TIME.format(instant);
    }

    /** A new, empty entry. */
    public static Entry entry() {
        return new Entry();
    }

    /**
     * One token cache entry. Holds secrets: {@link #toString()} shows the start URL and expirations only.
     */
    public static final class Entry {
        private String startUrl;
        private String region;
        private String accessToken;
        private Instant expiresAt;
        private String clientId;
        private String clientSecret;
        private Instant registrationExpiresAt;
        private String refreshToken;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Entry() {
        }

        /** The start URL ({@code startUrl}). */
        public Entry startUrl(String startUrl) {
            this.startUrl = startUrl;
            return this;
        }

        /** The SSO region ({@code region}). */
        public Entry region(String region) {
            this.region = region;
            return this;
        }

        /** The access token ({@code accessToken}, required). */
        public Entry accessToken(String accessToken) {
            this.accessToken = accessToken;
            return this;
        }

        /** When the access token expires ({@code expiresAt}, required). */
        public Entry expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** The OIDC client id ({@code clientId}); omitted when {@code null}. */
        public Entry clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The OIDC client secret ({@code clientSecret}); omitted when {@code null}. */
        public Entry clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** When the client registration expires ({@code registrationExpiresAt}); omitted when {@code null}. */
        public Entry registrationExpiresAt(Instant registrationExpiresAt) {
            this.registrationExpiresAt = registrationExpiresAt;
            return this;
        }

        /** The refresh token ({@code refreshToken}); omitted when {@code null}. */
        public Entry refreshToken(String refreshToken) {
            this.refreshToken = refreshToken;
            return this;
        }

        /** An extra string field, written after the standard ones (readers must preserve it). */
        public Entry extra(String name, String value) {
            extra.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The entry as the AWS CLI v2 writes it: one line of JSON as Python's {@code json.dumps} prints it
         * ({@code ", "} and {@code ": "} separators), fields in the CLI's order, timestamps
         * {@code yyyy-MM-dd'T'HH:mm:ss'Z'}.
         */
        public String toCliJson() {
            return json(false);
        }

        /**
         * The entry as the AWS SDK for JavaScript v3 writes it after a refresh: two-space indented JSON
         * with millisecond timestamps ({@code 2026-01-01T12:00:00.000Z}).
         */
        public String toJsJson() {
            return json(true);
        }

        /** Writes {@link #toCliJson()} to the cache file for the session name (owner-only, atomically), creating directories. */
        public Path writeTo(Path home, String sessionNameOrStartUrl) {
            return write(cacheFile(home, sessionNameOrStartUrl), toCliJson());
        }

        /** Writes {@link #toJsJson()} to the cache file for the session name, creating directories. */
        public Path writeJsFormTo(Path home, String sessionNameOrStartUrl) {
            return write(cacheFile(home, sessionNameOrStartUrl), toJsJson());
        }

        private static Path write(Path file, String text) {
            // As the AWS CLI: owner-only (0600, new directories 0700), and atomically (temp file + rename).
            return PrivateFileWriter.write(file, text);
        }

        private String json(boolean js) {
            Objects.requireNonNull(accessToken, "accessToken is required");
            Objects.requireNonNull(expiresAt, "expiresAt is required");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("startUrl", startUrl);
            fields.put("region", region);
            fields.put("accessToken", accessToken);
            fields.put("expiresAt", time(expiresAt, js));
            fields.put("clientId", clientId);
            fields.put("clientSecret", clientSecret);
            fields.put("registrationExpiresAt", registrationExpiresAt == null ? null : time(registrationExpiresAt, js));
            fields.put("refreshToken", refreshToken);
            fields.putAll(extra);
            // Python's json.dumps: one line, ", " and ": "; JavaScript's JSON.stringify(v, null, 2).
            StringBuilder sb = new StringBuilder("{");
            String sep = js ? "\n  " : "";
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (sb.length() > 1) {
                    sb.append(js ? "," : ", ");
                }
                sb.append(sep).append('"').append(ENCODER.quoteAsString(e.getKey())).append("\": \"")
                        .append(ENCODER.quoteAsString(e.getValue())).append('"');
            }
            return sb.append(js ? "\n}" : "}").toString();
        }

        private static String time(Instant t, boolean js) {
            return js ? JS_TIME.format(t) : CLI_TIME.format(t);
        }

        @Override
        public String toString() {
            return "SsoTokenCacheFiles.Entry(startUrl=" + startUrl + ", region=" + region + ", expiresAt=" + expiresAt
                    + ", registrationExpiresAt=" + registrationExpiresAt + ")";
        }
    }
}
