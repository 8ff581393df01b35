package io.github.tempcreds.testkit.internal.sts;

import java.util.List;

/**
 * An STS error answer: wire code, HTTP status and message. Thrown by the fake STS's validation and
 * authentication and turned into an {@code ErrorResponse} document. Internal: no compatibility promise.
 *
 * <p>Messages never contain a secret (keys, tokens, signatures).
 */
public final class StsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** "The security token included in the request is invalid." */
    public static final String INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";
    /** "The security token included in the request is expired" (sic, no period: as real STS). */
    public static final String EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired";
    /** The message of {@code SignatureDoesNotMatch} for a wrong signature. */
    public static final String SIGNATURE_MESSAGE = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";
    /** The role-chaining cap message. */
    public static final String CHAINING_MESSAGE =
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";
    /** The role maximum message. */
    public static final String MAX_SESSION_MESSAGE =
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
    /** The MFA failure message. */
    public static final String MFA_MESSAGE = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    private final String code;
    private final int status;

    /**
     * Creates an error.
     *
     * @param code the wire code, e.g. {@code AccessDenied}
     * @param status the HTTP status
     * @param message the message, without secrets
     */
    public StsError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    /** The wire code. */
    public String code() {
        return code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** {@code Receiver} for 5xx, else {@code Sender}. */
    public String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    /** {@code AccessDenied}: "User: caller is not authorized to perform: action on resource: resource". */
    public static StsError accessDenied(String callerArn, String action, String resource) {
        return new StsError("AccessDenied", 403, "User: " + callerArn + " is not authorized to perform: " + action
                + " on resource: " + resource);
    }

    /** {@code AccessDenied} with a message. */
    public static StsError accessDenied(String message) {
        return new StsError("AccessDenied", 403, message);
    }

    /** {@code ValidationError} with a plain message. */
    public static StsError validation(String message) {
        return new StsError("ValidationError", 400, message);
    }

    /**
     * {@code ValidationError} for model constraint violations: "1 validation error detected: A" or
     * "2 validation errors detected: A; B".
     */
    public static StsError validation(List<String> violations) {
        int n = violations.size();
        return validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    /** {@code InvalidClientTokenId}: unknown key or a session token that does not belong to it. */
    public static StsError invalidToken() {
        return new StsError("InvalidClientTokenId", 403, INVALID_TOKEN_MESSAGE);
    }

    /** {@code ExpiredToken}: the caller's session has expired. */
    public static StsError expiredToken() {
        return new StsError("ExpiredToken", 403, EXPIRED_TOKEN_MESSAGE);
    }

    /** {@code SignatureDoesNotMatch} with a message. */
    public static StsError signature(String message) {
        return new StsError("SignatureDoesNotMatch", 403, message);
    }

    /** {@code IncompleteSignature}: an Authorization header or presigned query that cannot be parsed. */
    public static StsError incompleteSignature(String message) {
        return new StsError("IncompleteSignature", 400, message);
    }

    /** {@code InvalidParameterValue} with a message. */
    public static StsError invalidParameter(String message) {
        return new StsError("InvalidParameterValue", 400, message);
    }

    @Override
    public String toString() {
        return "StsError(" + status + " " + code + ": " + getMessage() + ")";
    }
}
