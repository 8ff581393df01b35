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
 * <p>Concurrency: Caffeine makes {@code cache} thread-safe and runs the factory at most once at a
 * time per key. Removal (eviction, invalidation, close) closes the removed provider on the thread
 * that triggered the removal ({@code executor(Runnable::run)}), outside Caffeine's per-key lock for
 * evictions. {@code closed} is volatile; after it is set, lookups fail. Every provider the factory
 * builds (with no executor of its own) runs on the cache's {@link SharedRefreshPool}, closed with the
 * cache, so threads do not grow with keys.
 */
public final class KeyedCache<K> {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedCache.class);
    /** WARN: provider class, key. */
    static final String CLOSE_FAILED = "Closing evicted credentials provider {} for key {} failed";

    private final Function<K, ? extends AwsCredentialsProvider> factory;
    private final Cache<K, AwsCredentialsProvider> cache;
    private final SharedRefreshPool pool;
    private volatile boolean closed;

    /** Creates the cache; the ticker reads the given clock, so tests drive expiry with a manual clock. */
    public KeyedCache(Function<K, ? extends AwsCredentialsProvider> factory, long maximumSize,
                      Duration expireAfterAccess, Clock clock) {
        this(factory, maximumSize, expireAfterAccess, clock, new SharedRefreshPool(SharedRefreshPool.DEFAULT_LOAD_THREADS, null));
    }

    private final java.util.concurrent.atomic.LongAdder evictions = new java.util.concurrent.atomic.LongAdder();

    /** How many providers were evicted (for size or idleness; not invalidations or close). */
    public long evictionCount() {
        return evictions.sum();
    }

    /** Creates the cache over a pool it owns and closes with itself. */
    public KeyedCache(Function<K, ? extends AwsCredentialsProvider> factory, long maximumSize,
                      Duration expireAfterAccess, Clock clock, SharedRefreshPool pool) {
        this.factory = factory;
        this.pool = pool;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterAccess(expireAfterAccess)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .removalListener((K key, AwsCredentialsProvider provider, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                    closeQuietly(key, provider);
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

    private AwsCredentialsProvider provider(K key) {
        if (closed) {
            throw new IllegalStateException("KeyedCredentialsProviders is closed");
        }
        return cache.get(key, k -> SharedRefreshPool.withCurrent(pool, () -> Objects.requireNonNull(factory.apply(k),
                () -> "the KeyedCredentialsProviders factory returned null for key " + k)));
    }

    /** Creates the key's provider if needed and returns the stable handle. */
    public RefreshableCredentialsProvider handle(K key) {
        provider(key);
        return new Handle(key);
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

    /** The pool every entry runs on (for benchmarks and tests). */
    public SharedRefreshPool pool() {
        return pool;
    }

    /** Resolves through the cache on every call, so eviction is invisible to its holder. */
    private final class Handle implements RefreshableCredentialsProvider {
        private final K key;

        Handle(K key) {
            this.key = key;
        }

        private AwsCredentialsProvider current() {
            if (closed) {
                throw CredentialsConfigurationException.of("KeyedCredentialsProviders is closed (key " + key + ")");
            }
            return provider(key);
        }

        @Override
        public AwsCredentials resolveCredentials() {
            AwsCredentialsProvider p = current();
            try {
                return p.resolveCredentials();
            } catch (RuntimeException e) {
                // The provider may have been evicted and closed between lookup and use: retry once.
                if (replaced(p)) {
                    return current().resolveCredentials();
                }
                throw e;
            }
        }

        private boolean replaced(AwsCredentialsProvider p) {
            return !closed && cache.policy().getIfPresentQuietly(key) != p;
        }

        @Override
        public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
            AwsCredentialsProvider p;
            CompletableFuture<? extends AwsCredentialsIdentity> first;
            try {
                p = current();
                first = p.resolveIdentity(request);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            // Like the sync path: when the entry was evicted and closed meanwhile, retry once on the new one.
            return first.<CompletableFuture<AwsCredentialsIdentity>>handle((v, e) -> {
                if (e == null) {
                    return CompletableFuture.completedFuture(v);
                }
                if (replaced(p)) {
                    try {
                        return current().resolveIdentity(request).thenApply(x -> (AwsCredentialsIdentity) x);
                    } catch (RuntimeException again) {
                        return CompletableFuture.failedFuture(again);
                    }
                }
                return CompletableFuture.failedFuture(e);
            }).thenCompose(f -> f);
        }

        @Override
        public void invalidate(String accessKeyId) {
            AwsCredentialsProvider p = cache.policy().getIfPresentQuietly(key);
            if (p instanceof RefreshableCredentialsProvider) {
                ((RefreshableCredentialsProvider) p).invalidate(accessKeyId);
            }
        }

        @Override
        public CredentialsHealth health() {
            AwsCredentialsProvider p = cache.policy().getIfPresentQuietly(key);
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
