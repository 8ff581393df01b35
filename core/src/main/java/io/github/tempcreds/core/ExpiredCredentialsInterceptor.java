package io.github.tempcreds.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An SDK {@link ExecutionInterceptor} that tells tempcreds providers when a service rejected their
 * credentials, so the next call loads new ones instead of reusing credentials the service already
 * considers expired (for example after clock skew, or a session revoked early).
 *
 * <p>When a call fails with error code {@code ExpiredToken}, {@code ExpiredTokenException} or
 * {@code InvalidToken}, it reads the access key id the request was signed with (from the
 * {@code Authorization} header's {@code Credential=AKID/...}, or a presigned URL's
 * {@code X-Amz-Credential}) and calls {@link RefreshableCredentialsProvider#invalidate(String)} on every
 * provider it was built over. A provider whose cached credentials have another key ignores it.
 *
 * <p>Register it on the client: {@code .overrideConfiguration(o -> o.addExecutionInterceptor(
 * provider.expiredCredentialsInterceptor()))}. It does not retry the failed call.
 *
 * <p>Thread-safe and stateless apart from the providers it was built over.
 */
public final class ExpiredCredentialsInterceptor implements ExecutionInterceptor {
    /** The error codes that mean "these credentials are no longer accepted". */
    public static final Set<String> EXPIRED_CREDENTIALS_ERROR_CODES =
            Set.of("ExpiredToken", "ExpiredTokenException", "InvalidToken");
    /** DEBUG: error code, provider count. */
    static final String REJECTED = "A service answered {}; invalidating these credentials in {} provider(s)";

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredCredentialsInterceptor.class);
    private static final ExecutionAttribute<String> SIGNED_ACCESS_KEY_ID =
            new ExecutionAttribute<>("tempcreds.SignedAccessKeyId");

    private final List<RefreshableCredentialsProvider> providers;

    private ExpiredCredentialsInterceptor(List<RefreshableCredentialsProvider> providers) {
        this.providers = providers;
    }

    /**
     * An interceptor over the given providers.
     *
     * @throws NullPointerException if a provider is {@code null}
     * @throws IllegalArgumentException if no provider is given
     */
    public static ExpiredCredentialsInterceptor create(RefreshableCredentialsProvider... providers) {
        return create(List.of(providers));
    }

    /**
     * An interceptor over the given providers.
     *
     * @throws NullPointerException if a provider is {@code null}
     * @throws IllegalArgumentException if no provider is given
     */
    public static ExpiredCredentialsInterceptor create(List<? extends RefreshableCredentialsProvider> providers) {
        List<RefreshableCredentialsProvider> copy = List.copyOf(providers);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("providers must not be empty");
        }
        return new ExpiredCredentialsInterceptor(copy);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        accessKeyId(context.httpRequest()).ifPresent(id -> attributes.putAttribute(SIGNED_ACCESS_KEY_ID, id));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Optional<String> code = expiredCode(context.exception());
        if (code.isEmpty()) {
            return;
        }
        String id = attributes.getAttribute(SIGNED_ACCESS_KEY_ID);
        if (id == null) {
            id = context.httpRequest().flatMap(ExpiredCredentialsInterceptor::accessKeyId).orElse(null);
        }
        if (id == null) {
            return;
        }
        LOG.debug(REJECTED, code.get(), providers.size());
        for (RefreshableCredentialsProvider p : providers) {
            p.invalidate(id);
        }
    }

    private static Optional<String> expiredCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AwsServiceException) {
                AwsServiceException e = (AwsServiceException) c;
                String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
                return code != null && EXPIRED_CREDENTIALS_ERROR_CODES.contains(code) ? Optional.of(code) : Optional.empty();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The access key id a request was signed with, from its Authorization header or presigned query. */
    static Optional<String> accessKeyId(SdkHttpRequest request) {
        Optional<String> auth = request.firstMatchingHeader("Authorization");
        if (auth.isPresent()) {
            String h = auth.get();
            int i = h.indexOf("Credential=");
            if (i >= 0) {
                return untilSlash(h.substring(i + "Credential=".length()));
            }
        }
        return request.firstMatchingRawQueryParameter("X-Amz-Credential").flatMap(ExpiredCredentialsInterceptor::untilSlash);
    }

    private static Optional<String> untilSlash(String s) {
        String decoded = s.replace("%2F", "/").replace("%2f", "/");
        int slash = decoded.indexOf('/');
        String id = slash > 0 ? decoded.substring(0, slash).trim() : null;
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    @Override
    public String toString() {
        return "ExpiredCredentialsInterceptor(providers=" + providers.size() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpiredCredentialsInterceptor && ((ExpiredCredentialsInterceptor) o).providers.equals(providers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providers);
    }
}
