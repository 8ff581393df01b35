package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads SSO settings from a profile and its {@code [sso-session NAME]} section, as the AWS CLI v2 does:
 * {@code sso_session} (then {@code sso_start_url}/{@code sso_region} come from the section) or the
 * legacy {@code sso_start_url}/{@code sso_region} in the profile, plus {@code sso_account_id} and
 * {@code sso_role_name}. Internal: no compatibility promise.
 */
public final class SsoProfileSettings {
    private SsoProfileSettings() {
    }

    /**
     * Resolves the settings.
     *
     * @param profileName the profile name, for messages and the login command
     * @param profile the profile's properties
     * @param sessionName the {@code sso_session} value, or {@code null}
     * @param session the session section's properties; empty when the section is missing
     * @param where where the profile came from, for messages (e.g. a file name)
     * @throws CredentialsConfigurationException naming the profile and key when something is missing
     *         or inconsistent
     */
    public static SsoSettings resolve(String profileName, Map<String, String> profile, String sessionName,
                                      Map<String, String> session, String where) {
        String account = require(profile, "sso_account_id", "profile '" + profileName + "'", where);
        String role = require(profile, "sso_role_name", "profile '" + profileName + "'", where);
        if (sessionName == null) {
            String startUrl = require(profile, "sso_start_url", "profile '" + profileName + "'", where);
            String region = require(profile, "sso_region", "profile '" + profileName + "'", where);
            return new SsoSettings(null, startUrl, region, account, role, profileName, null, null);
        }
        if (session.isEmpty()) {
            throw error("Profile '" + profileName + "' in " + where + " names sso_session '" + sessionName
                    + "', but there is no [sso-session " + sessionName + "] section.");
        }
        String what = "[sso-session " + sessionName + "]";
        String startUrl = require(session, "sso_start_url", what, where);
        String region = require(session, "sso_region", what, where);
        conflict(profile, "sso_start_url", startUrl, profileName, what, where);
        conflict(profile, "sso_region", region, profileName, what, where);
        return new SsoSettings(sessionName, startUrl, region, account, role, profileName, null, null);
    }

    private static void conflict(Map<String, String> profile, String key, String sessionValue, String profileName,
                                 String what, String where) {
        String v = profile.get(key);
        if (v != null && !v.isBlank() && !v.trim().equals(sessionValue)) {
            throw error("Profile '" + profileName + "' in " + where + " sets " + key + " = " + v.trim()
                    + ", which differs from " + what + " (" + sessionValue + "). Remove it from the profile.");
        }
    }

    private static String require(Map<String, String> props, String key, String what, String where) {
        return Optional.ofNullable(props.get(key)).map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> error(what + " in " + where + " has no " + key + "; it is required for SSO "
                        + "credentials."));
    }

    private static CredentialsConfigurationException error(String message) {
        return CredentialsConfigurationException.newBuilder().source("sso").message(message).build();
    }
}
