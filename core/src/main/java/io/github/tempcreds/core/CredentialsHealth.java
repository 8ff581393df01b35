package io.github.tempcreds.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A point-in-time snapshot of one provider's credentials, for readiness probes and dashboards.
 *
 * <p>It never contains the credentials or any secret; the error message is the one of the
 * {@link CredentialsException}, which never contains a secret either.
 *
 * <p>Immutable and thread-safe.
 */
public final class CredentialsHealth {

    /** The state of the cached value at the time of the snapshot. */
    public enum State {
        /** Nothing has been loaded yet (or the last value was dropped). */
        NOT_LOADED,
        /** The value is returned as is. */
        FRESH,
        /** The value is returned; a background refresh is due. */
        ADVISORY,
        /** Callers wait for a refresh; the value is still returned when that refresh fails. */
        MANDATORY,
        /** The value has less than the minimum validity left and is not returned (except in grace mode). */
        UNUSABLE,
        /** The provider was closed. */
        CLOSED
    }

    /** The category of the last error, mirroring the {@link CredentialsException} subclasses. */
    public enum ErrorCategory {
        /** {@link CredentialsNotFoundException}. */
        NOT_FOUND,
        /** {@link CredentialsConfigurationException}. */
        CONFIGURATION,
        /** {@link CredentialsRetrievalException}. */
        RETRIEVAL,
        /** {@link CredentialsTimeoutException}. */
        TIMEOUT;

        /** The category of an exception; any other subclass counts as {@link #RETRIEVAL}. */
        public static ErrorCategory of(CredentialsException e) {
            if (e instanceof CredentialsNotFoundException) {
                return NOT_FOUND;
            }
            if (e instanceof CredentialsConfigurationException) {
                return CONFIGURATION;
            }
            if (e instanceof CredentialsTimeoutException) {
                return TIMEOUT;
            }
            return RETRIEVAL;
        }
    }

    private final String source;
    private final State state;
    private final Instant expiration;
    private final Instant lastRefresh;
    private final String lastErrorMessage;
    private final ErrorCategory lastErrorCategory;
    private final Instant nextAttempt;
    private final int consecutiveFailures;
    private final boolean refreshInFlight;

    private CredentialsHealth(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.state = Objects.requireNonNull(b.state, "state");
        this.expiration = b.expiration;
        this.lastRefresh = b.lastRefresh;
        this.lastErrorMessage = b.lastErrorMessage;
        this.lastErrorCategory = b.lastErrorCategory;
        this.nextAttempt = b.nextAttempt;
        this.consecutiveFailures = b.consecutiveFailures;
        this.refreshInFlight = b.refreshInFlight;
    }

    /** A builder, for providers that compose the health of others. */
    public static Builder builder() {
        return new Builder();
    }

    /** The source name. */
    public String source() {
        return source;
    }

    /** The state of the cached value. */
    public State state() {
        return state;
    }

    /** Whether a call would return credentials now without waiting for a load. */
    public boolean isUsable() {
        return state == State.FRESH || state == State.ADVISORY || state == State.MANDATORY;
    }

    /** The expiration of the cached value, if there is one and it expires. */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** When the last successful load finished. */
    public Optional<Instant> lastRefresh() {
        return Optional.ofNullable(lastRefresh);
    }

    /** The message of the last failure, kept after later successes until the next failure. */
    public Optional<String> lastErrorMessage() {
        return Optional.ofNullable(lastErrorMessage);
    }

    /** The category of the last failure. */
    public Optional<ErrorCategory> lastErrorCategory() {
        return Optional.ofNullable(lastErrorCategory);
    }

    /** When the next load may start, if a backoff is in force. */
    public Optional<Instant> nextAttempt() {
        return Optional.ofNullable(nextAttempt);
    }

    /** Failed loads in a row; zero after a success. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Whether a load is running. */
    public boolean refreshInFlight() {
        return refreshInFlight;
    }

    @Override
    public String toString() {
        return "CredentialsHealth(source=" + source + ", state=" + state
                + ", expiration=" + expiration + ", lastRefresh=" + lastRefresh
                + ", lastError=" + (lastErrorCategory != null ? lastErrorCategory + ": " + lastErrorMessage : "none")
                + ", nextAttempt=" + nextAttempt + ", consecutiveFailures=" + consecutiveFailures
                + ", refreshInFlight=" + refreshInFlight + ")";
    }

    /** Builder of {@link CredentialsHealth}. Not thread-safe. */
    public static final class Builder {
        private String source;
        private State state;
        private Instant expiration;
        private Instant lastRefresh;
        private String lastErrorMessage;
        private ErrorCategory lastErrorCategory;
        private Instant nextAttempt;
        private int consecutiveFailures;
        private boolean refreshInFlight;

        private Builder() {
        }

        /** The source name; required. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** The state; required. */
        public Builder state(State state) {
            this.state = state;
            return this;
        }

        /** The expiration; default none. */
        public Builder expiration(Instant expiration) {
            this.expiration = expiration;
            return this;
        }

        /** The last successful load; default none. */
        public Builder lastRefresh(Instant lastRefresh) {
            this.lastRefresh = lastRefresh;
            return this;
        }

        /** The last error, recorded by message and category; default none. */
        public Builder lastError(CredentialsException error) {
            this.lastErrorMessage = error != null ? error.getMessage() : null;
            this.lastErrorCategory = error != null ? ErrorCategory.of(error) : null;
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

        /** Whether a load is running; default false. */
        public Builder refreshInFlight(boolean refreshInFlight) {
            this.refreshInFlight = refreshInFlight;
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @throws NullPointerException if source or state is missing
         */
        public CredentialsHealth build() {
            return new CredentialsHealth(this);
        }
    }
}
