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
 * evictions. {@code closed} is volatile; after it is set, lookups fail.
 */
public final class KeyedCache<K> {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedCache.class);
    /** WARN: provider class, key. */
    static final String CLOSE_FAILED = "Closing evicted credentials provider {} for key {} failed";

    private final Function<K, ? extends AwsCredentialsProvider> factory;
    private final Cache<K, AwsCredentialsProvider> cache;
    private volatile boolean closed;

    /** Creates the cache; the ticker reads the given clock, so tests drive expiry with a manual clock. */
    public KeyedCache(Function<K, ? extends AwsCredentialsProvider> factory, long maximumSize,
                      Duration expireAfterAccess, Clock clock) {
        this.factory = factory;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterAccess(expireAfterAccess)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .removalListener((K key, AwsCredentialsProvider provider, RemovalCause cause) -> closeQuietly(key, provider))
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
        return cache.get(key, k -> Objects.requireNonNull(factory.apply(k),
                () -> "the KeyedCredentialsProviders factory returned null for key " + k));
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
            } catch (CredentialsConfigurationException e) {
                // The provider may have been evicted and closed between lookup and use: retry once.
                if (!closed && cache.policy().getIfPresentQuietly(key) != p) {
                    return current().resolveCredentials();
                }
                throw e;
            }
        }

        @Override
        public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
            try {
                return current().resolveIdentity(request);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
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
