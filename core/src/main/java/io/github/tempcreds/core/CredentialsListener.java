package io.github.tempcreds.core;

/**
 * Receives the refresh events of a {@link RefreshingCredentialsProvider}, for metrics and tracing.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs.
 *
 * <p>Thread safety and error contract: methods are called from the thread that loads (usually a
 * refresh thread) or, for {@link #servedStale}, from the caller's thread, possibly concurrently for
 * different providers; never while the provider holds a lock. An exception thrown by a listener is
 * logged and ignored: it never breaks a refresh. Listeners should return quickly.
 */
public interface CredentialsListener {

    /** A load has started; {@link CredentialsEvent#expiration()} is that of the value being replaced. */
    default void refreshStarted(CredentialsEvent event) {
    }

    /** A load succeeded; {@link CredentialsEvent#expiration()} is that of the new value. */
    default void refreshSucceeded(CredentialsEvent event) {
    }

    /** A load failed; {@link CredentialsEvent#error()} says why. */
    default void refreshFailed(CredentialsEvent event) {
    }

    /**
     * After a failure, no load is attempted before {@link CredentialsEvent#nextAttempt()};
     * {@link CredentialsEvent#consecutiveFailures()} counts the failures so far.
     */
    default void backoff(CredentialsEvent event) {
    }

    /**
     * Grace mode only: a value that is already unusable (less than the policy's minimum validity left,
     * or expired) was returned because no new one could be loaded.
     */
    default void servedStale(CredentialsEvent event) {
    }
}
