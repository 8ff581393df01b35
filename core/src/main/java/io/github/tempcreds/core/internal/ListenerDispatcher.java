package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsListener;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls listeners one by one, catching and logging whatever they throw. The engine calls it only
 * while holding no lock.
 */
final class ListenerDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);

    private final List<CredentialsListener> listeners;

    ListenerDispatcher(List<CredentialsListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void started(CredentialsEvent e) {
        dispatch("refreshStarted", e, CredentialsListener::refreshStarted);
    }

    void succeeded(CredentialsEvent e) {
        dispatch("refreshSucceeded", e, CredentialsListener::refreshSucceeded);
    }

    void failed(CredentialsEvent e) {
        dispatch("refreshFailed", e, CredentialsListener::refreshFailed);
    }

    void backoff(CredentialsEvent e) {
        dispatch("backoff", e, CredentialsListener::backoff);
    }

    void servedStale(CredentialsEvent e) {
        dispatch("servedStale", e, CredentialsListener::servedStale);
    }

    private void dispatch(String method, CredentialsEvent e, BiConsumer<CredentialsListener, CredentialsEvent> call) {
        for (CredentialsListener l : listeners) {
            try {
                call.accept(l, e);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable t) {
                LOG.warn(EngineMessages.LISTENER_FAILED, l.getClass().getName(), method, t);
            }
        }
    }
}
