package io.github.tempcreds.sso.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeVisitor;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * One token cache file's content, as the AWS CLI v2, the AWS SDKs and {@code SsoDeviceLogin} write it:
 * {@code startUrl, region, accessToken, expiresAt, clientId, clientSecret, registrationExpiresAt,
 * refreshToken}, plus any other field, which is kept and written back unchanged.
 *
 * <p>Reads timestamps as {@code 2026-01-01T12:00:00Z}, {@code 2026-01-01T12:00:00.000Z}, with an offset
 * ({@code +00:00}) and in the pre-2.1.14 CLI form {@code 2026-01-01T12:00:00UTC}; writes the CLI's
 * {@code yyyy-MM-dd'T'HH:mm:ss'Z'}.
 *
 * <p>Holds secrets: {@link #toString()} shows expirations only. Immutable and thread-safe.
 */
public final class TokenCacheEntry {
    private static final JsonNodeParser PARSER = JsonNode.parserBuilder().removeErrorLocations(true).build();
    private static final DateTimeFormatter CLI_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> KNOWN = List.of("startUrl", "region", "accessToken", "expiresAt", "clientId",
            "clientSecret", "registrationExpiresAt", "refreshToken");

    private final String startUrl;
    private final String region;
    private final String accessToken;
    private final Instant expiresAt;
    private final String clientId;
    private final String clientSecret;
    private final Instant registrationExpiresAt;
    private final String refreshToken;
    private final Map<String, JsonNode> other;

    private TokenCacheEntry(String startUrl, String region, String accessToken, Instant expiresAt, String clientId,
                            String clientSecret, Instant registrationExpiresAt, String refreshToken,
                            Map<String, JsonNode> other) {
        this.startUrl = startUrl;
        this.region = region;
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.registrationExpiresAt = registrationExpiresAt;
        this.refreshToken = refreshToken;
        this.other = other;
    }

    /** A new entry, as a fresh login writes it. */
    public static TokenCacheEntry of(String startUrl, String region, String accessToken, Instant expiresAt,
                                     String clientId, String clientSecret, Instant registrationExpiresAt,
                                     String refreshToken) {
        return new TokenCacheEntry(startUrl, region, accessToken, expiresAt, clientId, clientSecret,
                registrationExpiresAt, refreshToken, Map.of());
    }

    /**
     * Parses a cache file's bytes.
     *
     * @throws MalformedException naming the field at fault, never quoting the content
     */
    public static TokenCacheEntry parse(byte[] json) {
        JsonNode root;
        try {
            root = PARSER.parse(json);
        } catch (RuntimeException e) {
            // The parser's message may quote the content, which holds tokens: drop it.
            throw new MalformedException("is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedException("is not a JSON object");
        }
        Map<String, JsonNode> fields = root.asObject();
        Map<String, JsonNode> other = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!KNOWN.contains(k)) {
                other.put(k, v);
            }
        });
        String accessToken = string(fields, "accessToken");
        if (accessToken == null || accessToken.isEmpty()) {
            throw new MalformedException("has no accessToken");
        }
        Instant expiresAt = time(fields, "expiresAt");
        if (expiresAt == null) {
            throw new MalformedException("has no expiresAt");
        }
        return new TokenCacheEntry(string(fields, "startUrl"), string(fields, "region"), accessToken, expiresAt,
                string(fields, "clientId"), string(fields, "clientSecret"), time(fields, "registrationExpiresAt"),
                string(fields, "refreshToken"), other.isEmpty() ? Map.of() : Collections.unmodifiableMap(other));
    }

    private static String string(Map<String, JsonNode> fields, String name) {
        JsonNode n = fields.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw new MalformedException("has a " + name + " that is not a string");
        }
        return n.asString();
    }

    private static Instant time(Map<String, JsonNode> fields, String name) {
        String s = string(fields, name);
        if (s == null) {
            return null;
        }
        try {
            return parseTime(s);
        } catch (DateTimeParseException e) {
            throw new MalformedException("has an unreadable " + name + " timestamp '" + s + "'");
        }
    }

    /** Parses the timestamp forms real clients write. */
    static Instant parseTime(String s) {
        String t = s.trim();
        if (t.endsWith("UTC")) {
            t = t.substring(0, t.length() - 3) + "Z";
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
    }

    /** Formats a timestamp as the CLI does. */
    public static String cliTime(Instant t) {
        return CLI_TIME.format(t);
    }

    /**
     * This entry after a refresh: the new access token and expiry, and the new refresh token if the
     * service rotated it (else the old one is kept). Every other field is kept.
     */
    public TokenCacheEntry refreshed(String newAccessToken, Instant newExpiresAt, String newRefreshToken) {
        return new TokenCacheEntry(startUrl, region, newAccessToken, newExpiresAt, clientId, clientSecret,
                registrationExpiresAt, newRefreshToken != null ? newRefreshToken : refreshToken, other);
    }

    /** This entry with start URL and region filled from the configuration where the file had none. */
    public TokenCacheEntry withDefaults(String configuredStartUrl, String configuredRegion) {
        if (startUrl != null && region != null) {
            return this;
        }
        return new TokenCacheEntry(startUrl != null ? startUrl : configuredStartUrl,
                region != null ? region : configuredRegion, accessToken, expiresAt, clientId, clientSecret,
                registrationExpiresAt, refreshToken, other);
    }

    /**
     * The entry as compact JSON in the CLI's field order, unknown fields last in their original order,
     * timestamps in the CLI's form.
     */
    public byte[] toJson() {
        try (JsonWriter w = JsonWriter.create()) {
            w.writeStartObject();
            put(w, "startUrl", startUrl);
            put(w, "region", region);
            put(w, "accessToken", accessToken);
            put(w, "expiresAt", cliTime(expiresAt));
            put(w, "clientId", clientId);
            put(w, "clientSecret", clientSecret);
            put(w, "registrationExpiresAt", registrationExpiresAt == null ? null : cliTime(registrationExpiresAt));
            put(w, "refreshToken", refreshToken);
            for (Map.Entry<String, JsonNode> e : other.entrySet()) {
                w.writeFieldName(e.getKey());
                e.getValue().visit(new Copier(w));
            }
            w.writeEndObject();
            return w.getBytes();
        }
    }

    /** The JSON as text. */
    public String toJsonText() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }

    private static void put(JsonWriter w, String name, String value) {
        if (value != null) {
            w.writeFieldName(name);
            w.writeValue(value);
        }
    }

    public String startUrl() {
        return startUrl;
    }

    public String region() {
        return region;
    }

    /** The access token. A secret. */
    public String accessToken() {
        return accessToken;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String clientId() {
        return clientId;
    }

    /** The client secret. A secret. */
    public String clientSecret() {
        return clientSecret;
    }

    /** When the client registration expires, or {@code null} when the file does not say. */
    public Instant registrationExpiresAt() {
        return registrationExpiresAt;
    }

    /** The refresh token, or {@code null}. A secret. */
    public String refreshToken() {
        return refreshToken;
    }

    /** Fields this class does not know, in file order. */
    public Map<String, JsonNode> otherFields() {
        return other;
    }

    /** Whether the file has what a refresh needs: a refresh token, a client id and a client secret. */
    public boolean hasRefreshMaterial() {
        return refreshToken != null && clientId != null && clientSecret != null;
    }

    @Override
    public String toString() {
        return "TokenCacheEntry(startUrl=" + startUrl + ", region=" + region + ", expiresAt=" + expiresAt
                + ", registrationExpiresAt=" + registrationExpiresAt + ", refreshable=" + hasRefreshMaterial() + ")";
    }

    /** The file's content is not a token cache entry; the message never quotes a secret. */
    public static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Writes a parsed node back unchanged. */
    private static final class Copier implements JsonNodeVisitor<Void> {
        private final JsonWriter w;

        Copier(JsonWriter w) {
            this.w = w;
        }

        @Override
        public Void visitNull() {
            w.writeNull();
            return null;
        }

        @Override
        public Void visitBoolean(boolean b) {
            w.writeValue(b);
            return null;
        }

        @Override
        public Void visitNumber(String number) {
            w.writeNumber(number);
            return null;
        }

        @Override
        public Void visitString(String s) {
            w.writeValue(s);
            return null;
        }

        @Override
        public Void visitArray(List<JsonNode> array) {
            w.writeStartArray();
            array.forEach(n -> n.visit(this));
            w.writeEndArray();
            return null;
        }

        @Override
        public Void visitObject(Map<String, JsonNode> object) {
            w.writeStartObject();
            object.forEach((k, v) -> {
                w.writeFieldName(k);
                v.visit(this);
            });
            w.writeEndObject();
            return null;
        }

        @Override
        public Void visitEmbeddedObject(Object embedded) {
            throw new IllegalStateException("a parsed file has no embedded objects");
        }
    }
}
