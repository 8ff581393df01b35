package io.github.tempcreds.core;

/**
 * Thrown when loading credentials did not finish within the load timeout.
 */
public final class CredentialsTimeoutException extends CredentialsException {
    private static final long serialVersionUID = 1L;

    private CredentialsTimeoutException(Builder b) {
        super(b);
    }

    /** Creates an exception with a message and no cause. */
    public static CredentialsTimeoutException of(String message) {
        return newBuilder().message(message).build();
    }

    /** Creates an exception with a message and a cause. */
    public static CredentialsTimeoutException of(String message, Throwable cause) {
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

    /** Builder of {@link CredentialsTimeoutException}. */
    public static final class Builder extends CredentialsException.Builder<Builder> {
        private Builder() {
        }

        @Override
        public CredentialsTimeoutException build() {
            return new CredentialsTimeoutException(this);
        }
    }
}
