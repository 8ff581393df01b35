package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The IMDS error messages (constants, so tests can assert them) and the mapping of failed exchanges onto
 * the core error categories. No message ever contains a token, a key or a body. Internal: no
 * compatibility promise.
 */
public final class ImdsErrors {
    /** Source name in every error. */
    public static final String SOURCE = "imds";

    /** Token PUT connected but unanswered: endpoint, timeout, hints sentence. */
    public static final String HOP_LIMIT = "IMDS at %s accepted the token request (PUT /latest/api/token) but sent no"
            + " answer within %s. The instance's HttpPutResponseHopLimit is probably too small for this process:"
            + " with the default of 1 the answer is dropped one hop before it reaches a container. Fix: set"
            + " HttpPutResponseHopLimit to 2 (aws ec2 modify-instance-metadata-options --instance-id <id>"
            + " --http-put-response-hop-limit 2, or the launch template's metadata options). %s Alternatives that"
            + " need no IMDS in containers: ECS task roles, EKS IAM roles for service accounts (IRSA) or EKS Pod"
            + " Identity. tempcreds never falls back to IMDSv1.";
    /** Hints sentence when there are hints. */
    public static final String HINTS = "This looks like a container: %s.";
    /** Hints sentence when there are none. */
    public static final String NO_HINTS = "No container hints were found (/.dockerenv, cgroup, ECS or Kubernetes"
            + " variables); a proxy or an extra network hop has the same effect.";
    /** Nothing there: endpoint, what happened. */
    public static final String UNREACHABLE = "IMDS is not reachable at %s (%s): this is not an EC2 instance, or"
            + " IMDS is blocked (firewall, network policy, endpoint setting). Where IMDS is not expected, use another"
            + " credential source.";
    /** Turned off by a setting. */
    public static final String DISABLED_SETTING = "IMDS credentials are turned off by %s=true. Unset it to use the"
            + " instance's role credentials.";
    /** 403: endpoint, request. */
    public static final String FORBIDDEN = "IMDS at %s refused %s with 403 Forbidden: the instance metadata service"
            + " is disabled for this instance (HttpEndpoint=disabled). Fix: aws ec2 modify-instance-metadata-options"
            + " --instance-id <id> --http-endpoint enabled. (A proxy that adds X-Forwarded-For also gets 403: do not"
            + " route IMDS through a proxy.)";
    /** 404 on the role listing: endpoint, path. */
    public static final String NO_ROLE = "No IAM role is attached to this instance: IMDS at %s answered 404 for the"
            + " role listing %s. Fix: attach an instance profile with a role (aws ec2 associate-iam-instance-profile"
            + " --instance-id <id> --iam-instance-profile Name=<profile>).";
    /** 400 on the token PUT: endpoint, ttl seconds. */
    public static final String BAD_TTL = "IMDS at %s rejected the token request with 400: the token TTL must be"
            + " 1..21600 seconds, was %d. Fix the tokenTtl setting.";
    /** Token PUT answered with something other than a token: endpoint, status. */
    public static final String NO_V2 = "IMDS at %s answered the token request (PUT /latest/api/token) with HTTP %d:"
            + " the endpoint does not speak IMDSv2 (a metadata proxy?). tempcreds never falls back to IMDSv1;"
            + " point the endpoint at an IMDSv2 service.";
    /** A final error status on a GET: endpoint, request, status, attempts. */
    public static final String STATUS = "IMDS at %s answered %s with HTTP %d after %d attempt(s); it will be tried"
            + " again later.";
    /** GET unanswered: endpoint, request, timeout. */
    public static final String NO_ANSWER = "IMDS at %s did not answer %s within %s; it will be tried again later.";
    /** Broken connection: endpoint, request, detail, attempts. */
    public static final String BROKEN = "The connection to IMDS at %s broke while reading the answer to %s (%s)"
            + " after %d attempt(s): it was reset, closed early or did not carry HTTP. Broken connections are"
            + " retried (maxRetries); it will be tried again later. If it persists, check for a proxy, firewall or"
            + " network appliance between this process and IMDS.";
    /** An answer that did not finish within the request deadline: endpoint, request, deadline. */
    public static final String TOO_SLOW = "IMDS at %s did not finish answering %s within %s (connect timeout +"
            + " 2 x read timeout): the answer arrived too slowly and was abandoned. It will be tried again later.";

    private ImdsErrors() {
    }

    /**
     * Maps a failed exchange to a credentials error with the fix in its message.
     *
     * @param e the failure
     * @param endpoint the endpoint, for the message
     * @param readTimeout the read timeout, for the message
     * @param requestTimeout the total deadline of one request, for the message
     * @param tokenTtl the token TTL, for the 400 message
     * @param hints container hints, computed only for the hop-limit case
     */
    public static CredentialsException map(ImdsCallException e, String endpoint, Duration readTimeout,
                                           Duration requestTimeout, Duration tokenTtl,
                                           Supplier<List<String>> hints) {
        String request = (e.tokenRequest() ? "PUT " : "GET ") + e.path();
        switch (e.kind()) {
            case UNREACHABLE:
                return notFound(String.format(UNREACHABLE, endpoint, "connection refused or no route"), e);
            case CONNECT_TIMEOUT:
                return notFound(String.format(UNREACHABLE, endpoint, "no connection within the connect timeout"), e);
            case NO_ANSWER:
                if (e.tokenRequest()) {
                    List<String> found = hints.get();
                    String sentence = found.isEmpty() ? NO_HINTS : String.format(HINTS, String.join("; ", found));
                    return CredentialsTimeoutException.newBuilder().source(SOURCE).cause(e)
                            .message(String.format(HOP_LIMIT, endpoint, human(readTimeout), sentence)).build();
                }
                return CredentialsTimeoutException.newBuilder().source(SOURCE).cause(e)
                        .message(String.format(NO_ANSWER, endpoint, request, human(readTimeout))).build();
            case DEADLINE:
                return CredentialsTimeoutException.newBuilder().source(SOURCE).cause(e)
                        .message(String.format(TOO_SLOW, endpoint, request, human(requestTimeout))).build();
            case STATUS:
                return status(e, endpoint, request, tokenTtl);
            case TOO_LARGE:
                return retrieval("IMDS at " + endpoint + " answered " + request
                        + " with a body larger than 64 KiB; that is not IMDS.", e);
            default:
                return retrieval(String.format(BROKEN, endpoint, request, detail(e.getCause()),
                        Math.max(1, e.attempts())), e);
        }
    }

    /**
     * What broke, for a message: the exception's simple class name, plus its message when that is short
     * printable ASCII (JDK and HTTP client texts such as "Connection reset"; never anything that could carry
     * a body).
     */
    private static String detail(Throwable cause) {
        if (cause == null) {
            return "closed";
        }
        String name = cause.getClass().getSimpleName();
        String msg = cause.getMessage();
        if (msg == null || msg.isBlank() || msg.length() > 80 || !msg.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return name;
        }
        return name + ": " + msg;
    }

    private static CredentialsException status(ImdsCallException e, String endpoint, String request,
                                               Duration tokenTtl) {
        int status = e.status();
        if (status == 403) {
            return config(String.format(FORBIDDEN, endpoint, request), e);
        }
        if (e.tokenRequest()) {
            if (status == 400) {
                return config(String.format(BAD_TTL, endpoint, tokenTtl.getSeconds()), e);
            }
            if (status == 404 || status == 405 || status == 200) {
                return config(String.format(NO_V2, endpoint, status), e);
            }
        }
        return retrieval(String.format(STATUS, endpoint, request, status, Math.max(1, e.attempts())), e);
    }

    /** A final non-success status of a GET, as a credentials error. */
    public static CredentialsException forStatus(String endpoint, String path, ImdsResponse r, Duration tokenTtl) {
        return map(new ImdsCallException(ImdsCallException.Kind.STATUS, false, path, r.status(), r.attempts(), null),
                endpoint, Duration.ZERO, Duration.ZERO, tokenTtl, List::of);
    }

    static CredentialsException notFound(String message, Throwable cause) {
        return CredentialsNotFoundException.newBuilder().source(SOURCE).message(message).cause(cause).build();
    }

    static CredentialsException config(String message, Throwable cause) {
        return CredentialsConfigurationException.newBuilder().source(SOURCE).message(message).cause(cause).build();
    }

    static CredentialsException retrieval(String message, Throwable cause) {
        return CredentialsRetrievalException.newBuilder().source(SOURCE).message(message).cause(cause).build();
    }

    /** {@code 1 s}, {@code 250 ms}. */
    static String human(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.getSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
