package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.internal.ClientFailures;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Maps STS errors to the tempcreds categories with messages that say what to do.
 *
 * <p>STS messages are quoted, but never the values STS echoes in a {@code ValidationError}
 * ({@code Value '...' at 'field'}): a value may be a web identity token or an MFA code. For the same
 * reason the STS exception is attached as the cause only when its text holds no such value.
 *
 * <p>Stateless and thread-safe.
 */
final class StsErrors {
    static final String ACCESS_DENIED = "STS denied %s of %s to %s: the role's trust policy does not allow "
            + "this principal, or a condition it sets (MFA, external id, source identity, tags) is not met. "
            + "Add the principal to the trust policy of %s, or assume it from a principal it trusts. "
            + "STS said: %s";
    static final String EXPIRED_SOURCE = "STS rejected the source credentials of %s (access key id %s) "
            + "as expired, also after refreshing the source once; check the source and the clock. STS said: %s";
    static final String INVALID_CLIENT_TOKEN = "STS does not recognise the source credentials of %s "
            + "(access key id %s): they were revoked, belong to another partition, or the session token "
            + "does not match. STS said: %s";
    static final String SIGNATURE_MISMATCH = "STS rejected the signature of the request for %s: check the "
            + "secret key of the source credentials and the clock (STS allows 15 minutes of skew). STS said: %s";
    static final String REGION_DISABLED = "STS is not activated in region %s for the account of %s: an "
            + "administrator can activate it in the IAM console (Account settings, STS endpoints), or set "
            + "region/endpoint to an active region. STS said: %s";
    static final String MALFORMED_POLICY = "STS rejected the session policy of %s as malformed: fix the "
            + "inline policy or policy ARNs. STS said: %s";
    static final String PACKED_POLICY = "The session policies and tags of %s exceed STS's packed size "
            + "limit: shorten the inline policy, or pass fewer policy ARNs or session tags. STS said: %s";
    static final String THROTTLED = "STS throttled %s of %s; backing off before the next attempt. STS said: %s";
    static final String VALIDATION = "STS rejected the request for %s: field '%s' is not valid. STS said: %s";
    static final String WEB_TOKEN_EXPIRED = "STS rejected the web identity token for %s as expired: the "
            + "token file or supplier must provide a fresh token (Kubernetes rotates projected tokens). "
            + "STS said: %s";
    static final String WEB_TOKEN_INVALID = "STS could not validate the web identity token for %s: check "
            + "the identity provider's configuration in IAM (issuer, thumbprint, audience). STS said: %s";
    static final String IDP_REJECTED = "The identity provider rejected the claims of the web identity token "
            + "for %s. STS said: %s";
    static final String IDP_UNREACHABLE = "STS could not reach the identity provider for %s. STS said: %s";
    static final String SERVICE_ERROR = "STS failed %s of %s (HTTP %d, %s). STS said: %s";
    static final String CLIENT_ERROR = "STS refused %s of %s (HTTP %d, %s). STS said: %s";
    static final String NO_ANSWER = "Could not reach STS for %s of %s: %s";

    private static final Pattern VALUE_AT = Pattern.compile("Value '.*?' at '");
    private static final Pattern FIELD = Pattern.compile("at '([A-Za-z.]+)'");
    private static final Pattern DURATION = Pattern.compile("DurationSeconds");
    private static final Pattern CALLER = Pattern.compile("User: (\\S+) is not authorized");
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException",
            "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled");
    private static final Set<String> SECRET_FIELDS = Set.of("webidentitytoken", "tokencode");

    private StsErrors() {
    }

    /** What the failed call was about, for the messages. */
    static final class Call {
        final String source;
        final String operation;
        final String roleArn;
        final String region;
        final String caller;
        final String accessKeyId;

        Call(String source, String operation, String roleArn, String region, String caller, String accessKeyId) {
            this.source = source;
            this.operation = operation;
            this.roleArn = roleArn;
            this.region = region;
            this.caller = caller;
            this.accessKeyId = accessKeyId;
        }
    }

    /** The STS error code, or empty text when STS sent none. */
    static String code(StsException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "" : e.awsErrorDetails().errorCode();
    }

    static boolean isExpiredToken(StsException e) {
        return "ExpiredToken".equals(code(e));
    }

    static boolean isInvalidClientToken(StsException e) {
        return "InvalidClientTokenId".equals(code(e));
    }

    /** Maps an error answer of STS. */
    static CredentialsException map(StsException e, Call c) {
        String code = code(e);
        String raw = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String said = redact(raw == null ? "(no message)" : raw);
        Throwable cause = safeCause(e, raw);
        int status = e.statusCode();
        switch (code) {
            case "AccessDenied":
                return config(c, cause, String.format(ACCESS_DENIED, c.operation, c.roleArn, caller(raw, c),
                        c.roleArn, said));
            case "ExpiredToken":
                return retrieval(c, cause, String.format(EXPIRED_SOURCE, c.roleArn, c.accessKeyId, said));
            case "InvalidClientTokenId":
                return config(c, cause, String.format(INVALID_CLIENT_TOKEN, c.roleArn, c.accessKeyId, said));
            case "SignatureDoesNotMatch":
                return config(c, cause, String.format(SIGNATURE_MISMATCH, c.roleArn, said));
            case "RegionDisabledException":
                return config(c, cause, String.format(REGION_DISABLED, c.region, c.roleArn, said));
            case "MalformedPolicyDocument":
            case "MalformedPolicyDocumentException":
                return config(c, cause, String.format(MALFORMED_POLICY, c.roleArn, said));
            case "PackedPolicyTooLarge":
            case "PackedPolicyTooLargeException":
                return config(c, cause, String.format(PACKED_POLICY, c.roleArn, said));
            case "ValidationError":
                return config(c, cause, String.format(VALIDATION, c.roleArn, field(raw), said));
            case "ExpiredTokenException":
                return retrieval(c, cause, String.format(WEB_TOKEN_EXPIRED, c.roleArn, said));
            case "InvalidIdentityToken":
                return retrieval(c, cause, String.format(WEB_TOKEN_INVALID, c.roleArn, said));
            case "IDPRejectedClaim":
                return config(c, cause, String.format(IDP_REJECTED, c.roleArn, said));
            case "IDPCommunicationError":
                return retrieval(c, cause, String.format(IDP_UNREACHABLE, c.roleArn, said));
            default:
                break;
        }
        if (THROTTLING.contains(code) || e.isThrottlingException()) {
            return retrieval(c, cause, String.format(THROTTLED, c.operation, c.roleArn, said));
        }
        if (status >= 500 || status == 0) {
            return retrieval(c, cause, String.format(SERVICE_ERROR, c.operation, c.roleArn, status,
                    code.isEmpty() ? "no error code" : code, said));
        }
        return config(c, cause, String.format(CLIENT_ERROR, c.operation, c.roleArn, status,
                code.isEmpty() ? "no error code" : code, said));
    }

    /** Maps a failure to get an answer at all (I/O, timeout, unparseable answer). */
    static CredentialsException mapClientError(SdkClientException e, Call c) {
        if (e instanceof CredentialsException) {
            return (CredentialsException) e;
        }
        return retrieval(c, ClientFailures.safeCause(e), String.format(NO_ANSWER, c.operation, c.roleArn,
                ClientFailures.describe(e)));
    }

    /**
     * Wraps a failure of the source credentials in the same category, saying which hop needed them.
     */
    static CredentialsException sourceFailed(RuntimeException e, String source, String what) {
        String msg = what + " failed: " + e.getMessage();
        if (e instanceof CredentialsConfigurationException) {
            return CredentialsConfigurationException.newBuilder().message(msg).cause(e).source(source).build();
        }
        if (e instanceof CredentialsNotFoundException) {
            return CredentialsNotFoundException.newBuilder().message(msg).cause(e).source(source).build();
        }
        if (e instanceof CredentialsTimeoutException) {
            return CredentialsTimeoutException.newBuilder().message(msg).cause(e).source(source).build();
        }
        return CredentialsRetrievalException.newBuilder().message(msg).cause(e).source(source).build();
    }

    /** The STS message with every echoed value removed. */
    static String redact(String message) {
        return message == null ? null : VALUE_AT.matcher(message).replaceAll("Value at '");
    }

    /** The field a ValidationError names, such as {@code roleSessionName}. */
    static String field(String message) {
        if (message == null) {
            return "unknown";
        }
        Matcher m = FIELD.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        return DURATION.matcher(message).find() ? "DurationSeconds" : "unknown";
    }

    private static String caller(String raw, Call c) {
        if (raw != null) {
            Matcher m = CALLER.matcher(raw);
            if (m.find()) {
                return m.group(1);
            }
        }
        if (c.caller != null) {
            return c.caller;
        }
        return c.accessKeyId == null ? "the source credentials"
                : "the source credentials (access key id " + c.accessKeyId + ")";
    }

    private static Throwable safeCause(StsException e, String raw) {
        if (raw == null) {
            return e;
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        for (String f : SECRET_FIELDS) {
            if (lower.contains(f)) {
                return null;
            }
        }
        return raw.equals(redact(raw)) ? e : null;
    }

    private static CredentialsException config(Call c, Throwable cause, String message) {
        return CredentialsConfigurationException.newBuilder().message(message).cause(cause).source(c.source)
                .build();
    }

    private static CredentialsException retrieval(Call c, Throwable cause, String message) {
        return CredentialsRetrievalException.newBuilder().message(message).cause(cause).source(c.source)
                .build();
    }
}
