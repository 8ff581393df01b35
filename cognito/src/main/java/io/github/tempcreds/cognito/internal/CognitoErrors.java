package io.github.tempcreds.cognito.internal;

import io.github.tempcreds.core.internal.ClientFailures;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentity.model.CognitoIdentityException;
import software.amazon.awssdk.services.cognitoidentity.model.NotAuthorizedException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Maps SDK errors of Cognito Identity and STS to the tempcreds categories. Internal: no compatibility
 * promise. Messages quote the service's own text (which never echoes a token) and never a token.
 */
public final class CognitoErrors {
    /** Source name in errors. */
    public static final String SOURCE = "cognito";

    private static final Set<String> COGNITO_CONFIGURATION = Set.of("InvalidIdentityPoolConfigurationException",
            "InvalidParameterException", "ResourceNotFoundException", "ResourceConflictException",
            "DeveloperUserAlreadyRegisteredException", "ValidationException", "UnrecognizedClientException",
            "MissingAuthenticationTokenException", "AccessDeniedException");
    private static final Set<String> STS_CONFIGURATION = Set.of("AccessDenied", "InvalidIdentityToken",
            "MalformedPolicyDocument", "PackedPolicyTooLarge", "ValidationError", "RegionDisabledException",
            "IDPRejectedClaim");

    private CognitoErrors() {
    }

    /**
     * The tempcreds error for a failed call.
     *
     * @param e the SDK error
     * @param poolId the identity pool
     * @param who what logged in, e.g. {@code guest} or {@code login provider(s) [accounts.google.com]}
     */
    public static CredentialsException map(SdkException original, String poolId, String who) {
        // The SDK exception's message is the service's text, which can echo a login token: it is kept as the
        // cause only when redaction found nothing to remove.
        SdkException e = original;
        Throwable cause = safeServiceCause(original);
        if (e instanceof NotAuthorizedException) {
            String detail = serviceText(e);
            String message = who.equals("guest")
                    ? "Cognito identity pool " + poolId + " refused guest access (NotAuthorizedException: " + detail
                    + "). Enable unauthenticated identities on the pool, or supply logins."
                    : "Cognito identity pool " + poolId + " refused the " + who + " (NotAuthorizedException: "
                    + detail + "). Check that the provider is configured on the identity pool, that its token is "
                    + "valid and unexpired, and the pool's role mapping.";
            return configuration(message, cause);
        }
        if (e instanceof CognitoIdentityException) {
            String code = code(e);
            if (COGNITO_CONFIGURATION.contains(code)) {
                return configuration("Cognito identity pool " + poolId + " rejected the request for " + who + " ("
                        + code + ": " + serviceText(e) + "). Check the pool id, region and pool configuration.", cause);
            }
            return retrieval("Cognito Identity failed for pool " + poolId + " (" + code + ": " + serviceText(e)
                    + ")" + (((AwsServiceException) e).isThrottlingException() ? "; throttled, will retry with backoff"
                    : "; will retry"), cause);
        }
        if (e instanceof StsException) {
            String code = code(e);
            String message = "STS AssumeRoleWithWebIdentity with the Cognito OpenID token of pool " + poolId
                    + " failed (" + code + ": " + serviceText(e) + ")";
            return STS_CONFIGURATION.contains(code)
                    ? configuration(message + ". Check the role ARN and that its trust policy allows "
                    + "cognito-identity.amazonaws.com for this pool.", cause)
                    : retrieval(message + "; will retry", cause);
        }
        if (e instanceof AwsServiceException) {
            return retrieval("AWS call for Cognito identity pool " + poolId + " failed (" + code(e) + ": "
                    + serviceText(e) + "); will retry", cause);
        }
        return retrieval("Could not get credentials from Cognito identity pool " + poolId + ": "
                + ClientFailures.describe(e) + "; will retry", ClientFailures.safeCause(e));
    }

    private static Throwable safeServiceCause(SdkException e) {
        if (!(e instanceof AwsServiceException)) {
            return ClientFailures.safeCause(e);
        }
        AwsServiceException s = (AwsServiceException) e;
        String text = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
        return text == null || ClientFailures.redactTokens(text).equals(text) ? e : null;
    }

    private static String code(SdkException e) {
        AwsServiceException s = (AwsServiceException) e;
        return s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null
                ? "HTTP " + s.statusCode() : s.awsErrorDetails().errorCode();
    }

    private static String serviceText(SdkException e) {
        AwsServiceException s = (AwsServiceException) e;
        String text = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
        return ClientFailures.redactTokens(text);
    }

    /** A configuration error. */
    public static CredentialsConfigurationException configuration(String message, Throwable cause) {
        return CredentialsConfigurationException.newBuilder().message(message).cause(cause).source(SOURCE).build();
    }

    /** A retrieval error. */
    public static CredentialsRetrievalException retrieval(String message, Throwable cause) {
        return CredentialsRetrievalException.newBuilder().message(message).cause(cause).source(SOURCE).build();
    }
}
