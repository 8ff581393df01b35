package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.core.exception.SdkException;

/** Builds the engine's typed exceptions; messages never contain a secret. */
final class EngineErrors {
    private EngineErrors() {
    }

    /** A builder of the same category as {@code cause}; retrieval when there is no cause. */
    static CredentialsException.Builder<?> sameCategory(CredentialsException cause) {
        if (cause instanceof CredentialsNotFoundException) {
            return CredentialsNotFoundException.newBuilder();
        }
        if (cause instanceof CredentialsConfigurationException) {
            return CredentialsConfigurationException.newBuilder();
        }
        if (cause instanceof CredentialsTimeoutException) {
            return CredentialsTimeoutException.newBuilder();
        }
        return CredentialsRetrievalException.newBuilder();
    }

    /**
     * What a loader threw, as a {@link CredentialsException}. Messages of SDK exceptions are kept
     * (the SDK keeps secrets out of them); of other exceptions only the class name is used.
     */
    static CredentialsException normalize(Throwable t, String source) {
        if (t instanceof CredentialsException) {
            return (CredentialsException) t;
        }
        String what = t instanceof SdkException && t.getMessage() != null
                ? t.getClass().getSimpleName() + ": " + t.getMessage()
                : t.getClass().getName();
        return CredentialsRetrievalException.newBuilder()
                .message(String.format(EngineMessages.LOADER_THREW, what)).cause(t).source(source).build();
    }

    /** The cause of a {@link java.util.concurrent.CompletionException}, else {@code t}. */
    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    static CredentialsException retrieval(String source, String message) {
        return CredentialsRetrievalException.newBuilder().message(message).source(source).build();
    }

    static CredentialsException timeout(String source, Duration timeout) {
        return CredentialsTimeoutException.newBuilder()
                .message(String.format(EngineMessages.LOAD_TIMEOUT, timeout)).source(source).build();
    }

    static CredentialsException closed(String source) {
        return CredentialsConfigurationException.newBuilder()
                .message(String.format(EngineMessages.CLOSED, source)).source(source).build();
    }

    /** For callers of a load that close() abandoned. */
    static CredentialsException abandoned(String source) {
        return CredentialsRetrievalException.newBuilder()
                .message(String.format(EngineMessages.CLOSED_WHILE_LOADING, source)).source(source).build();
    }

    /**
     * A cause's message without the state sentence an inner engine appended (a provider built on another
     * one, as the chain on its sources): the caller gets this engine's state, once.
     */
    static String withoutState(String message) {
        if (message == null) {
            return null;
        }
        int cut = message.length();
        for (String format : new String[] {EngineMessages.NO_CREDENTIALS_YET, EngineMessages.LAST_UNUSABLE}) {
            String start = format.substring(0, format.indexOf('%'));
            int at = message.lastIndexOf(start);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return message.substring(0, cut);
    }

    /** A message without its final period, to be joined into a longer sentence. */
    static String clause(String message) {
        if (message == null) {
            return null;
        }
        String m = message.strip();
        while (m.endsWith(".") || m.endsWith(";") || m.endsWith(",") || m.endsWith(":")) {
            m = m.substring(0, m.length() - 1).strip();
        }
        return m;
    }

    /**
     * The error a caller gets when no usable value can be returned: names the source, the cause,
     * the old expiration and the next attempt.
     */
    static CredentialsException unusable(String source, CachedCredentials last, CredentialsException cause,
                                         long nextAttemptMillis, long nowMillis, Duration minValidity) {
        Instant next = nextAttemptMillis > nowMillis ? Instant.ofEpochMilli(nextAttemptMillis) : null;
        String nextText = next != null ? "at " + next : "on the next call";
        String state = last.hasValue()
                ? String.format(EngineMessages.LAST_UNUSABLE, last.expiration, minValidity, nextText)
                : String.format(EngineMessages.NO_CREDENTIALS_YET, nextText);
        String why = cause != null ? clause(withoutState(cause.getMessage())) : "no load has succeeded";
        return sameCategory(cause)
                .message(String.format(EngineMessages.UNABLE_TO_LOAD, source, why, state))
                .cause(cause)
                .source(source)
                .expiredAt(last.expiration)
                .nextAttempt(next)
                .build();
    }
}
