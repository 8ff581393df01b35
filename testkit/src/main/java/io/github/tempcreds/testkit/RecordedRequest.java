package io.github.tempcreds.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request a fake received: method, path, query, headers and body, as the client sent them.
 *
 * <p>Requests often carry secrets (bearer tokens, signatures, session tokens): {@link #toString()}
 * shows only the method, path and operation.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordedRequest {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Instant receivedAt;
    private volatile String operation;

    /**
     * Creates a recorded request.
     *
     * @param method the HTTP method, upper case
     * @param url the path with an optional query string, as sent
     * @param headers the headers (names are matched case-insensitively)
     * @param body the body bytes, possibly empty
     * @param receivedAt when the fake received it, by the fake's clock
     */
    public RecordedRequest(String method, String url, Map<String, List<String>> headers, byte[] body,
                           Instant receivedAt) {
        this.method = method.toUpperCase(Locale.ROOT);
        int q = url.indexOf('?');
        this.path = q < 0 ? url : url.substring(0, q);
        this.rawQuery = q < 0 ? "" : url.substring(q + 1);
        this.query = parseForm(rawQuery);
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? new byte[0] : body.clone();
        this.receivedAt = receivedAt;
    }

    /** Parses {@code a=b&c=d} form or query text; keys and values are URL-decoded. */
    public static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return Collections.unmodifiableMap(out);
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The path without the query string. */
    public String path() {
        return path;
    }

    /** The raw query string without {@code ?}, or empty. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The decoded query parameters. */
    public Map<String, List<String>> query() {
        return query;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** All headers; names are case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (case-insensitive name). */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The body bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as {@code application/x-www-form-urlencoded}. */
    public Map<String, List<String>> form() {
        return parseForm(bodyText());
    }

    /**
     * A request parameter for query-protocol services: the form body's value, else the query string's.
     */
    public Optional<String> param(String name) {
        List<String> v = form().get(name);
        if (v != null && !v.isEmpty()) {
            return Optional.of(v.get(0));
        }
        return queryParam(name);
    }

    /** When the fake received the request, by the fake's clock. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The protocol operation the fake recognised (e.g. {@code AssumeRole}), or method and path. */
    public String operation() {
        String op = operation;
        return op != null ? op : method + " " + path;
    }

    void operation(String operation) {
        this.operation = operation;
    }

    @Override
    public String toString() {
        return "RecordedRequest(" + method + " " + path + ", operation=" + operation() + ")";
    }
}
