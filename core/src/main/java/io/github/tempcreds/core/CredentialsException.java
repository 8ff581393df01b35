package io.github.tempcreds.core;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The root of every error a tempcreds provider throws.
 *
 * <p>It extends the SDK's {@link SdkClientException}, so code that already catches SDK client errors
 * keeps working. Errors come in four categories, each a subclass:
 * <ul>
 *   <li>{@link CredentialsNotFoundException}: the source is not configured here; a chain moves on;</li>
 *   <li>{@link CredentialsConfigurationException}: configured but wrong, or a person must act; a chain
 *       stops;</li>
 *   <li>{@link CredentialsRetrievalException}: the source failed (I/O, 5xx, throttling, malformed
 *       answer); retryable;</li>
 *   <li>{@link CredentialsTimeoutException}: the load did not finish in time.</li>
 * </ul>
 *
 * <p>Messages say what was tried, what was found and what to do. They never contain a secret.
 */
public abstract class CredentialsException extends SdkClientException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient Instant expiredAt;
    private final transient Instant nextAttempt;

    /**
     * Creates an exception.
     *
     * @param b the builder holding message, cause, source and timing details
     */
    protected CredentialsException(Builder<?> b) {
        super(SdkClientException.builder().message(b.message).cause(b.cause));
        this.source = b.source;
        this.expiredAt = b.expiredAt;
        this.nextAttempt = b.nextAttempt;
    }

    /** The name of the credential source that failed, such as {@code imds} or {@code role-chain}. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** When the last usable credentials expired (or become unusable), if there were any. */
    public Optional<Instant> expiredAt() {
        return Optional.ofNullable(expiredAt);
    }

    /** When the next load attempt is allowed, if a backoff is in force. */
    public Optional<Instant> nextAttempt() {
        return Optional.ofNullable(nextAttempt);
    }

    /** Whether retrying later may succeed without a person acting. */
    public abstract boolean retryable();

    /**
     * Common builder state of the four categories.
     *
     * @param <B> the concrete builder type
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> {
        String message;
        Throwable cause;
        String source;
        Instant expiredAt;
        Instant nextAttempt;

        /** For subclasses' builders. */
        protected Builder() {
        }

        /** The message: what was tried, what was found, what to do. Never a secret. */
        public B message(String message) {
            this.message = message;
            return (B) this;
        }

        /** The underlying cause; its message must not contain a secret either. */
        public B cause(Throwable cause) {
            this.cause = cause;
            return (B) this;
        }

        /** The source name, such as {@code imds}. */
        public B source(String source) {
            this.source = source;
            return (B) this;
        }

        /** When the last usable credentials expired. */
        public B expiredAt(Instant expiredAt) {
            this.expiredAt = expiredAt;
            return (B) this;
        }

        /** When the next attempt is allowed. */
        public B nextAttempt(Instant nextAttempt) {
            this.nextAttempt = nextAttempt;
            return (B) this;
        }

        /** Builds the exception. */
        public abstract CredentialsException build();
    }
}
