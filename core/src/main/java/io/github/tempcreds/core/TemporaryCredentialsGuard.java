package io.github.tempcreds.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Wraps any credentials provider and refuses (by default) or flags long-term credentials: an access
 * key id starting with {@code AKIA}, or credentials without a session token.
 *
 * <p>AWS Well-Architected SEC02-BP02 ("Use temporary credentials") asks workloads not to use long-term
 * access keys: they do not expire, so a leaked key stays valid until someone notices and deactivates
 * it. Temporary credentials (roles via IMDS, IAM Identity Center, AssumeRole, Cognito) expire on
 * their own. This guard makes that rule enforceable at the edge of the application.
 *
 * <p>{@link Mode#REFUSE} (default) throws a {@link CredentialsConfigurationException};
 * {@link Mode#LOG_ONCE} logs one WARN per guard and returns the credentials.
 *
 * <p>Thread-safe when the wrapped provider is. {@link #close()} closes the wrapped provider if it can
 * be closed; the guard itself holds nothing to close, so it lives as long as its delegate: around a
 * tempcreds provider (which re-initialises lazily after close) a guard shared by several SDK clients
 * keeps working after one of them closes it.
 */
public final class TemporaryCredentialsGuard implements RefreshableCredentialsProvider {
    /** WARN in {@link Mode#LOG_ONCE}: the delegate's description, the masked key id. */
    static final String LONG_TERM_WARNING = "Long-term credentials in use from {} (access key {}); "
            + "SEC02-BP02 asks for temporary credentials: use a role instead of an access key";
    /** Error message: the delegate's description, the masked key id, the reason. */
    static final String LONG_TERM_REFUSED = "Refusing long-term credentials from %s (access key %s, %s). "
            + "tempcreds requires temporary credentials (AWS Well-Architected SEC02-BP02): long-term access keys never "
            + "expire, so a leaked key stays valid until it is found and deactivated. Use a role (EC2 instance "
            + "profile, IAM Identity Center via `aws sso login`, AssumeRole, web identity) instead of an access key, "
            + "or build the guard with Mode.LOG_ONCE to only log a warning.";

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryCredentialsGuard.class);

    /** What the guard does with long-term credentials. */
    public enum Mode {
        /** Throw a {@link CredentialsConfigurationException}; the default. */
        REFUSE,
        /** Log one WARN per guard and return the credentials. */
        LOG_ONCE
    }

    private final AwsCredentialsProvider delegate;
    private final Mode mode;
    private final AtomicBoolean warned = new AtomicBoolean();

    private TemporaryCredentialsGuard(AwsCredentialsProvider delegate, Mode mode) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** A guard in {@link Mode#REFUSE} around the provider. */
    public static TemporaryCredentialsGuard create(AwsCredentialsProvider delegate) {
        return new TemporaryCredentialsGuard(delegate, Mode.REFUSE);
    }

    /** A guard in the given mode around the provider. */
    public static TemporaryCredentialsGuard create(AwsCredentialsProvider delegate, Mode mode) {
        return new TemporaryCredentialsGuard(delegate, mode);
    }

    /**
     * The wrapped provider's credentials, after the check.
     *
     * @throws CredentialsConfigurationException in {@link Mode#REFUSE} when they are long-term
     */
    @Override
    public AwsCredentials resolveCredentials() {
        AwsCredentials c = delegate.resolveCredentials();
        check(c);
        return c;
    }

    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        return delegate.resolveIdentity(request).thenApply(c -> {
            check(c);
            return c;
        });
    }

    /** Whether these credentials are long-term: an {@code AKIA} key id, or no session token. */
    public static boolean isLongTerm(AwsCredentialsIdentity credentials) {
        return reason(credentials) != null;
    }

    private static String reason(AwsCredentialsIdentity c) {
        if (c.accessKeyId() != null && c.accessKeyId().startsWith("AKIA")) {
            return "an AKIA key is a long-term IAM user key";
        }
        if (!(c instanceof AwsSessionCredentialsIdentity)
                || ((AwsSessionCredentialsIdentity) c).sessionToken() == null
                || ((AwsSessionCredentialsIdentity) c).sessionToken().isBlank()) {
            return "there is no session token";
        }
        return null;
    }

    private void check(AwsCredentialsIdentity c) {
        String why = reason(c);
        if (why == null) {
            return;
        }
        if (mode == Mode.REFUSE) {
            throw CredentialsConfigurationException.newBuilder()
                    .message(String.format(LONG_TERM_REFUSED, delegate.getClass().getSimpleName(), mask(c.accessKeyId()), why))
                    .build();
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warn(LONG_TERM_WARNING, delegate.getClass().getSimpleName(), mask(c.accessKeyId()));
        }
    }

    /** The first four and last four characters of a key id; the middle is masked. */
    static String mask(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() < 12) {
            return "****";
        }
        return accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
    }

    @Override
    public void invalidate(String accessKeyId) {
        if (delegate instanceof RefreshableCredentialsProvider) {
            ((RefreshableCredentialsProvider) delegate).invalidate(accessKeyId);
        }
    }

    /**
     * The wrapped provider's health if it reports one; otherwise a snapshot saying only that this
     * guard does not know (state {@link CredentialsHealth.State#NOT_LOADED}).
     */
    @Override
    public CredentialsHealth health() {
        if (delegate instanceof RefreshableCredentialsProvider) {
            return ((RefreshableCredentialsProvider) delegate).health();
        }
        return CredentialsHealth.builder().source(delegate.getClass().getSimpleName())
                .state(CredentialsHealth.State.NOT_LOADED).build();
    }

    /** Closes the wrapped provider if it can be closed; a later call works if the delegate re-initialises. */
    @Override
    public void close() {
        if (delegate instanceof SdkAutoCloseable) {
            ((SdkAutoCloseable) delegate).close();
        } else if (delegate instanceof AutoCloseable) {
            try {
                ((AutoCloseable) delegate).close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing " + delegate.getClass().getSimpleName() + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "TemporaryCredentialsGuard(mode=" + mode + ", delegate=" + delegate.getClass().getSimpleName() + ")";
    }
}
