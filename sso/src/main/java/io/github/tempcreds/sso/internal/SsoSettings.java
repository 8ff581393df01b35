package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.internal.SafeText;
import java.net.URI;
import java.util.Objects;

/**
 * The resolved settings of one SSO provider. Immutable and thread-safe; holds no secret.
 * Internal: no compatibility promise.
 */
public final class SsoSettings {
    private final String sessionName;
    private final String startUrl;
    private final String region;
    private final String accountId;
    private final String roleName;
    private final String profileName;
    private final URI portalEndpoint;
    private final URI oidcEndpoint;

    public SsoSettings(String sessionName, String startUrl, String region, String accountId, String roleName,
                       String profileName, URI portalEndpoint, URI oidcEndpoint) {
        this.sessionName = SafeText.requireNoControlCharacter("ssoSession", sessionName);
        this.startUrl = SafeText.requireNoControlCharacter("startUrl", Objects.requireNonNull(startUrl, "startUrl"));
        this.region = SafeText.requireNoControlCharacter("ssoRegion", Objects.requireNonNull(region, "region"));
        this.accountId = SafeText.requireNoControlCharacter("accountId", accountId);
        this.roleName = SafeText.requireNoControlCharacter("roleName", roleName);
        this.profileName = SafeText.requireNoControlCharacter("profile", profileName);
        this.portalEndpoint = portalEndpoint;
        this.oidcEndpoint = oidcEndpoint;
    }

    /** The {@code sso_session} name, or {@code null} for a legacy profile. */
    public String sessionName() {
        return sessionName;
    }

    /** Whether this is a legacy profile (start URL in the profile, no {@code sso_session}). */
    public boolean legacy() {
        return sessionName == null;
    }

    public String startUrl() {
        return startUrl;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public String roleName() {
        return roleName;
    }

    public String profileName() {
        return profileName;
    }

    public URI portalEndpoint() {
        return portalEndpoint;
    }

    public URI oidcEndpoint() {
        return oidcEndpoint;
    }

    /** The cache key source: the session name, or the start URL for legacy profiles. */
    public String cacheKeySource() {
        return legacy() ? startUrl : sessionName;
    }

    /** How messages name the session: {@code sso-session 'x'} or {@code start URL https://…}. */
    public String label() {
        return legacy() ? "start URL " + startUrl : "sso-session '" + sessionName + "'";
    }

    /** The command that logs the person in again. */
    public String loginCommand() {
        if (!legacy()) {
            return "aws sso login --sso-session " + sessionName;
        }
        return profileName != null ? "aws sso login --profile " + profileName : "aws sso login";
    }

    @Override
    public String toString() {
        return (legacy() ? "startUrl=" + startUrl : "ssoSession=" + sessionName + ", startUrl=" + startUrl)
                + ", ssoRegion=" + region + (accountId == null ? "" : ", accountId=" + accountId)
                + (roleName == null ? "" : ", roleName=" + roleName)
                + (profileName == null ? "" : ", profile=" + profileName);
    }
}
