package io.github.tempcreds.core;

/**
 * Thrown when the source is configured but wrong, or a person must act (log in again, fix a profile); a chain stops here.
 */
public final class CredentialsConfigurationException extends CredentialsException {
    private static final long serialVersionUID = 1L;

    private CredentialsConfigurationException(Builder b) {
        super(b);
    }

    /** Creates an exception with a message and no cause. */
    public static CredentialsConfigurationException of(String message) {
        return newBuilder().message(message).build();
    }

    /** Creates an exception with a message and a cause. */
    public static CredentialsConfigurationException of(String message, Throwable cause) {
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

    /** Builder of {@link CredentialsConfigurationException}. */
    public static final class Builder extends CredentialsException.Builder<Builder> {
        private Builder() {
        }

        @Override
        public CredentialsConfigurationException build() {
            return new CredentialsConfigurationException(this);
        }
    }
}
