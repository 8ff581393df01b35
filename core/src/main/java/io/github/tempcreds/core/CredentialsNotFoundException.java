package io.github.tempcreds.core;

/**
 * Thrown when the source is not configured in this environment; a chain of sources moves on to the next one.
 */
public final class CredentialsNotFoundException extends CredentialsException {
    private static final long serialVersionUID = 1L;

    private CredentialsNotFoundException(Builder b) {
        super(b);
    }

    /** Creates an exception with a message and no cause. */
    public static CredentialsNotFoundException of(String message) {
        return newBuilder().message(message).build();
    }

    /** Creates an exception with a message and a cause. */
    public static CredentialsNotFoundException of(String message, Throwable cause) {
        return newBuilder().message(message).cause(cause).build();
    }

    /** A builder, for the source name and timing details. */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public boolean retryable() {
        return false;
    }

    /** Builder of {@link CredentialsNotFoundException}. */
    public static final class Builder extends CredentialsException.Builder<Builder> {
        private Builder() {
        }

        @Override
        public CredentialsNotFoundException build() {
            return new CredentialsNotFoundException(this);
        }
    }
}
