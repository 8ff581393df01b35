/**
 * Credentials from a named profile of the shared AWS config and credentials files, including
 * role chains through {@code source_profile} and {@code credential_source}:
 * {@link io.github.tempcreds.core.profile.ProfileChainCredentialsProvider}.
 */
package io.github.tempcreds.core.profile;
