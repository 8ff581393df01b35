/**
 * Role credentials from AWS STS: {@link io.github.tempcreds.core.sts.RoleChainCredentialsProvider}
 * (one or more {@code AssumeRole} hops), {@link io.github.tempcreds.core.sts.WebIdentityCredentialsProvider}
 * ({@code AssumeRoleWithWebIdentity} with a token file) and
 * {@link io.github.tempcreds.core.sts.RoleProviderCache} (one provider per role, for many roles).
 */
package io.github.tempcreds.core.sts;
