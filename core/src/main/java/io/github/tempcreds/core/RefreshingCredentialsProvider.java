package io.github.tempcreds.core;

import io.github.tempcreds.core.internal.DaemonRefreshScheduler;
import io.github.tempcreds.core.internal.RefreshEngine;
import io.github.tempcreds.core.internal.RefreshScheduler;
import io.github.tempcreds.core.internal.RefreshingProviderBuilderSupport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * Caches credentials from a {@link CredentialsLoader} (or any {@link AwsCredentialsProvider}) and
 * refreshes them ahead of expiry, with one promise: it never returns expired credentials.
 *
 * <p>States of the cached value by the clock, as set by the {@link RefreshPolicy}:
 * <ul>
 *   <li><b>fresh</b>: returned at once (one volatile read, one clock read, one compare);</li>
 *   <li><b>advisory</b>: returned at once; one background load starts if none runs and no backoff is
 *       in force;</li>
 *   <li><b>mandatory</b>: callers wait for the one load, at most the load timeout; if it fails, the
 *       old value is returned while it is still usable;</li>
 *   <li><b>unusable</b> (less than {@link RefreshPolicy#minValidity()} left): never returned; the caller
 *       gets a {@link CredentialsException} naming the source, the cause, the old expiration and the
 *       next attempt.</li>
 * </ul>
 * At most one load runs at a time, however many callers. A loaded value that is already unusable
 * counts as a failed load; this check also applies to values from a wrapped SDK provider.
 *
 * <p>Threads: none at {@link Builder#build()}. The first load lazily starts at most two daemon threads
 * named {@code tempcreds-refresh-<sourceName>}, which end when idle (or loads run on the executor set
 * with {@link Builder#executor(Executor)}). {@link #close()} stops them. There is no process-wide pool.
 *
 * <p>Thread safety: thread-safe. {@link #resolveIdentity(ResolveIdentityRequest)} never blocks: when a
 * load is needed, the returned future is completed by that load.
 */
public final class RefreshingCredentialsProvider implements RefreshableCredentialsProvider {
    private final BuilderImpl config;
    private final RefreshEngine engine;

    private RefreshingCredentialsProvider(BuilderImpl b) {
        this.config = new BuilderImpl(b);
        RefreshScheduler scheduler = b.scheduler != null ? b.scheduler
                : new DaemonRefreshScheduler(b.sourceName(), b.executor());
        this.engine = new RefreshEngine(b.sourceName(), b.loader, b.refreshPolicy(), b.environment(), scheduler,
                b.listeners(), b.backgroundRefresh());
    }

    /** A builder; {@link Builder#sourceName(String)} and a loader or delegate are required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * A builder with this provider's settings; the new provider shares the loader but no cached value
     * or thread with this one.
     */
    public Builder toBuilder() {
        return new BuilderImpl(config);
    }

    /**
     * Returns credentials with at least the policy's minimum validity left, loading them when needed.
     *
     * @throws CredentialsException when no usable credentials can be returned: the category of the
     *         source's failure ({@link CredentialsTimeoutException} when the load timed out), or
     *         {@link CredentialsConfigurationException} after {@link #close()}
     */
    @Override
    public AwsCredentials resolveCredentials() {
        return engine.resolve();
    }

    /**
     * Like {@link #resolveCredentials()}, without blocking: fresh and advisory values complete the
     * future at once; otherwise the in-flight load completes it (bounded by the load timeout).
     */
    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        return engine.resolveAsync();
    }

    @Override
    public void invalidate(String accessKeyId) {
        engine.invalidate(accessKeyId);
    }

    @Override
    public CredentialsHealth health() {
        return engine.health();
    }

    /** The source name shown in errors, health and logs. */
    public String sourceName() {
        return config.sourceName();
    }

    /**
     * Stops the background timer and every thread this provider started, and fails callers waiting for
     * a load; idempotent. Does not close the loader or delegate, nor a user-supplied executor.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "RefreshingCredentialsProvider(source=" + config.sourceName() + ", policy=" + config.refreshPolicy()
                + ", backgroundRefresh=" + config.backgroundRefresh() + ")";
    }

    /**
     * Builder of {@link RefreshingCredentialsProvider}. Not thread-safe.
     */
    public interface Builder extends RefreshingProviderBuilder<Builder> {
        /** The source name shown in errors, health, logs and thread names, such as {@code imds}; required. */
        Builder sourceName(String sourceName);

        /** The loader that fetches fresh credentials; this or {@link #delegate} is required. */
        Builder loader(CredentialsLoader loader);

        /**
         * Wraps any provider (including the SDK's own) as the loader: each load calls its
         * {@code resolveCredentials()}, and what it returns is checked like any loaded value. Replaces
         * a loader set earlier.
         */
        Builder delegate(AwsCredentialsProvider delegate);

        /**
         * The executor that runs loads; default the provider's own lazily started daemon threads. A
         * {@link java.util.concurrent.ScheduledExecutorService} also runs the timers. Never shut down
         * by the provider.
         */
        Builder executor(Executor executor);

        /**
         * Builds the provider. No I/O, no thread started.
         *
         * @throws IllegalStateException naming the missing setting when sourceName or the loader is missing
         */
        RefreshingCredentialsProvider build();
    }

    /** Package-private so tests in this package can inject a manual scheduler. */
    static final class BuilderImpl extends RefreshingProviderBuilderSupport<Builder> implements Builder {
        private CredentialsLoader loader;
        private AwsCredentialsProvider delegate;
        private RefreshScheduler scheduler;

        BuilderImpl() {
            super(null, RefreshPolicy.defaults());
        }

        BuilderImpl(BuilderImpl other) {
            super(other);
            this.loader = other.loader;
            this.delegate = other.delegate;
        }

        @Override
        public Builder sourceName(String sourceName) {
            Objects.requireNonNull(sourceName, "sourceName");
            if (sourceName.isBlank()) {
                throw new IllegalArgumentException("sourceName must not be blank");
            }
            return super.sourceName(sourceName);
        }

        @Override
        public Builder loader(CredentialsLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            this.delegate = null;
            return this;
        }

        @Override
        public Builder delegate(AwsCredentialsProvider delegate) {
            Objects.requireNonNull(delegate, "delegate");
            this.delegate = delegate;
            this.loader = delegate::resolveCredentials;
            return this;
        }

        /** Test hook: where loads and timers run. */
        BuilderImpl scheduler(RefreshScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        @Override
        public RefreshingCredentialsProvider build() {
            if (sourceName() == null) {
                throw new IllegalStateException("sourceName is required");
            }
            if (loader == null) {
                throw new IllegalStateException("loader or delegate is required (source " + sourceName() + ")");
            }
            return new RefreshingCredentialsProvider(this);
        }
    }
}
