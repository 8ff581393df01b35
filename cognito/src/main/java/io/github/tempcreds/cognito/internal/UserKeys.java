package io.github.tempcreds.cognito.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Derives a non-secret user key from logins. Internal: no compatibility promise.
 *
 * <p>The {@code sub} claim is read from the JWT payload without verifying the token: the key only picks
 * which stored identity id to try, and Cognito verifies the token on every call, so a forged token gains
 * nothing.
 */
public final class UserKeys {
    /** The user key of a guest. */
    public static final String GUEST = "guest";

    private UserKeys() {
    }

    /** The user key of logins; {@value #GUEST} when empty. */
    public static String of(Map<String, String> logins) {
        if (logins.isEmpty()) {
            return GUEST;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(logins).entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String sub = subject(e.getValue());
            sb.append(e.getKey()).append('#').append(sub != null ? "sub:" + sub : "sha256:" + hashPrefix(e.getValue()));
        }
        return sb.toString();
    }

    /** The user key of a developer-authenticated user. */
    public static String developer(String providerName, String userId) {
        return "developer:" + providerName + "#" + userId;
    }

    /** The {@code sub} claim of a JWT, unverified, or null when the token is not a JWT with one. */
    static String subject(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            JsonNode node = JsonNode.parser().parse(payload);
            if (!node.isObject()) {
                return null;
            }
            JsonNode sub = node.asObject().get("sub");
            return sub != null && sub.isString() && !sub.asString().isEmpty() ? sub.asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String hashPrefix(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
