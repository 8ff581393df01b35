/**
 * Implementation of the SSO provider: the token cache file (reading, atomic owner-only writing,
 * cross-process locking), the SSO-OIDC token refresher and the portal loader. Internal: no
 * compatibility promise; use {@link io.github.tempcreds.sso} instead.
 */
package io.github.tempcreds.sso.internal;
