/**
 * The refresh-ahead engine and its public types: {@link io.github.tempcreds.core.RefreshingCredentialsProvider}
 * wraps any {@link io.github.tempcreds.core.CredentialsLoader} and never returns expired credentials;
 * {@link io.github.tempcreds.core.RefreshPolicy} sets when it refreshes; errors are
 * {@link io.github.tempcreds.core.CredentialsException}s of four kinds (not found, configuration,
 * retrieval, timeout); {@link io.github.tempcreds.core.CredentialsListener} receives events and
 * {@link io.github.tempcreds.core.CredentialsHealth} reports state. Everything a provider reads from
 * the process (environment, system properties, home directory, clock) comes from a
 * {@link io.github.tempcreds.core.TempcredsEnvironment}, so tests can replace it.
 */
package io.github.tempcreds.core;
