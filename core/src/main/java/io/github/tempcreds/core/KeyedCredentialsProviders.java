package io.github.tempcreds.core;

import io.github.tempcreds.core.internal.KeyedCache;
import io.github.tempcreds.core.internal.SharedRefreshPool;
import java.util.concurrent.Executor;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A bounded cache of credentials providers by key: one role per tenant, one Cognito identity per end
 * user. Each entry is a provider of its own that refreshes ahead on its own; idle entries and entries
 * beyond the maximum size are evicted and closed.
 *
 * <p>{@link #get(Object)} returns a stable handle for the key rather than the cached provider itself:
 * an SDK client built with it keeps working after its entry was evicted (a new provider is created on
 * the handle's next call). {@code get} on a cached key allocates nothing and returns the same handle
 * every time; the handle calls its key's provider directly while that provider is cached. Eviction
 * happens during cache activity ({@code get}, handle calls, {@link #estimatedSize()}); there is no
 * eviction thread.
 *
 * <p>Idle expiry: uses, which are calls through the key's handle ({@code resolveCredentials},
 * {@code resolveIdentity}), are counted at most once per a tenth of {@code expireAfterAccess} (at most
 * once a minute), so a key is evicted between {@code expireAfterAccess} minus that interval and
 * {@code expireAfterAccess} after its last use, and never while it is in steady use. {@code get} alone
 * is not a use.
 *
 * <p>Threads: every provider the factory builds (without an executor of its own) runs on one bounded
 * pool of the cache: loads on at most {@link Builder#refreshThreads(int)} daemon threads named
 * {@code tempcreds-keyed-refresh} (or on {@link Builder#executor(Executor)}), timers and load-timeout
 * watchdogs on one daemon thread {@code tempcreds-keyed-timer}. They start lazily, end when idle, do
 * not grow with the number of keys, and stop when the cache is closed. An evicted provider's
 * {@code close()} never stops them.
 *
 * <p>Time for {@code expireAfterAccess} comes from the environment's clock.
 *
 * <p>Thread-safe. Implemented with Caffeine, which never appears in this API.
 *
 * @param <K> the key type; keys must have value semantics ({@code equals}/{@code hashCode}) and
 *            their {@code toString()} must not be a secret (it appears in health and logs)
 */
public final class KeyedCredentialsProviders<K> implements SdkAutoCloseable {
    /** Default {@link Builder#maximumSize(long)}. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** Default {@link Builder#expireAfterAccess(Duration)}. */
    public static final Duration DEFAULT_EXPIRE_AFTER_ACCESS = Duration.ofHours(1);
    /** Default {@link Builder#refreshThreads(int)}. */
    public static final int DEFAULT_REFRESH_THREADS = SharedRefreshPool.DEFAULT_LOAD_THREADS;

    private final KeyedCache<K> cache;
    private final long maximumSize;
    private final Duration expireAfterAccess;

    private KeyedCredentialsProviders(Builder<K> b) {
        this.maximumSize = b.maximumSize != null ? b.maximumSize : DEFAULT_MAXIMUM_SIZE;
        this.expireAfterAccess = b.expireAfterAccess != null ? b.expireAfterAccess : DEFAULT_EXPIRE_AFTER_ACCESS;
        this.cache = new KeyedCache<>(b.factory, maximumSize, expireAfterAccess, b.environment.clock(),
                new SharedRefreshPool(b.refreshThreads != null ? b.refreshThreads : DEFAULT_REFRESH_THREADS, b.executor));
    }

    /**
     * A builder over a factory that creates the provider for a key (typically a
     * {@link RefreshingCredentialsProvider} or another tempcreds provider). The factory runs at most
     * once at a time per key and must not return {@code null}.
     */
    public static <K> Builder<K> builder(Function<K, ? extends AwsCredentialsProvider> factory) {
        return new Builder<>(factory);
    }

    /**
     * The provider handle for a key; creates the provider when the key is not cached. For a cached key
     * it returns the key's handle without allocating.
     *
     * @throws NullPointerException if the key is {@code null}
     * @throws IllegalStateException after {@link #close()}
     */
    public RefreshableCredentialsProvider get(K key) {
        return cache.handle(Objects.requireNonNull(key, "key"));
    }

    /** Removes and closes the key's provider, if cached. Handles stay valid and create a new one. */
    public void invalidate(K key) {
        cache.invalidate(Objects.requireNonNull(key, "key"));
    }

    /** The approximate number of cached providers, after evicting expired entries. */
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    /**
     * How many providers this cache has evicted so far, because it was full or a key sat idle for
     * {@code expireAfterAccess} (not {@link #invalidate} or {@link #close()}); for metrics.
     */
    public long evictionCount() {
        return cache.evictionCount();
    }

    /**
     * Closes every cached provider and stops the cache's threads (never a user executor); idempotent.
     * Later calls fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        cache.close();
    }

    @Override
    public String toString() {
        return "KeyedCredentialsProviders(maximumSize=" + maximumSize + ", expireAfterAccess=" + expireAfterAccess
                + ", size=" + cache.estimatedSizeNoCleanUp() + ")";
    }

    /**
     * Builder of {@link KeyedCredentialsProviders}. Each setting can be set once. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final Function<K, ? extends AwsCredentialsProvider> factory;
        private Long maximumSize;
        private Duration expireAfterAccess;
        private TempcredsEnvironment environment = TempcredsEnvironment.system();
        private boolean environmentSet;
        private Integer refreshThreads;
        private Executor executor;

        private Builder(Function<K, ? extends AwsCredentialsProvider> factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /**
         * The most providers kept; default 10,000. Beyond that the least useful are
         * evicted and closed.
         *
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException if already set
         */
        public Builder<K> maximumSize(long maximumSize) {
            if (maximumSize < 0) {
                throw new IllegalArgumentException("maximumSize must not be negative, was " + maximumSize);
            }
            if (this.maximumSize != null) {
                throw new IllegalStateException("maximumSize was already set to " + this.maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * How long an entry stays after its last use; default 1 hour.
         *
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException if already set
         */
        public Builder<K> expireAfterAccess(Duration expireAfterAccess) {
            Objects.requireNonNull(expireAfterAccess, "expireAfterAccess");
            if (expireAfterAccess.isNegative() || expireAfterAccess.isZero()) {
                throw new IllegalArgumentException("expireAfterAccess must be positive, was " + expireAfterAccess);
            }
            if (this.expireAfterAccess != null) {
                throw new IllegalStateException("expireAfterAccess was already set to " + this.expireAfterAccess);
            }
            this.expireAfterAccess = expireAfterAccess;
            return this;
        }

        /**
         * The environment whose clock times {@code expireAfterAccess}; default
         * {@link TempcredsEnvironment#system()}.
         *
         * @throws IllegalStateException if already set
         */
        public Builder<K> environment(TempcredsEnvironment environment) {
            Objects.requireNonNull(environment, "environment");
            if (environmentSet) {
                throw new IllegalStateException("environment was already set to " + this.environment);
            }
            this.environment = environment;
            this.environmentSet = true;
            return this;
        }

        /**
         * The most threads loading for all keys together; default 4 ({@link KeyedCredentialsProviders#DEFAULT_REFRESH_THREADS}).
         *
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException if already set
         */
        public Builder<K> refreshThreads(int refreshThreads) {
            if (refreshThreads < 1) {
                throw new IllegalArgumentException("refreshThreads must be positive, was " + refreshThreads);
            }
            if (this.refreshThreads != null) {
                throw new IllegalStateException("refreshThreads was already set to " + this.refreshThreads);
            }
            this.refreshThreads = refreshThreads;
            return this;
        }

        /**
         * Where the loads of every key run instead of the cache's own threads; never shut down by the
         * cache. Timers still run on the cache's one timer thread.
         *
         * @throws IllegalStateException if already set
         */
        public Builder<K> executor(Executor executor) {
            Objects.requireNonNull(executor, "executor");
            if (this.executor != null) {
                throw new IllegalStateException("executor was already set to " + this.executor);
            }
            this.executor = executor;
            return this;
        }

        /** Builds the cache; creates no provider and starts no thread. */
        public KeyedCredentialsProviders<K> build() {
            return new KeyedCredentialsProviders<>(this);
        }
    }
}
