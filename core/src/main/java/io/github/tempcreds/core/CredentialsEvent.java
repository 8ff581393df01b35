package io.github.tempcreds.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One refresh event passed to a {@link CredentialsListener}. It carries timing and error details and
 * never the credentials themselves.
 *
 * <p>Immutable and thread-safe.
 */
public final class CredentialsEvent {
    private final String source;
    private final Instant time;
    private final Instant expiration;
    private final CredentialsException error;
    private final Instant nextAttempt;
    private final int consecutiveFailures;
    private final Duration loadDuration;

    private CredentialsEvent(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.time = Objects.requireNonNull(b.time, "time");
        this.expiration = b.expiration;
        this.error = b.error;
        this.nextAttempt = b.nextAttempt;
        this.consecutiveFailures = b.consecutiveFailures;
        this.loadDuration = b.loadDuration;
    }

    /** A builder, for providers that report their own events. */
    public static Builder builder() {
        return new Builder();
    }

    /** The source name of the provider, such as {@code imds}. */
    public String source() {
        return source;
    }

    /** When the event happened, by the provider's clock. */
    public Instant time() {
        return time;
    }

    /** The expiration of the value the event is about, if it has one. */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** The failure, for failed loads. */
    public Optional<CredentialsException> error() {
        return Optional.ofNullable(error);
    }

    /** The earliest time of the next load attempt, for failures and backoff. */
    public Optional<Instant> nextAttempt() {
        return Optional.ofNullable(nextAttempt);
    }

    /** Failed loads in a row, including this one for a failure; zero after a success. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How long the load took, for succeeded and failed loads (by the provider's clock). */
    public Optional<Duration> loadDuration() {
        return Optional.ofNullable(loadDuration);
    }

    @Override
    public String toString() {
        return "CredentialsEvent(source=" + source + ", time=" + time
                + (expiration != null ? ", expiration=" + expiration : "")
                + (error != null ? ", error=" + error.getClass().getSimpleName() : "")
                + (nextAttempt != null ? ", nextAttempt=" + nextAttempt : "")
                + ", consecutiveFailures=" + consecutiveFailures
                + (loadDuration != null ? ", loadDuration=" + loadDuration : "") + ")";
    }

    /** Builder of {@link CredentialsEvent}. Not thread-safe. */
    public static final class Builder {
        private String source;
        private Instant time;
        private Instant expiration;
        private CredentialsException error;
        private Instant nextAttempt;
        private int consecutiveFailures;
        private Duration loadDuration;

        private Builder() {
        }

        /** The source name; required. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** When it happened; required. */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /** The expiration of the value concerned; default none. */
        public Builder expiration(Instant expiration) {
            this.expiration = expiration;
            return this;
        }

        /** The failure; default none. */
        public Builder error(CredentialsException error) {
            this.error = error;
            return this;
        }

        /** The next attempt; default none. */
        public Builder nextAttempt(Instant nextAttempt) {
            this.nextAttempt = nextAttempt;
            return this;
        }

        /** Failed loads in a row; default 0. */
        public Builder consecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
            return this;
        }

        /** The load duration; default none. */
        public Builder loadDuration(Duration loadDuration) {
            this.loadDuration = loadDuration;
            return this;
        }

        /**
         * Builds the event.
         *
         * @throws NullPointerException if source or time is missing
         */
        public CredentialsEvent build() {
            return new CredentialsEvent(this);
        }
    }
}
