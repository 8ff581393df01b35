package io.github.tempcreds.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A fault a fake injects instead of (or before) its normal answer.
 *
 * <p>A fault applies to every request unless narrowed with {@link #on(String, String)},
 * {@link #onOperation(String)} or {@link #when(Predicate)}, and forever unless limited with
 * {@link #times(int)}. Inject it with {@link AbstractFake#inject(Fault)}; the newest matching fault
 * wins.
 *
 * <pre>{@code
 * imds.inject(Fault.status(500).times(2).on("PUT", "/latest/api/token"));
 * sts.inject(Fault.throttle().onOperation("AssumeRole"));
 * imds.inject(Fault.hang());  // never answers until clearFaults() or close()
 * }</pre>
 *
 * <p>Immutable and thread-safe; every method returns a new fault.
 */
public final class Fault {
    /** What the fault does. */
    public enum Kind {
        /** Answer with a status and the protocol's error body for it. */
        STATUS,
        /** Answer with an exact status, content type and body. */
        BODY,
        /** Answer with the protocol's throttling error (429, {@code Throttling}, ...). */
        THROTTLE,
        /** Wait, then answer normally. */
        LATENCY,
        /** Accept the request and never answer until the fault is cleared or the fake closes. */
        HANG,
        /** Reset the connection without an answer. */
        CONNECTION_RESET,
        /** Close the connection without sending anything. */
        EMPTY_RESPONSE,
        /** Send garbage, then close (a connection broken mid-body). */
        RANDOM_DATA_THEN_CLOSE,
        /** Answer 200 with an empty body. */
        EMPTY_BODY,
        /** Answer 200 with a body the protocol cannot parse. */
        MALFORMED_BODY,
        /** Answer normally, but drip the body slowly over a duration. */
        SLOW_DRIP,
        /** Answer 200 with a very large body. */
        LARGE_BODY
    }

    private final Kind kind;
    private final int status;
    private final String contentType;
    private final String body;
    private final Duration duration;
    private final int size;
    private final int times;
    private final String method;
    private final String path;
    private final String operation;
    private final Predicate<RecordedRequest> predicate;

    private Fault(Kind kind, int status, String contentType, String body, Duration duration, int size,
                  int times, String method, String path, String operation, Predicate<RecordedRequest> predicate) {
        this.kind = kind;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.duration = duration;
        this.size = size;
        this.times = times;
        this.method = method;
        this.path = path;
        this.operation = operation;
        this.predicate = predicate;
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, 0, null, null, null, 0, -1, null, null, null, null);
    }

    /** Answer with {@code status} and the protocol's usual error body for it. */
    public static Fault status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, was " + status);
        }
        return new Fault(Kind.STATUS, status, null, null, null, 0, -1, null, null, null, null);
    }

    /** Answer with exactly this status, content type and body. */
    public static Fault body(int status, String contentType, String body) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        return new Fault(Kind.BODY, status, contentType, body, null, 0, -1, null, null, null, null);
    }

    /** Answer with the protocol's throttling error. */
    public static Fault throttle() {
        return of(Kind.THROTTLE);
    }

    /** Wait {@code delay} (real time), then answer normally. */
    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, 0, null, null, requirePositive(delay), 0, -1, null, null, null, null);
    }

    /** Never answer (until {@link AbstractFake#clearFaults()} or {@link AbstractFake#close()}). */
    public static Fault hang() {
        return of(Kind.HANG);
    }

    /** Reset the connection. */
    public static Fault connectionReset() {
        return of(Kind.CONNECTION_RESET);
    }

    /** Close the connection without a response. */
    public static Fault emptyResponse() {
        return of(Kind.EMPTY_RESPONSE);
    }

    /** Send random bytes, then close: a connection broken mid-body. */
    public static Fault randomDataThenClose() {
        return of(Kind.RANDOM_DATA_THEN_CLOSE);
    }

    /** Answer 200 with an empty body. */
    public static Fault emptyBody() {
        return of(Kind.EMPTY_BODY);
    }

    /** Answer 200 with a body that is not valid for the protocol. */
    public static Fault malformedBody() {
        return of(Kind.MALFORMED_BODY);
    }

    /** Answer normally, dripping the body over {@code total} (real time). */
    public static Fault slowDrip(Duration total) {
        return new Fault(Kind.SLOW_DRIP, 0, null, null, requirePositive(total), 0, -1, null, null, null, null);
    }

    /** Answer 200 with a body of {@code bytes} bytes (e.g. 10 MB). */
    public static Fault largeBody(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be positive, was " + bytes);
        }
        return new Fault(Kind.LARGE_BODY, 0, null, null, null, bytes, -1, null, null, null, null);
    }

    private static Duration requirePositive(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + d);
        }
        return d;
    }

    /** This fault, applied to the next {@code n} matching requests only. */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + n);
        }
        return new Fault(kind, status, contentType, body, duration, size, n, method, path, operation, predicate);
    }

    /** This fault, for requests with this method and path only (path without query). */
    public Fault on(String method, String path) {
        return new Fault(kind, status, contentType, body, duration, size, times,
                Objects.requireNonNull(method, "method"), Objects.requireNonNull(path, "path"), operation, predicate);
    }

    /** This fault, for requests of this protocol operation only (e.g. {@code AssumeRole}). */
    public Fault onOperation(String operation) {
        return new Fault(kind, status, contentType, body, duration, size, times, method, path,
                Objects.requireNonNull(operation, "operation"), predicate);
    }

    /** This fault, for requests matching {@code predicate} only. */
    public Fault when(Predicate<RecordedRequest> predicate) {
        return new Fault(kind, status, contentType, body, duration, size, times, method, path, operation,
                Objects.requireNonNull(predicate, "predicate"));
    }

    /** Whether this fault's selectors match the request. */
    public boolean matches(RecordedRequest request) {
        if (method != null && !method.equalsIgnoreCase(request.method())) {
            return false;
        }
        if (path != null && !path.equals(request.path())) {
            return false;
        }
        if (operation != null && !operation.equals(request.operation())) {
            return false;
        }
        return predicate == null || predicate.test(request);
    }

    /** What the fault does. */
    public Kind kind() {
        return kind;
    }

    /** The status for {@link Kind#STATUS} and {@link Kind#BODY}. */
    public int statusCode() {
        return status;
    }

    /** The content type for {@link Kind#BODY}. */
    public String contentType() {
        return contentType;
    }

    /** The body for {@link Kind#BODY}. */
    public String bodyText() {
        return body;
    }

    /** The duration for {@link Kind#LATENCY} and {@link Kind#SLOW_DRIP}. */
    public Duration duration() {
        return duration;
    }

    /** The size for {@link Kind#LARGE_BODY}. */
    public int size() {
        return size;
    }

    /** How many times it applies, or -1 for always. */
    public int limit() {
        return times;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fault(").append(kind);
        if (status != 0) {
            sb.append(' ').append(status);
        }
        if (duration != null) {
            sb.append(' ').append(duration);
        }
        if (times > 0) {
            sb.append(" x").append(times);
        }
        if (method != null) {
            sb.append(" on ").append(method).append(' ').append(path);
        }
        if (operation != null) {
            sb.append(" on ").append(operation);
        }
        return sb.append(')').toString();
    }
}
