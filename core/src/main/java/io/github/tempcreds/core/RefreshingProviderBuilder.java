package io.github.tempcreds.core;

/**
 * The settings every builder of a refreshing provider shares: how the {@link RefreshingCredentialsProvider}
 * engine inside the provider refreshes, what it reports to, and where it reads the clock.
 *
 * <p>A provider made of several refreshing parts (role chain hops, cache entries) applies each setting to
 * every part unless its builder says otherwise. Each provider's {@code Builder} extends this interface
 * with itself as {@code B}, so the setters chain with the provider's own.
 *
 * <p>Thread safety: builders are not thread-safe.
 *
 * @param <B> the provider's builder type, returned by every setter
 */
public interface RefreshingProviderBuilder<B extends RefreshingProviderBuilder<B>> {
    /**
     * The refresh policy; default {@link RefreshPolicy#defaults()}.
     *
     * @throws NullPointerException when {@code refreshPolicy} is null
     */
    B refreshPolicy(RefreshPolicy refreshPolicy);

    /**
     * The environment (clock, randomness, variables, home directory); default
     * {@link TempcredsEnvironment#system()}.
     *
     * @throws NullPointerException when {@code environment} is null
     */
    B environment(TempcredsEnvironment environment);

    /**
     * Adds a listener of refresh events; default none.
     *
     * @throws NullPointerException when {@code listener} is null
     */
    B addListener(CredentialsListener listener);

    /** Whether a timer refreshes ahead of expiry even with no calls; default {@code false}. */
    B backgroundRefresh(boolean backgroundRefresh);
}
