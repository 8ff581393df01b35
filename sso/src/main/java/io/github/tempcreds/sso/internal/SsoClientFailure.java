package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.internal.ClientFailures;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What went wrong when an SDK client call to the SSO portal or SSO-OIDC failed without an answer from
 * the service ({@link SdkClientException}): no connection, no answer in time, an answer that could not be
 * parsed, or another transport failure. The text is meant for an exception message.
 *
 * <p>The SDK's own message is included for transport failures: it names the host and the I/O error,
 * never a header (the bearer token travels in one) nor the request body (the OIDC client secret and
 * refresh token). It is left out for parse failures: a JSON parser's message can quote the answer, and
 * the answer may hold credentials or tokens.
 *
 * <p>Immutable; thread-safe. Internal: no compatibility promise.
 */
public final class SsoClientFailure {
    /** The kind of failure. */
    public enum Kind {
        /** No connection could be made (refused, unknown host, no route). */
        CONNECT,
        /** The call or an attempt timed out, or a read timed out. */
        TIMEOUT,
        /** An answer arrived but could not be parsed. */
        MALFORMED,
        /** Anything else (connection reset, broken answer, …). */
        OTHER
    }

    /** Longest SDK message kept; longer ones are cut (the length {@link ClientFailures#printable} keeps). */
    static final int MAX_SDK_MESSAGE = 300;

    private final Kind kind;
    private final String text;

    private SsoClientFailure(Kind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    /**
     * Classifies a failed call.
     *
     * @param e the SDK's exception
     * @param service how the service is called in messages ("the SSO portal", "SSO-OIDC")
     * @param operation the operation ("GetRoleCredentials", "CreateToken")
     * @param endpoint where the client sends requests, for messages
     */
    public static SsoClientFailure of(SdkClientException e, String service, String operation, String endpoint) {
        Kind kind = kind(e);
        String sdk = sdkMessage(e);
        switch (kind) {
            case CONNECT:
                return new SsoClientFailure(kind, "could not connect to " + service + " at " + endpoint + " (" + sdk
                        + ")");
            case TIMEOUT:
                return new SsoClientFailure(kind, service + " at " + endpoint + " did not answer " + operation
                        + " in time (" + sdk + ")");
            case MALFORMED:
                return new SsoClientFailure(kind, service + "'s answer could not be parsed (" + operation
                        + " at " + endpoint + ")");
            default:
                return new SsoClientFailure(kind, "the call to " + service + " at " + endpoint + " failed (" + sdk
                        + ")");
        }
    }

    /** The endpoint a client sends to: its override, else the regional AWS endpoint. */
    public static String endpoint(SdkClient client, String defaultEndpoint) {
        try {
            return client.serviceClientConfiguration().endpointOverride().map(Object::toString)
                    .orElse(defaultEndpoint);
        } catch (RuntimeException | LinkageError unknown) {
            return defaultEndpoint;
        }
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** What happened, for a message. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "SsoClientFailure(" + kind + ": " + text + ")";
    }

    private static Kind kind(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return Kind.TIMEOUT;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return Kind.CONNECT;
            }
            if (t instanceof InterruptedIOException || t.getClass().getSimpleName().endsWith("TimeoutException")) {
                return Kind.TIMEOUT;
            }
            String name = t.getClass().getName().toLowerCase(Locale.ROOT);
            if (name.contains("json") && (name.contains("parse") || name.contains("processing")
                    || name.contains("eof"))) {
                return Kind.MALFORMED;
            }
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("Unable to unmarshall") || m.startsWith("Unable to parse")
                || ClientFailures.isMalformedAnswer(e)) {
            return Kind.MALFORMED;
        }
        return Kind.OTHER;
    }

    /** The SDK's message without control characters, cut to {@value #MAX_SDK_MESSAGE} characters. */
    private static String sdkMessage(SdkClientException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String p = ClientFailures.printable(m);
        return m.length() > MAX_SDK_MESSAGE ? p : p.trim();
    }
}
