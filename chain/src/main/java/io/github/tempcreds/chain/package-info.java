/**
 * The temporary-only default chain: {@link io.github.tempcreds.chain.TemporaryCredentialsChain#create()}
 * finds the first configured source (environment with a session token, web identity, profile,
 * container, instance metadata) and refuses long-term keys unless asked to allow them.
 */
package io.github.tempcreds.chain;
