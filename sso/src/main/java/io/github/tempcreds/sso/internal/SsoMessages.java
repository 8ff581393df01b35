package io.github.tempcreds.sso.internal;

/**
 * Message texts of the SSO provider, as {@link String#format} patterns, so tests can assert them. None
 * takes a secret as an argument. Internal: no compatibility promise.
 */
public final class SsoMessages {
    /** Args: session label, cache file, login command. */
    public static final String NO_CACHED_TOKEN =
            "No cached SSO token for %s (looked for %s). Run `%s` to log in.";
    /** Args: session label, expiry, reason, login command. */
    public static final String EXPIRED_NOT_REFRESHABLE =
            "The cached SSO token for %s expired at %s and cannot be refreshed: %s. Run `%s` to log in again.";
    /** Args: session label, registration expiry, token expiry, login command. */
    public static final String REGISTRATION_EXPIRED =
            "The SSO client registration for %s expired at %s, so the token that expired at %s cannot be "
                    + "refreshed. Run `%s` to log in again.";
    /** Args: session label, error code, login command. */
    public static final String REFRESH_REJECTED =
            "SSO-OIDC rejected the refresh of the token for %s (%s); the session has ended or was revoked. "
                    + "Run `%s` to log in again.";
    /** Args: session label, what failed, token expiry, next attempt. */
    public static final String REFRESH_FAILED =
            "Refreshing the SSO token for %s failed (%s) and the cached token expired at %s. Next attempt after %s.";
    /** Args: session label, login command. */
    public static final String PORTAL_UNAUTHORIZED =
            "The SSO session %s has expired or is otherwise invalid (the portal answered 401 "
                    + "UnauthorizedException). Run `%s` to log in again.";
    /** Args: role, account. */
    public static final String PORTAL_FORBIDDEN =
            "The SSO user has no access to role %s in account %s (the portal answered 403 %s). Check "
                    + "sso_account_id and sso_role_name, or the permission set assignment.";
    /** Args: what failed, role, account. */
    public static final String PORTAL_FAILED = "GetRoleCredentials failed (%s) for role %s in account %s.";
    /** Args: role, account, what happened ({@link SsoClientFailure#text()}). */
    public static final String PORTAL_CLIENT_FAILED = "GetRoleCredentials for role %s in account %s: %s.";
    /** Args: role, account. */
    public static final String PORTAL_MALFORMED =
            "GetRoleCredentials for role %s in account %s answered without complete roleCredentials.";
    /** Args: file, what is wrong, login command. */
    public static final String CACHE_CORRUPT =
            "The SSO token cache file %s %s. It was left unchanged; run `%s` to replace it.";
    /** Args: file, error. */
    public static final String CACHE_UNREADABLE = "Cannot read the SSO token cache file %s: %s.";
    /** Args: file, error. */
    public static final String CACHE_UNWRITABLE = "Cannot write the SSO token cache file %s: %s.";
    /** Log (WARN, once per failure streak): args: file, error, login command. */
    public static final String CACHE_UNWRITABLE_KEPT = "Cannot write the refreshed SSO token to %s (%s); this "
            + "process keeps using the refreshed token and its new refresh token, and writes them as soon as it "
            + "can (tried again on every refresh). Until then other programs (the AWS CLI) see the old token; "
            + "once its refresh token is spent they need `%s`. Check that the directory is writable";
    /** Log (INFO): args: file. */
    public static final String CACHE_WRITTEN_AGAIN = "The refreshed SSO token was written to {} after earlier "
            + "failures";
    /** Log (WARN): args: the message of the rejection. */
    public static final String LOG_REFRESH_REJECTED = "SSO token refresh rejected: {}";
    /** Log (DEBUG): args: session label, new expiry. */
    public static final String LOG_REFRESHED = "Refreshed the SSO token for {}; it expires at {}";
    /** Log (DEBUG): args: session label. */
    public static final String LOG_REFRESHED_ELSEWHERE =
            "The SSO token for {} was refreshed by another process or provider; using it";

    private SsoMessages() {
    }
}
