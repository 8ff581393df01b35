package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.RefreshingProviderBuilder;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The shared state and setters of {@link RefreshingProviderBuilder} implementations: refresh policy,
 * environment, listeners, background refresh, source name and executor.
 *
 * <p>Internal: no compatibility promise; may change in any release. Provider builders extend it
 * ({@code BuilderImpl extends RefreshingProviderBuilderSupport<Builder> implements Builder}); the
 * {@link #sourceName(String)} and {@link #executor(Executor)} setters are public here but a provider
 * exposes them only when its own {@code Builder} interface declares them. The getters are public so the
 * enclosing provider class can read them.
 *
 * <p>Thread safety: not thread-safe, like every builder.
 *
 * @param <B> the provider's builder interface
 */
public abstract class RefreshingProviderBuilderSupport<B extends RefreshingProviderBuilder<B>>
        implements RefreshingProviderBuilder<B> {
    private RefreshPolicy refreshPolicy;
    private TempcredsEnvironment environment = TempcredsEnvironment.system();
    private final List<CredentialsListener> listeners = new ArrayList<>();
    private boolean backgroundRefresh;
    private String sourceName;
    private Executor executor;

    /**
     * Fresh settings.
     *
     * @param defaultSourceName the source name until one is set; may be null (then {@link #sourceName()}
     *        is null)
     * @param defaultRefreshPolicy the refresh policy until one is set; may be null (then the provider
     *        chooses, see {@link #refreshPolicy()})
     */
    protected RefreshingProviderBuilderSupport(String defaultSourceName, RefreshPolicy defaultRefreshPolicy) {
        this.sourceName = defaultSourceName;
        this.refreshPolicy = defaultRefreshPolicy;
    }

    /** A copy of {@code other}'s shared settings (the listener list is copied, the listeners shared). */
    protected RefreshingProviderBuilderSupport(RefreshingProviderBuilderSupport<B> other) {
        this.refreshPolicy = other.refreshPolicy;
        this.environment = other.environment;
        this.listeners.addAll(other.listeners);
        this.backgroundRefresh = other.backgroundRefresh;
        this.sourceName = other.sourceName;
        this.executor = other.executor;
    }

    /** This builder as {@code B}. */
    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    @Override
    public B refreshPolicy(RefreshPolicy refreshPolicy) {
        this.refreshPolicy = Objects.requireNonNull(refreshPolicy, "refreshPolicy");
        return self();
    }

    @Override
    public B environment(TempcredsEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return self();
    }

    @Override
    public B addListener(CredentialsListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    @Override
    public B backgroundRefresh(boolean backgroundRefresh) {
        this.backgroundRefresh = backgroundRefresh;
        return self();
    }

    /**
     * The source name shown in errors, health and logs.
     *
     * @throws NullPointerException when {@code sourceName} is null
     */
    public B sourceName(String sourceName) {
        this.sourceName = SafeText.requireNoControlCharacter("sourceName", Objects.requireNonNull(sourceName, "sourceName"));
        return self();
    }

    /**
     * The executor that runs loads; never shut down by the provider.
     *
     * @throws NullPointerException when {@code executor} is null
     */
    public B executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return self();
    }

    /** The refresh policy set, else the default given to the constructor (possibly null). */
    public final RefreshPolicy refreshPolicy() {
        return refreshPolicy;
    }

    /** The load timeout of {@link #refreshPolicy()}, or of {@link RefreshPolicy#defaults()} when that is null. */
    public final java.time.Duration loadTimeout() {
        return (refreshPolicy != null ? refreshPolicy : RefreshPolicy.defaults()).loadTimeout();
    }

    /** The environment; {@link TempcredsEnvironment#system()} unless set. */
    public final TempcredsEnvironment environment() {
        return environment;
    }

    /** The listeners in the order added; an unmodifiable view. */
    public final List<CredentialsListener> listeners() {
        return Collections.unmodifiableList(listeners);
    }

    /** Whether a timer refreshes with no traffic; {@code false} unless set. */
    public final boolean backgroundRefresh() {
        return backgroundRefresh;
    }

    /** The source name set, else the default given to the constructor (possibly null). */
    public final String sourceName() {
        return sourceName;
    }

    /** The executor set, else null (the engine's own threads). */
    public final Executor executor() {
        return executor;
    }

    /**
     * Applies the refresh policy (when not null), environment, background refresh, listeners and executor
     * (when set) to an engine builder; not the source name, which each provider chooses.
     *
     * @return {@code engine}
     */
    public final RefreshingCredentialsProvider.Builder applyTo(RefreshingCredentialsProvider.Builder engine) {
        if (refreshPolicy != null) {
            engine.refreshPolicy(refreshPolicy);
        }
        engine.environment(environment).backgroundRefresh(backgroundRefresh);
        listeners.forEach(engine::addListener);
        if (executor != null) {
            engine.executor(executor);
        }
        return engine;
    }
}
