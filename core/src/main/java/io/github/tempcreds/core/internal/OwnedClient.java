package io.github.tempcreds.core.internal;

import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An SDK client a provider owns: built on first use, closed by {@link #close()}, built again on the next
 * use after that (a provider shared by SDK clients survives one of them closing it). An injected client
 * is wrapped with {@link #injected}: returned as is and never closed. Internal: no compatibility promise.
 *
 * <p>Concurrency: {@link #get()} and {@link #close()} are {@code synchronized}; the building happens under
 * the lock (the SDK's builder does no I/O). A load racing a close either took the client before it (the
 * close closes it; that load fails, its flight abandoned by the engine's close anyway) or builds a new one
 * after it, held here and closed by the next close: a built client never becomes unreachable.
 *
 * @param <T> the client type
 */
public final class OwnedClient<T extends SdkAutoCloseable> implements Supplier<T>, AutoCloseable {
    private final Supplier<T> factory;
    private final boolean owned;
    private T client;
    private int built;

    private OwnedClient(Supplier<T> factory, T injected) {
        this.factory = factory;
        this.owned = factory != null;
        this.client = injected;
    }

    /** A client built by {@code factory} when first needed and closed by {@link #close()}. */
    public static <T extends SdkAutoCloseable> OwnedClient<T> owned(Supplier<T> factory) {
        return new OwnedClient<>(java.util.Objects.requireNonNull(factory, "factory"), null);
    }

    /** The user's client: never closed here. */
    public static <T extends SdkAutoCloseable> OwnedClient<T> injected(T client) {
        return new OwnedClient<>(null, client);
    }

    /** The client, built now if there is none. */
    @Override
    public synchronized T get() {
        if (client == null && owned) {
            client = factory.get();
            built++;
        }
        return client;
    }

    /** Whether a built client is held now (for tests). */
    public synchronized boolean isOpen() {
        return owned && client != null;
    }

    /** How many clients were built so far (for tests). */
    public synchronized int builtCount() {
        return built;
    }

    /** Closes the client if this object built it; the next {@link #get()} builds another. Idempotent. */
    @Override
    public synchronized void close() {
        if (owned && client != null) {
            T c = client;
            client = null;
            c.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "OwnedClient(" + (owned ? (client != null ? "open" : "not built") : "injected") + ")";
    }
}
