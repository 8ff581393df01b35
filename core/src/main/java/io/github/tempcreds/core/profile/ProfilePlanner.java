package io.github.tempcreds.core.profile;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.internal.SafeText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Resolves a profile into a {@link ProfileChainPlan}, following the AWS CLI's rules:
 * <ul>
 *   <li>the resolved profile assumes its {@code role_arn} if it has one (and no
 *       {@code web_identity_token_file}), whatever else it holds;</li>
 *   <li>its {@code source_profile} provides the credentials to assume it with: static keys if that
 *       profile has them (even if it also has a {@code role_arn}); else, if it has a {@code role_arn}, the
 *       chain continues through it; else its web identity, SSO or process configuration;</li>
 *   <li>a profile may name itself as {@code source_profile} when it holds static keys; any other
 *       repeated profile is a cycle;</li>
 *   <li>{@code credential_source} instead names a source outside the files.</li>
 * </ul>
 *
 * <p>Stateless apart from the files given; not thread-safe (one planner per resolution).
 */
final class ProfilePlanner {
    static final String KEY_ROLE_ARN = "role_arn";
    static final String KEY_SOURCE_PROFILE = "source_profile";
    static final String KEY_CREDENTIAL_SOURCE = "credential_source";
    static final String KEY_WEB_IDENTITY_TOKEN_FILE = "web_identity_token_file";
    static final String KEY_ROLE_SESSION_NAME = "role_session_name";
    static final String KEY_EXTERNAL_ID = "external_id";
    static final String KEY_MFA_SERIAL = "mfa_serial";
    static final String KEY_DURATION_SECONDS = "duration_seconds";
    static final String KEY_ACCESS_KEY_ID = "aws_access_key_id";
    static final String KEY_SECRET_ACCESS_KEY = "aws_secret_access_key";
    static final String KEY_SESSION_TOKEN = "aws_session_token";
    static final String KEY_SSO_SESSION = "sso_session";
    static final String KEY_SSO_START_URL = "sso_start_url";
    static final String KEY_CREDENTIAL_PROCESS = "credential_process";
    static final String KEY_REGION = "region";

    static final String UNKNOWN_PROFILE = "Profile %s is not in %s; check the name (AWS_PROFILE or the "
            + "builder's profileName) or add a [profile %s] section";
    static final String UNKNOWN_SOURCE_PROFILE = "Profile %s in %s names source_profile %s, which is not "
            + "in %s";
    static final String CYCLE = "Profile %s in %s has a cycle in source_profile: %s";
    static final String BOTH_SOURCES = "Profile %s in %s has both source_profile and credential_source; "
            + "keep one of the two keys";
    static final String NO_SOURCE = "Profile %s in %s has role_arn but is missing key source_profile or "
            + "credential_source: name where the credentials to assume %s come from";
    static final String BAD_CREDENTIAL_SOURCE = "Profile %s in %s has credential_source %s; the valid "
            + "values are Environment, Ec2InstanceMetadata and EcsContainer";
    static final String MISSING_KEY = "Profile %s in %s is missing key %s (it sets %s)";
    static final String NO_CREDENTIALS = "Profile %s in %s is used as source_profile of %s but holds no "
            + "credentials: add aws_access_key_id/aws_secret_access_key, role_arn, sso_session or "
            + "credential_process";
    static final String NO_CREDENTIALS_TOP = "Profile %s in %s holds no credentials (no role_arn, static "
            + "keys, sso_session, web_identity_token_file or credential_process)";
    static final String BAD_DURATION = "Profile %s in %s has key duration_seconds %s, which is not a "
            + "whole number of seconds (900 to 43200)";
    static final String MISSING_SSO_SESSION = "Profile %s in %s has key sso_session %s, but there is no "
            + "[sso-session %s] section in %s";

    static final String TOO_DEEP = "Profile %s in %s starts a source_profile chain of more than %d profiles "
            + "(stopped at profile %s); real chains are a few profiles long: check the file for a generated or "
            + "runaway chain";
    /** The most profiles one chain may pass through; the AWS CLI's practical chains are far shorter. */
    static final int MAX_CHAIN_PROFILES = 64;

    private final ProfileFiles files;
    private final List<String> visited = new ArrayList<>();

    ProfilePlanner(ProfileFiles files) {
        this.files = files;
    }

    /**
     * Plans the profile.
     *
     * @param explicit whether the profile name was chosen (builder or {@code AWS_PROFILE}) rather than
     *        the implicit {@code default}: an absent explicit profile is a configuration error, an absent
     *        implicit one means "not configured here"
     * @throws CredentialsConfigurationException for any inconsistency, naming the file, profile and key
     * @throws CredentialsNotFoundException when the implicit default profile is absent or empty
     */
    ProfileChainPlan plan(String profile, boolean explicit) {
        if (!files.exists(profile)) {
            String msg = String.format(UNKNOWN_PROFILE, q(profile), files.describeFiles(), sectionName(profile));
            if (explicit) {
                throw CredentialsConfigurationException.newBuilder().source("profile").message(msg).build();
            }
            throw CredentialsNotFoundException.newBuilder().source("profile").message(msg).build();
        }
        visited.add(profile);
        Map<String, String> p = files.properties(profile);
        List<ProfileChainPlan.Hop> hops = new ArrayList<>();
        ProfileChainPlan.Source source;
        if (isAssumeRole(p)) {
            source = planAssume(profile, hops);
        } else {
            source = planNonAssume(profile, null);
            if (source == null) {
                throw CredentialsNotFoundException.newBuilder().source("profile").message(
                        String.format(NO_CREDENTIALS_TOP, q(profile), files.origin(profile, null))).build();
            }
        }
        return new ProfileChainPlan(profile, files.configFile(), files.credentialsFile(), source, hops,
                p.get(KEY_REGION));
    }

    private static boolean isAssumeRole(Map<String, String> p) {
        return p.containsKey(KEY_ROLE_ARN) && !p.containsKey(KEY_WEB_IDENTITY_TOKEN_FILE);
    }

    private static boolean hasStatic(Map<String, String> p) {
        return p.containsKey(KEY_ACCESS_KEY_ID) || p.containsKey(KEY_SECRET_ACCESS_KEY);
    }

    /** Plans the profile's role and everything under it; appends hops deepest first. */
    private ProfileChainPlan.Source planAssume(String name, List<ProfileChainPlan.Hop> hops) {
        Map<String, String> p = files.properties(name);
        String sourceProfile = p.get(KEY_SOURCE_PROFILE);
        String credentialSource = p.get(KEY_CREDENTIAL_SOURCE);
        ProfileChainPlan.Source source;
        if (sourceProfile != null && credentialSource != null) {
            throw config(String.format(BOTH_SOURCES, q(name), files.origin(name, KEY_CREDENTIAL_SOURCE)));
        } else if (sourceProfile == null && credentialSource == null) {
            throw config(String.format(NO_SOURCE, q(name), files.origin(name, KEY_ROLE_ARN), q(p.get(KEY_ROLE_ARN))));
        } else if (credentialSource != null) {
            source = credentialSource(name, credentialSource);
        } else {
            source = planSourceProfile(name, sourceProfile);
            if (source == null) {
                // The source profile assumes a role itself: the chain continues through it.
                source = planAssume(sourceProfile, hops);
            }
        }
        hops.add(hop(name, p));
        return source;
    }

    /** The source a source_profile provides, or null when that profile's own role continues the chain. */
    private ProfileChainPlan.Source planSourceProfile(String parent, String sourceProfile) {
        if (!files.exists(sourceProfile)) {
            throw config(String.format(UNKNOWN_SOURCE_PROFILE, q(parent), files.origin(parent, KEY_SOURCE_PROFILE),
                    q(sourceProfile), files.describeFiles()));
        }
        Map<String, String> sp = files.properties(sourceProfile);
        if (visited.contains(sourceProfile)) {
            if (!(sourceProfile.equals(parent) && hasStatic(sp))) {
                List<String> cycle = new ArrayList<>(visited.subList(visited.indexOf(sourceProfile), visited.size()));
                cycle.add(sourceProfile);
                throw config(String.format(CYCLE, q(parent), files.origin(parent, KEY_SOURCE_PROFILE),
                        String.join(" -> ", cycle)));
            }
            return staticKeys(sourceProfile, sp);
        }
        if (visited.size() >= MAX_CHAIN_PROFILES) {
            String first = visited.get(0);
            throw config(String.format(TOO_DEEP, q(first), files.origin(first, KEY_SOURCE_PROFILE), MAX_CHAIN_PROFILES,
                    q(sourceProfile)));
        }
        visited.add(sourceProfile);
        if (hasStatic(sp)) {
            return staticKeys(sourceProfile, sp);
        }
        if (isAssumeRole(sp)) {
            return null;
        }
        ProfileChainPlan.Source s = planNonAssume(sourceProfile, parent);
        if (s == null) {
            throw config(String.format(NO_CREDENTIALS, q(sourceProfile), files.origin(sourceProfile, null), q(parent)));
        }
        return s;
    }

    /** Web identity, SSO, process or static keys of a profile without an assume-role; null if none. */
    private ProfileChainPlan.Source planNonAssume(String name, String parent) {
        Map<String, String> p = files.properties(name);
        if (p.containsKey(KEY_WEB_IDENTITY_TOKEN_FILE)) {
            if (!p.containsKey(KEY_ROLE_ARN)) {
                throw config(String.format(MISSING_KEY, q(name), files.origin(name, KEY_WEB_IDENTITY_TOKEN_FILE),
                        KEY_ROLE_ARN, KEY_WEB_IDENTITY_TOKEN_FILE));
            }
            return new ProfileChainPlan.Source(ProfileChainPlan.SourceKind.WEB_IDENTITY, name,
                    p.get(KEY_WEB_IDENTITY_TOKEN_FILE), p.get(KEY_ROLE_ARN), p.get(KEY_ROLE_SESSION_NAME), p);
        }
        if (p.containsKey(KEY_SSO_SESSION) || p.containsKey(KEY_SSO_START_URL)) {
            String session = p.get(KEY_SSO_SESSION);
            if (session != null && files.ssoSession(session).isEmpty()) {
                throw config(String.format(MISSING_SSO_SESSION, q(name), files.origin(name, KEY_SSO_SESSION),
                        q(session), sectionName(session), files.configFile()));
            }
            return new ProfileChainPlan.Source(ProfileChainPlan.SourceKind.SSO, name,
                    session != null ? "sso_session " + session : p.get(KEY_SSO_START_URL), null, null, p);
        }
        if (hasStatic(p)) {
            return staticKeys(name, p);
        }
        if (p.containsKey(KEY_CREDENTIAL_PROCESS)) {
            return new ProfileChainPlan.Source(ProfileChainPlan.SourceKind.PROCESS, name,
                    p.get(KEY_CREDENTIAL_PROCESS), null, null, p);
        }
        return null;
    }

    private ProfileChainPlan.Source staticKeys(String name, Map<String, String> p) {
        for (String key : List.of(KEY_ACCESS_KEY_ID, KEY_SECRET_ACCESS_KEY)) {
            if (!p.containsKey(key) || p.get(key).isBlank()) {
                String other = key.equals(KEY_ACCESS_KEY_ID) ? KEY_SECRET_ACCESS_KEY : KEY_ACCESS_KEY_ID;
                throw config(String.format(MISSING_KEY, q(name), files.origin(name, other), key, other));
            }
        }
        return new ProfileChainPlan.Source(ProfileChainPlan.SourceKind.STATIC_KEYS, name,
                p.get(KEY_ACCESS_KEY_ID), null, null, p);
    }

    private ProfileChainPlan.Source credentialSource(String name, String value) {
        ProfileChainPlan.SourceKind kind;
        switch (value.trim()) {
            case "Environment":
                kind = ProfileChainPlan.SourceKind.ENVIRONMENT;
                break;
            case "Ec2InstanceMetadata":
                kind = ProfileChainPlan.SourceKind.EC2_INSTANCE_METADATA;
                break;
            case "EcsContainer":
                kind = ProfileChainPlan.SourceKind.ECS_CONTAINER;
                break;
            default:
                throw config(String.format(BAD_CREDENTIAL_SOURCE, q(name), files.origin(name, KEY_CREDENTIAL_SOURCE),
                        q(value)));
        }
        return new ProfileChainPlan.Source(kind, name, null, null, null, files.properties(name));
    }

    private ProfileChainPlan.Hop hop(String name, Map<String, String> p) {
        Duration duration = null;
        String ds = p.get(KEY_DURATION_SECONDS);
        if (ds != null) {
            try {
                duration = Duration.ofSeconds(Long.parseLong(ds.trim()));
            } catch (NumberFormatException e) {
                throw config(String.format(BAD_DURATION, q(name), files.origin(name, KEY_DURATION_SECONDS), q(ds)));
            }
        }
        return new ProfileChainPlan.Hop(name, p.get(KEY_ROLE_ARN), p.get(KEY_ROLE_SESSION_NAME),
                p.get(KEY_EXTERNAL_ID), p.get(KEY_MFA_SERIAL), duration);
    }

    /** The file that defines a profile's key, for messages of later stages. */
    String origin(String profile, String key) {
        return files.origin(profile, key).toString();
    }

    Map<String, String> ssoSession(String name) {
        return name == null ? Collections.emptyMap() : files.ssoSession(name).orElse(Collections.emptyMap());
    }

    /** A profile name or value for a message: quoted, escaped, cut (it may come from AWS_PROFILE). */
    static String q(String value) {
        return SafeText.quote(value);
    }

    /** The name as it would appear in a section header, or {@code NAME} when it is not printable as is. */
    static String sectionName(String name) {
        return q(name).equals("'" + name + "'") ? name : "NAME";
    }

    private static CredentialsConfigurationException config(String message) {
        return CredentialsConfigurationException.newBuilder().source("profile").message(message).build();
    }
}
