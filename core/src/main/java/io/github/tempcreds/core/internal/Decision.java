package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsException;

/** What one slow-path call does: return a value (maybe starting a load), wait for a flight, or fail. */
final class Decision {
    CachedCredentials value;
    Flight await;
    Flight started;
    CredentialsException error;
    boolean stale;

    private Decision() {
    }

    static Decision value(CachedCredentials value, Flight started) {
        Decision d = new Decision();
        d.value = value;
        d.started = started;
        return d;
    }

    static Decision stale(CachedCredentials value) {
        Decision d = value(value, null);
        d.stale = true;
        return d;
    }

    static Decision await(Flight existing, Flight started) {
        Decision d = new Decision();
        d.await = existing != null ? existing : started;
        d.started = started;
        return d;
    }

    static Decision fail(CredentialsException error) {
        Decision d = new Decision();
        d.error = error;
        return d;
    }
}
