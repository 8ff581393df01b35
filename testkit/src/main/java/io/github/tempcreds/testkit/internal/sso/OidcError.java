package io.github.tempcreds.testkit.internal.sso;

/**
 * An SSO-OIDC error as the service sends it: the exception name (the {@code x-amzn-ErrorType} header),
 * the OAuth {@code error} value, a description and the HTTP status. Internal: no compatibility promise.
 */
public final class OidcError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String exceptionName;
    private final String error;
    private final int status;

    OidcError(int status, String exceptionName, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.exceptionName = exceptionName;
        this.error = error;
    }

    public static OidcError invalidRequest(String description) {
        return new OidcError(400, "InvalidRequestException", "invalid_request", description);
    }

    static OidcError invalidClient(String description) {
        return new OidcError(401, "InvalidClientException", "invalid_client", description);
    }

    static OidcError invalidGrant(String description) {
        return new OidcError(400, "InvalidGrantException", "invalid_grant", description);
    }

    /** The exception name, e.g. {@code InvalidGrantException}. */
    public String exceptionName() {
        return exceptionName;
    }

    /** The OAuth {@code error} value, e.g. {@code invalid_grant}. */
    public String error() {
        return error;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
