package io.github.tempcreds.testkit.internal.cognito;

/**
 * A Cognito Identity error answer: the {@code __type}, the message and the HTTP status. Internal: no
 * compatibility promise.
 */
public final class CognitoError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    /**
     * Creates an error answer.
     *
     * @param type the {@code __type}, e.g. {@code NotAuthorizedException}
     * @param message the message; never a token
     * @param status the HTTP status
     */
    public CognitoError(String type, String message, int status) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    /** A 400 error. */
    public static CognitoError of(String type, String message) {
        return new CognitoError(type, message, 400);
    }

    /** {@code NotAuthorizedException}. */
    public static CognitoError notAuthorized(String message) {
        return of("NotAuthorizedException", message);
    }

    /** {@code ResourceNotFoundException}. */
    public static CognitoError notFound(String message) {
        return of("ResourceNotFoundException", message);
    }

    /** {@code InvalidParameterException}. */
    public static CognitoError invalidParameter(String message) {
        return of("InvalidParameterException", message);
    }

    /** The {@code __type}. */
    public String type() {
        return type;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
