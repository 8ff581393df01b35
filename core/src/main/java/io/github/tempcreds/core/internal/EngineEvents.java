package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the engine's events and passes them to listeners one by one, catching and logging whatever a
 * listener throws. The engine calls it only while holding no lock. Events never carry credentials.
 */
final class EngineEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);

    private final String source;
    private final List<CredentialsListener> listeners;
    private final AtomicReference<CachedCredentials> lastStaleWarned = new AtomicReference<>();

    EngineEvents(String source, List<CredentialsListener> listeners) {
        this.source = source;
        this.listeners = List.copyOf(listeners);
    }

    void started(CachedCredentials previous, long now) {
        LOG.debug(EngineMessages.REFRESH_STARTED, source, previous.state(now), previous.expiration);
        if (!listeners.isEmpty()) {
            dispatch("refreshStarted", event(now).expiration(previous.expiration).build(), CredentialsListener::refreshStarted);
        }
    }

    void succeeded(CachedCredentials loaded, long start, long now, int recoveredAfter) {
        if (recoveredAfter > 0) {
            LOG.info(EngineMessages.REFRESH_RECOVERED, source, recoveredAfter, loaded.expiration);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(EngineMessages.REFRESH_SUCCEEDED, source, now - start, loaded.expiration,
                    Instant.ofEpochMilli(loaded.refreshAtMillis), Instant.ofEpochMilli(loaded.mandatoryAtMillis));
        }
        if (!listeners.isEmpty()) {
            dispatch("refreshSucceeded", event(now).expiration(loaded.expiration)
                    .loadDuration(Duration.ofMillis(now - start)).build(), CredentialsListener::refreshSucceeded);
        }
    }

    void failed(CredentialsException failure, CachedCredentials current, long next, int failures, long start, long now) {
        Instant nextAttempt = Instant.ofEpochMilli(next);
        String held = current.hasValue() ? "expire at " + current.expiration : "none loaded yet";
        if (failures == 1 && !(failure instanceof CredentialsNotFoundException)) {
            // A source that is merely not configured here is not something a person must act on: DEBUG.
            LOG.warn(EngineMessages.REFRESH_FAILED, source, EngineErrors.clause(failure.getMessage()), held, nextAttempt);
        } else {
            LOG.debug(EngineMessages.REFRESH_FAILED, source, EngineErrors.clause(failure.getMessage()), held, nextAttempt);
        }
        if (!listeners.isEmpty()) {
            dispatch("refreshFailed", event(now).expiration(current.expiration).error(failure).nextAttempt(nextAttempt)
                    .consecutiveFailures(failures).loadDuration(Duration.ofMillis(now - start)).build(),
                    CredentialsListener::refreshFailed);
            dispatch("backoff", event(now).expiration(current.expiration).nextAttempt(nextAttempt)
                    .consecutiveFailures(failures).build(), CredentialsListener::backoff);
        }
    }

    /** WARN once per stale value (then DEBUG), so grace mode under load does not flood the log. */
    void servedStale(CachedCredentials stale, long now) {
        CachedCredentials previous = lastStaleWarned.getAndSet(stale);
        if (previous != stale) {
            LOG.warn(EngineMessages.SERVED_STALE, source, stale.expiration);
        } else {
            LOG.debug(EngineMessages.SERVED_STALE, source, stale.expiration);
        }
        if (!listeners.isEmpty()) {
            dispatch("servedStale", event(now).expiration(stale.expiration).build(), CredentialsListener::servedStale);
        }
    }

    void invalidated() {
        LOG.debug(EngineMessages.INVALIDATED, source);
    }

    private CredentialsEvent.Builder event(long millis) {
        return CredentialsEvent.builder().source(source).time(Instant.ofEpochMilli(millis));
    }

    private void dispatch(String method, CredentialsEvent e, BiConsumer<CredentialsListener, CredentialsEvent> call) {
        for (CredentialsListener l : listeners) {
            try {
                call.accept(l, e);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                try {
                    LOG.warn(EngineMessages.LISTENER_FAILED, l.getClass().getName(), method, t);
                } catch (RuntimeException | LinkageError | AssertionError logging) {
                    // a throwable whose own methods throw: the listener is ignored all the same
                }
            }
        }
    }
}
