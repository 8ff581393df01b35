package io.github.tempcreds.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response a fake sends: status, headers and body.
 *
 * <p>Immutable; build it with the static factories and the {@code with...} methods, each of which
 * returns a new response. {@link #toString()} never shows the body (it may hold credentials).
 */
public final class FakeResponse {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private FakeResponse(int status, Map<String, List<String>> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, was " + status);
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** A response with a status and no body. */
    public static FakeResponse status(int status) {
        return new FakeResponse(status, Map.of(), new byte[0]);
    }

    /** A response with a status, a content type and a UTF-8 text body. */
    public static FakeResponse of(int status, String contentType, String body) {
        return status(status).withHeader("Content-Type", contentType).withBody(body);
    }

    /** A 200 {@code application/json} response. */
    public static FakeResponse json(String body) {
        return of(200, "application/json", body);
    }

    /** A 200 {@code text/xml} response. */
    public static FakeResponse xml(String body) {
        return of(200, "text/xml", body);
    }

    /** A 200 {@code text/plain} response. */
    public static FakeResponse text(String body) {
        return of(200, "text/plain", body);
    }

    /** This response with another status. */
    public FakeResponse withStatus(int status) {
        return new FakeResponse(status, headers, body);
    }

    /** This response with one more header value. */
    public FakeResponse withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(h.getOrDefault(name, List.of()));
        values.add(value);
        h.put(name, List.copyOf(values));
        return new FakeResponse(status, Collections.unmodifiableMap(h), body);
    }

    /** This response with a UTF-8 text body. */
    public FakeResponse withBody(String body) {
        return withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** This response with a body. */
    public FakeResponse withBody(byte[] body) {
        return new FakeResponse(status, headers, body.clone());
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The headers. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    byte[] bodyNoCopy() {
        return body;
    }

    @Override
    public String toString() {
        return "FakeResponse(" + status + ", " + body.length + " bytes)";
    }
}
