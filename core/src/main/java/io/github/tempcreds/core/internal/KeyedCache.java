package io.github.tempcreds.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * The Caffeine cache behind {@code KeyedCredentialsProviders}.
 *
 * <p>Each cached {@link Entry} holds the key's provider and the key's stable {@link Handle}, created
 * once with the entry, so {@link #handle(Object)} on a cached key allocates nothing: a read of a plain
 * {@code ConcurrentHashMap} of the live entries ({@link #live}, which records no access and reads no
 * clock) and the entry's handle; only a miss runs the factory. A handle goes straight to its current
 * entry's provider while that entry is live and looks the key up again only when the entry was removed
 * (its {@code removed} flag, set by the removal listener before the provider is closed). Uses, which are
 * calls through a handle ({@code handle(key)} alone is not one), are reported to Caffeine
 * ({@code getIfPresent}, which records the access for idle expiry and the size bound) at most once per
 * {@link #touchIntervalMillis} (a tenth of {@code expireAfterAccess}, at most a minute): a key in steady
 * use never expires, and a key may expire up to that interval before {@code expireAfterAccess} after its
 * last use, never later. Recording every use would cost Caffeine's read bookkeeping on every call,
 * several times the provider's own hot path.
 *
 * <p>Concurrency: Caffeine makes {@code cache} thread-safe and runs the factory at most once at a time
 * per key; {@link #live} is a {@code ConcurrentHashMap} kept in step with it by {@link #publish} and the
 * removal listener. Removal (eviction, invalidation, close) marks the entry removed, takes it out of
 * {@link #live} and closes its provider on the thread that triggered the removal
 * ({@code executor(Runnable::run)}), outside Caffeine's per-key lock for evictions. {@code closed},
 * {@code Entry.removed}, {@code Entry.touchedAt} and {@code Handle.current} are volatile; after
 * {@code closed} is set, lookups fail. Every provider the factory builds (with no executor of its own)
 * runs on the cache's {@link SharedRefreshPool}, closed with the cache, so threads do not grow with
 * keys.
 */
public final class KeyedCache<K> {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedCache.class);
    /** WARN: provider class, key. */
    static final String CLOSE_FAILED = "Closing evicted credentials provider {} for key {} failed";
    /** The most time between two reports of a held handle's use to Caffeine. */
    private static final long MAX_TOUCH_INTERVAL_MILLIS = 60_000;

    private final Function<K, ? extends AwsCredentialsProvider> factory;
    private final Cache<K, Entry<K>> cache;
    /**
     * The live entries by key: the hot path's lookup, a plain hash-map read (Caffeine's own quiet lookup
     * also reads its ticker and goes through its node). Every entry Caffeine holds is here once its
     * creator published it; the removal listener takes an entry out; an entry found here is used only
     * while not {@code removed} and re-checked with Caffeine once per touch interval.
     */
    private final ConcurrentHashMap<K, Entry<K>> live = new ConcurrentHashMap<>();
    private final SharedRefreshPool pool;
    private final Clock clock;
    private final long touchIntervalMillis;
    /** The miss path of {@link #handle(Object)}: created once, so a lookup allocates no lambda. */
    private final Function<K, Entry<K>> create = k -> newEntry(k, null);
    private final LongAdder evictions = new LongAdder();
    private volatile boolean closed;

    /** Creates the cache; the ticker reads the given clock, so tests drive expiry with a manual clock. */
    public KeyedCache(Function<K, ? extends AwsCredentialsProvider> factory, long maximumSize,
                      Duration expireAfterAccess, Clock clock) {
        this(factory, maximumSize, expireAfterAccess, clock, new SharedRefreshPool(SharedRefreshPool.DEFAULT_LOAD_THREADS, null));
    }

    /** How many providers were evicted (for size or idleness; not invalidations or close). */
    public long evictionCount() {
        return evictions.sum();
    }

    /** Creates the cache over a pool it owns and closes with itself. */
    public KeyedCache(Function<K, ? extends AwsCredentialsProvider> factory, long maximumSize,
                      Duration expireAfterAccess, Clock clock, SharedRefreshPool pool) {
        this.factory = factory;
        this.pool = pool;
        this.clock = clock;
        this.touchIntervalMillis = expireAfterAccess.compareTo(Duration.ofMillis(MAX_TOUCH_INTERVAL_MILLIS * 10)) >= 0
                ? MAX_TOUCH_INTERVAL_MILLIS : expireAfterAccess.toMillis() / 10;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterAccess(expireAfterAccess)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .removalListener((K key, Entry<K> entry, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                    if (entry != null) {
                        entry.removed = true;
                        live.remove(key, entry);
                        closeQuietly(key, entry.provider);
                    }
                })
                .build();
    }

    private static void closeQuietly(Object key, AwsCredentialsProvider provider) {
        if (!(provider instanceof AutoCloseable)) {
            return;
        }
        try {
            ((AutoCloseable) provider).close();
        } catch (Exception e) {
            LOG.warn(CLOSE_FAILED, provider.getClass().getName(), key, e);
        }
    }

    /** Runs the factory for a key; the new entry's handle is {@code adopter} (a held handle reloading) or a new one. */
    private Entry<K> newEntry(K key, Handle adopter) {
        AwsCredentialsProvider provider = SharedRefreshPool.withCurrent(pool, () -> Objects.requireNonNull(factory.apply(key),
                () -> "the KeyedCredentialsProviders factory returned null for key " + key));
        return new Entry<>(provider, adopter != null ? adopter : new Handle(key), clock.millis());
    }

    /** Creates the key's provider if needed and returns the key's stable handle; allocates nothing when cached. */
    public RefreshableCredentialsProvider handle(K key) {
        if (closed) {
            throw new IllegalStateException("KeyedCredentialsProviders is closed");
        }
        Entry<K> e = live.get(key);
        if (e != null && !e.removed) {
            return e.handle; // its calls report the use to Caffeine and reload if Caffeine let the entry go
        }
        if (e == null) {
            return publish(key, cache.get(key, create)).handle;
        }
        Handle held = e.handle; // expired or replaced: the new entry keeps the key's handle
        return publish(key, cache.get(key, k -> newEntry(k, held))).handle;
    }

    /**
     * Makes an entry Caffeine returned findable by the hot path. The removal listener marks an entry
     * removed before taking it out of {@link #live}, so re-checking {@code removed} after the put leaves
     * no removed entry behind, whichever order the two threads run in.
     */
    private Entry<K> publish(K key, Entry<K> e) {
        live.put(key, e);
        if (e.removed) {
            live.remove(key, e);
        }
        return e;
    }

    /**
     * Reports a use of a live entry to Caffeine (which records the access for idle expiry and the size
     * bound) at most once per {@link #touchIntervalMillis}; false when Caffeine no longer holds this entry.
     */
    private boolean touch(Entry<K> e, K key) {
        long now = clock.millis();
        if (now - e.touchedAt < touchIntervalMillis) {
            return true;
        }
        e.touchedAt = now;
        return cache.getIfPresent(key) == e;
    }

    public void invalidate(K key) {
        cache.invalidate(key);
    }

    public long estimatedSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    public long estimatedSizeNoCleanUp() {
        return cache.estimatedSize();
    }

    public void close() {
        closed = true;
        cache.invalidateAll();
        cache.cleanUp();
        pool.close();
    }

    /**
     * For tests: whether the hot path's map agrees with Caffeine after a clean-up: it holds no removed
     * entry, and each of its entries is the one Caffeine holds for that key.
     */
    boolean liveMatchesCache() {
        cache.cleanUp();
        for (var e : live.entrySet()) {
            if (e.getValue().removed || cache.policy().getIfPresentQuietly(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return live.size() == cache.asMap().size();
    }

    /** For tests: how many entries the hot path's map holds. */
    int liveCount() {
        return live.size();
    }

    /** The pool every entry runs on (for benchmarks and tests). */
    public SharedRefreshPool pool() {
        return pool;
    }

    /** A cached provider and its key's handle. */
    private static final class Entry<K> {
        final AwsCredentialsProvider provider;
        final KeyedCache<K>.Handle handle;
        /** Set by the removal listener before the provider is closed. */
        volatile boolean removed;
        /** When a use through the handle was last reported to Caffeine (clock millis). */
        volatile long touchedAt;

        Entry(AwsCredentialsProvider provider, KeyedCache<K>.Handle handle, long now) {
            this.provider = provider;
            this.handle = handle;
            this.touchedAt = now;
            handle.current = this;
        }
    }

    /** The key's stable handle: uses its live entry's provider directly, looks the key up again once it was removed. */
    private final class Handle implements RefreshableCredentialsProvider {
        private final K key;
        /** The entry this handle last used; set when an entry is created for it or it reloads. */
        volatile Entry<K> current;

        Handle(K key) {
            this.key = key;
        }

        /** The live entry: the current one, reporting the use to Caffeine once per interval, or a reload. */
        private Entry<K> live() {
            if (closed) {
                throw CredentialsConfigurationException.of("KeyedCredentialsProviders is closed (key " + key + ")");
            }
            Entry<K> e = current;
            if (e.removed) {
                return reload();
            }
            return touch(e, key) ? e : reload(); // not held any more: expired in Caffeine's view, or replaced
        }

        /** Looks the key up, creating its provider (with this handle) when it is not cached. */
        private Entry<K> reload() {
            if (closed) {
                throw CredentialsConfigurationException.of("KeyedCredentialsProviders is closed (key " + key + ")");
            }
            Entry<K> e = publish(key, cache.get(key, k -> newEntry(k, this)));
            current = e;
            return e;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            Entry<K> e = live();
            try {
                return e.provider.resolveCredentials();
            } catch (RuntimeException ex) {
                // The provider may have been evicted and closed between lookup and use: retry once.
                if (!closed && e.removed) {
                    return reload().provider.resolveCredentials();
                }
                throw ex;
            }
        }

        @Override
        public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
            Entry<K> e;
            CompletableFuture<? extends AwsCredentialsIdentity> first;
            try {
                e = live();
                first = e.provider.resolveIdentity(request);
            } catch (RuntimeException ex) {
                return CompletableFuture.failedFuture(ex);
            }
            // Like the sync path: when the entry was evicted and closed meanwhile, retry once on the new one.
            return first.<CompletableFuture<AwsCredentialsIdentity>>handle((v, ex) -> {
                if (ex == null) {
                    return CompletableFuture.completedFuture(v);
                }
                if (!closed && e.removed) {
                    try {
                        return reload().provider.resolveIdentity(request).thenApply(x -> (AwsCredentialsIdentity) x);
                    } catch (RuntimeException again) {
                        return CompletableFuture.failedFuture(again);
                    }
                }
                return CompletableFuture.failedFuture(ex);
            }).thenCompose(f -> f);
        }

        /** The provider cached for the key now, without recording an access, or {@code null}. */
        private AwsCredentialsProvider cachedQuietly() {
            Entry<K> e = cache.policy().getIfPresentQuietly(key); // null once expired, even before eviction
            return e == null ? null : e.provider;
        }

        @Override
        public void invalidate(String accessKeyId) {
            AwsCredentialsProvider p = cachedQuietly();
            if (p instanceof RefreshableCredentialsProvider) {
                ((RefreshableCredentialsProvider) p).invalidate(accessKeyId);
            }
        }

        @Override
        public CredentialsHealth health() {
            AwsCredentialsProvider p = cachedQuietly();
            if (p instanceof RefreshableCredentialsProvider) {
                return ((RefreshableCredentialsProvider) p).health();
            }
            return CredentialsHealth.builder().source("keyed:" + key)
                    .state(closed ? CredentialsHealth.State.CLOSED : CredentialsHealth.State.NOT_LOADED).build();
        }

        /** Removes and closes this key's provider; the handle stays usable. */
        @Override
        public void close() {
            cache.invalidate(key);
        }

        @Override
        public String toString() {
            return "KeyedCredentialsProviders.Handle(key=" + key + ")";
        }
    }

}
