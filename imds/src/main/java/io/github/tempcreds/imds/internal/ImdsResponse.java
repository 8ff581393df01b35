package io.github.tempcreds.imds.internal;

/**
 * One IMDS answer: status and body text. The body may hold credentials, so {@link #toString()} shows only
 * the status and the length. Internal: no compatibility promise.
 */
public final class ImdsResponse {
    private final int status;
    private final String body;
    private final int attempts;

    ImdsResponse(int status, String body, int attempts) {
        this.status = status;
        this.body = body;
        this.attempts = attempts;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The body text. May hold a secret: never log it. */
    public String body() {
        return body;
    }

    /** How many attempts it took. */
    public int attempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "ImdsResponse(" + status + ", " + body.length() + " chars)";
    }
}
