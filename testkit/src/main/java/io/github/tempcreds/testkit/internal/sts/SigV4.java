package io.github.tempcreds.testkit.internal.sts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pure computations of AWS Signature Version 4: canonical request, string to sign, signing key and
 * signature, as in "Create a signed AWS API request" of the IAM User Guide. No I/O, no clock.
 * Internal: no compatibility promise.
 *
 * <p>Stateless and thread-safe.
 */
public final class SigV4 {
    /** The algorithm name. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SigV4() {
    }

    /**
     * The canonical request.
     *
     * @param method the HTTP method
     * @param rawPath the path as sent (still percent-encoded)
     * @param rawQuery the query string as sent, without {@code ?}, possibly empty
     * @param excludedQueryParam a query parameter to leave out (for presigned requests
     *     {@code X-Amz-Signature}), or {@code null}
     * @param headers the request headers (names case-insensitive)
     * @param signedHeaders the lower-case names of the signed headers, as listed in the signature
     * @param payloadHash the hex SHA-256 of the body (or the {@code x-amz-content-sha256} value)
     * @return the canonical request text
     */
    public static String canonicalRequest(String method, String rawPath, String rawQuery, String excludedQueryParam,
                                          Map<String, List<String>> headers, List<String> signedHeaders,
                                          String payloadHash) {
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        StringBuilder sb = new StringBuilder();
        sb.append(method.toUpperCase(Locale.ROOT)).append('\n');
        sb.append(canonicalUri(rawPath)).append('\n');
        sb.append(canonicalQuery(rawQuery, excludedQueryParam)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = byName.getOrDefault(name, List.of());
            List<String> trimmed = new ArrayList<>();
            for (String v : values) {
                trimmed.add(v.trim().replaceAll(" +", " "));
            }
            sb.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", trimmed)).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    /**
     * The canonical URI: each path segment URI-encoded once more (non-S3 services encode the already
     * encoded path again); an empty path is {@code /}.
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(rawPath, false);
    }

    /**
     * The canonical query string: pairs percent-decoded, then URI-encoded, sorted by name and then value,
     * joined with {@code &}; a name without {@code =} gets an empty value.
     */
    public static String canonicalQuery(String rawQuery, String excludedParam) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            if (name.equals(excludedParam)) {
                continue;
            }
            pairs.add(new String[] {uriEncode(name, true), uriEncode(value, true)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        List<String> joined = new ArrayList<>();
        for (String[] p : pairs) {
            joined.add(p[0] + "=" + p[1]);
        }
        return String.join("&", joined);
    }

    /** The string to sign. */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The signing key: HMAC chain over date, region, service and {@code aws4_request}. */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** The hex signature of a string to sign. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    /** Compares two signatures in constant time. */
    public static boolean sameSignature(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hex SHA-256. */
    public static String sha256Hex(byte[] data) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * URI-encodes as SigV4 wants: {@code A-Z a-z 0-9 - _ . ~} stay, every other UTF-8 byte becomes
     * {@code %XX} (upper case); {@code /} stays unless {@code encodeSlash}.
     */
    public static String uriEncode(String text, boolean encodeSlash) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(HEX[(b >> 4) & 0xf]))
                        .append(Character.toUpperCase(HEX[b & 0xf]));
            }
        }
        return sb.toString();
    }

    /** Decodes {@code %XX} escapes (a {@code +} stays a plus); malformed escapes stay as they are. */
    public static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
                out.write(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexValue(byte b) {
        return Character.digit((char) b, 16);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
