package io.github.tempcreds.core.internal;

/**
 * Log and error message texts of the refresh engine, as constants that tests assert on. SLF4J
 * placeholders ({@code {}}) are filled in order. No message ever includes a secret.
 */
public final class EngineMessages {
    /** DEBUG: source, state, expiration of the value being replaced. */
    public static final String REFRESH_STARTED = "Refreshing credentials from {} (state {}, current expiration {})";
    /** DEBUG: source, load milliseconds, expiration, refreshAt, mandatoryAt. */
    public static final String REFRESH_SUCCEEDED =
            "Refreshed credentials from {} in {} ms; they expire at {}, refresh at {}, mandatory at {}";
    /**
     * WARN when a failure streak starts, DEBUG for later attempts of the streak: source, error message
     * (without its final period), expiration of the value still held, next attempt.
     */
    public static final String REFRESH_FAILED =
            "Refreshing credentials from {} failed: {}; current credentials: {}; next attempt at {}";
    /** INFO when a load succeeds after a failure streak: source, failed attempts, expiration. */
    public static final String REFRESH_RECOVERED =
            "Credentials from {} loaded again after {} failed attempt(s); they expire at {}";
    /** WARN: source, expiration. Grace mode only. */
    public static final String SERVED_STALE =
            "GRACE MODE: returning unusable credentials from {} that expire at {} because no new ones could be loaded";
    /** WARN: listener class, method. */
    public static final String LISTENER_FAILED = "CredentialsListener {} threw from {}; ignored";
    /** DEBUG: source. */
    public static final String INVALIDATED = "Credentials from {} invalidated after a service rejected them";

    /** Error: source, error text; then the state text. */
    public static final String UNABLE_TO_LOAD = "Unable to load credentials from %s: %s. %s";
    /** State text when nothing was ever loaded: next attempt. */
    public static final String NO_CREDENTIALS_YET = "No credentials have been loaded yet; next attempt %s.";
    /** State text when the last value is unusable: expiration, min validity, next attempt. */
    public static final String LAST_UNUSABLE =
            "The last credentials expire(d) at %s and are unusable (less than %s left); next attempt %s.";
    /** Loader answer already unusable: expiration, min validity. */
    public static final String LOADED_UNUSABLE =
            "the source returned credentials that expire at %s, less than the minimum validity %s from now "
            + "(treated as a failed load; check the source and the clock of this host)";
    /** Loader returned null. */
    public static final String LOADED_NULL = "the source returned no credentials";
    /** Load timeout: timeout. */
    public static final String LOAD_TIMEOUT = "loading did not finish within the load timeout %s";
    /** Executor refused the load. */
    public static final String LOAD_REJECTED = "the refresh executor refused to run the load";
    /** Unexpected exception from the loader: exception class. */
    public static final String LOADER_THREW = "the source failed with %s";
    /** Interrupted while waiting. */
    public static final String INTERRUPTED = "interrupted while waiting for the load";
    /** A load abandoned by close(): source. */
    public static final String CLOSED_WHILE_LOADING =
            "The credentials provider for %s was closed while loading; the next call loads again";
    /** Closed provider: source. */
    public static final String CLOSED = "The credentials provider for %s is closed; build a new one.";

    private EngineMessages() {
    }
}
