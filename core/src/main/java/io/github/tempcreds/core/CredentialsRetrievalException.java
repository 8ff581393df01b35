package io.github.tempcreds.core;

/**
 * Thrown when the source was asked and failed (I/O error, 5xx, throttling, malformed answer); a later attempt may succeed.
 */
public final class CredentialsRetrievalException extends CredentialsException {
    private static final long serialVersionUID = 1L;

    private CredentialsRetrievalException(Builder b) {
        super(b);
    }

    /** Creates an exception with a message and no cause. */
    public static CredentialsRetrievalException of(String message) {
        return newBuilder().message(message).build();
    }

    /** Creates an exception with a message and a cause. */
    public static CredentialsRetrievalException of(String message, Throwable cause) {
        return newBuilder().message(message).cause(cause).build();
    }

    /** A builder, for the source name and timing details. */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public boolean retryable() {
        return true;
    }

    /** Builder of {@link CredentialsRetrievalException}. */
    public static final class Builder extends CredentialsException.Builder<Builder> {
        private Builder() {
        }

        @Override
        public CredentialsRetrievalException build() {
            return new CredentialsRetrievalException(this);
        }
    }
}
