package io.github.tempcreds.testkit.internal.sso;

/**
 * An SSO portal error: the error type (header {@code x-amzn-ErrorType} and body {@code __type}), a
 * message and the HTTP status. Internal: no compatibility promise.
 */
public final class PortalError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    PortalError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public static PortalError unauthorized() {
        return new PortalError(401, "UnauthorizedException", "Session token not found or invalid");
    }

    public static PortalError invalidRequest(String message) {
        return new PortalError(400, "InvalidRequestException", message);
    }

    /** The error type, e.g. {@code UnauthorizedException}. */
    public String type() {
        return type;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
