package io.github.tempcreds.imds.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An IMDS exchange that got no usable HTTP answer, or a final error status. Carries what happened and on
 * which request, never a token or a body. Internal: no compatibility promise.
 */
public final class ImdsCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Nothing listens there (connection refused), or no route, or the name does not resolve. */
        UNREACHABLE,
        /** The connection was not established within the connect timeout. */
        CONNECT_TIMEOUT,
        /** Connected, sent the request, got no answer within the read timeout. */
        NO_ANSWER,
        /** The connection broke (reset, closed mid-answer, not HTTP). */
        BROKEN,
        /** An answer started but did not finish within the request deadline; the request was aborted. */
        DEADLINE,
        /** An HTTP answer with a status that is final for this request. */
        STATUS,
        /** The answer was larger than IMDS ever sends. */
        TOO_LARGE
    }

    private final Kind kind;
    private final boolean tokenRequest;
    private final String path;
    private final int status;
    private final int attempts;

    ImdsCallException(Kind kind, boolean tokenRequest, String path, int status, int attempts, Throwable cause) {
        super(describe(kind, tokenRequest, path, status, attempts, cause), cause);
        this.kind = kind;
        this.tokenRequest = tokenRequest;
        this.path = path;
        this.status = status;
        this.attempts = attempts;
    }

    private static String describe(Kind kind, boolean token, String path, int status, int attempts, Throwable cause) {
        String what = (token ? "PUT " : "GET ") + path;
        String tail = attempts > 1 ? " after " + attempts + " attempts" : "";
        switch (kind) {
            case STATUS:
                return what + " answered HTTP " + status + tail;
            case TOO_LARGE:
                return what + " answered a body larger than IMDS ever sends";
            default:
                return what + ": " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + tail
                        + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
        }
    }

    /** Classifies an I/O failure of one exchange. */
    static Kind classify(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return Kind.UNREACHABLE;
            }
            String name = t.getClass().getSimpleName();
            String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (name.contains("ConnectTimeout") || (t instanceof SocketTimeoutException && msg.contains("connect"))) {
                return Kind.CONNECT_TIMEOUT;
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException && msg.contains("timed out")) {
                return Kind.NO_ANSWER;
            }
        }
        return Kind.BROKEN;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** Whether it was the token PUT. */
    public boolean tokenRequest() {
        return tokenRequest;
    }

    /** The request path. */
    public String path() {
        return path;
    }

    /** The HTTP status for {@link Kind#STATUS}, else 0. */
    public int status() {
        return status;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
